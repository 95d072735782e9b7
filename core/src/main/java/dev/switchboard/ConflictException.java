package dev.switchboard;

/**
 * The request conflicts with the state the provider holds: an idempotency key reused with different
 * parameters, or a create-if-absent write whose key already exists.
 *
 * <p>A kind of {@link InvalidRequestException}: sending it again unchanged cannot succeed, so it is
 * not retried, not counted against the breaker, and not failed over.
 */
public class ConflictException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String reason, ErrorContext context) {
    super(reason, context, null, null);
  }

  public ConflictException(String reason, ErrorContext context, String field, Throwable cause) {
    super(reason, context, field, cause);
  }
}
