package dev.switchboard;

/**
 * The object the call names does not exist at the provider (a payment id, a blob key).
 *
 * <p>Not retried, not counted against the breaker, not failed over.
 */
public class NotFoundException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String reason, ErrorContext context) {
    this(reason, context, null);
  }

  public NotFoundException(String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
  }
}
