package dev.switchboard.payments.stripe.internal;

/**
 * Where one call's {@code Request-Id} response header lands: passed to the Retrofit service as a
 * request tag, filled by {@link StripeHeaders}, read by the mapper once the body is parsed.
 */
public final class RequestIdCapture {
  private volatile String requestId;

  void set(String requestId) {
    this.requestId = requestId;
  }

  /** The last answer's {@code Request-Id}, or null when none arrived or it carried none. */
  public String get() {
    return requestId;
  }
}
