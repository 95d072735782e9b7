package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;

/**
 * A vendor's quota as one instance last saw it in the vendor's {@code X-RateLimit-*} headers.
 *
 * @param limit the calls allowed per window
 * @param remaining the calls left in the window when observed
 * @param resetAt when the window ends
 * @param observedAt when the headers were read
 */
public record QuotaSnapshot(long limit, long remaining, Instant resetAt, Instant observedAt) {
  public QuotaSnapshot {
    if (limit < 0 || remaining < 0) {
      throw InvalidRequestException.invalidField(
          "remaining", "quota counts must be >= 0, were " + limit + " and " + remaining);
    }
    if (resetAt == null || observedAt == null) {
      throw InvalidRequestException.invalidField("resetAt", "quota times must not be null");
    }
  }
}
