package dev.switchboard.http;

/**
 * How a vendor's rate-limit reset header counts time.
 *
 * <pre>{@code
 * VendorHttpConfig.builder()...rateLimitReset(RateLimitReset.SECONDS_UNTIL_RESET)
 * }</pre>
 */
public enum RateLimitReset {
  /** The header holds the Unix time, in seconds, at which the window resets (the default). */
  EPOCH_SECONDS,
  /** The header holds the number of seconds from now until the window resets. */
  SECONDS_UNTIL_RESET
}
