package dev.switchboard.state.redis.internal;

import java.time.Duration;

/** The Redis TTL that backs an expiry kept on the store's clock. */
final class RedisTtl {
  private RedisTtl() {}

  /**
   * Twice {@code retention}, in milliseconds. Expiry is decided on the store's clock; Redis's TTL
   * only cleans up, so it must never fire first, even when the application's clock runs behind
   * Redis's or a record is read long after it was written.
   */
  static long beyond(Duration retention) {
    return retention.multipliedBy(2).toMillis();
  }
}
