package dev.switchboard;

/**
 * The provider certainly did not act on the request: the connection was refused or timed out, DNS
 * or TLS failed before a byte of the request was written, the provider answered 503 before
 * processing, or the circuit breaker or bulkhead refused the call.
 *
 * <p>Safe to retry and to fail over; counts against the breaker.
 */
public class ProviderUnavailableException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public ProviderUnavailableException(String reason, ErrorContext context) {
    this(reason, context, null);
  }

  public ProviderUnavailableException(String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
  }
}
