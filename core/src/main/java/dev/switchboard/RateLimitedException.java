package dev.switchboard;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider throttled the call (HTTP 429 or its equivalent).
 *
 * <p>Retried on the same provider after {@link #retryAfter()} when the provider gave a hint; not
 * counted against the breaker (the provider is healthy, only busy); may fail over.
 */
public class RateLimitedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitedException(String reason, ErrorContext context, Duration retryAfter) {
    this(reason, context, retryAfter, null);
  }

  public RateLimitedException(
      String reason, ErrorContext context, Duration retryAfter, Throwable cause) {
    super(reason, context, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter < 0: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked callers to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
