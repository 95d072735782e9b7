package dev.switchboard;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider throttled the call (HTTP 429 or its equivalent).
 *
 * <p>Retried on the same provider after {@link #retryAfter()} when the provider gave a hint; not
 * counted against the breaker (the provider is healthy, only busy); may fail over. A {@link
 * Scope#PROVIDER provider-wide} limit holds the provider for every caller until the hint; a {@link
 * Scope#REQUEST} one concerns only the object the request touched, and holds nothing.
 */
public class RateLimitedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  /** What the vendor throttled. */
  public enum Scope {
    /** The account or the endpoint: every call to the provider would meet it. */
    PROVIDER,
    /**
     * One object, locked by another request (a vendor's lock timeout): other requests are not
     * affected, so the provider is not held.
     */
    REQUEST
  }

  private final Duration retryAfter;
  private final Scope scope;

  public RateLimitedException(String reason, ErrorContext context, Duration retryAfter) {
    this(reason, context, retryAfter, null);
  }

  public RateLimitedException(
      String reason, ErrorContext context, Duration retryAfter, Throwable cause) {
    this(reason, context, retryAfter, cause, Scope.PROVIDER);
  }

  /**
   * @param scope what the vendor throttled; null is {@link Scope#PROVIDER}
   */
  public RateLimitedException(
      String reason, ErrorContext context, Duration retryAfter, Throwable cause, Scope scope) {
    super(reason, context, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter < 0: " + retryAfter);
    }
    this.retryAfter = retryAfter;
    this.scope = scope == null ? Scope.PROVIDER : scope;
  }

  /** What the vendor throttled: the whole provider (the default) or one request's object. */
  public Scope scope() {
    return scope;
  }

  /** How long the provider asked callers to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
