package dev.switchboard;

/**
 * The request may have been acted on, and nobody can say whether it was: a read timeout after the
 * request was written, a reset connection, a 5xx, an unparseable success body.
 *
 * <p>Retried on the same provider only with the same idempotency key ({@link #idempotencyKey()}),
 * which makes a repeat harmless. Counts against the breaker. A payment in this state is
 * <b>never</b> sent to another provider: that could charge the customer twice. Email fails over
 * only when configured to (the risk is a duplicate message); storage writes may fail over, since
 * they are idempotent.
 */
public class OutcomeUnknownException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(String reason, ErrorContext context) {
    this(reason, context, null);
  }

  public OutcomeUnknownException(String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
  }
}
