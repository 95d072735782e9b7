package dev.switchboard;

import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider made a definite business decision not to take the money: the card was declined, the
 * funds were insufficient, the instrument was refused.
 *
 * <p>Not retried, not counted against the breaker (the provider works; the card does not), and by
 * default not failed over: the customer's bank said no, and asking again elsewhere is a decision
 * for the application. {@link #failure()} holds the neutral code and the vendor's own code.
 */
public class PaymentDeclinedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final transient PaymentFailure failure;
  private final transient PaymentId paymentId;

  public PaymentDeclinedException(ErrorContext context, PaymentFailure failure) {
    this(context, failure, null, null);
  }

  public PaymentDeclinedException(
      ErrorContext context, PaymentFailure failure, PaymentId paymentId, Throwable cause) {
    super(
        "payment declined: " + Objects.requireNonNull(failure, "failure == null").describe(),
        context,
        cause);
    this.failure = failure;
    this.paymentId = paymentId;
  }

  /** Why the payment was declined, neutral and as the vendor said it. */
  public PaymentFailure failure() {
    return failure;
  }

  /** The declined payment, when the provider created one before declining. */
  public Optional<PaymentId> paymentId() {
    return Optional.ofNullable(paymentId);
  }
}
