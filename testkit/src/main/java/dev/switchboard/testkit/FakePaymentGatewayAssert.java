package dev.switchboard.testkit;

import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundStatus;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions for what a {@link FakePaymentGateway} was asked to do.
 *
 * <pre>{@code
 * new FakePaymentGatewayAssert(payments)
 *     .hasPaymentCount(1)
 *     .hasCharged("12.34 EUR")
 *     .hasRefunded("2.34 EUR");
 * new FakePaymentGatewayAssert(payments).lastPayment().hasStatus(PaymentStatus.SUCCEEDED);
 * }</pre>
 *
 * <p>"Charged" is the money captured over every payment, in the expected amount's currency;
 * "refunded" is the money of every succeeded refund. Declined payments count as payments but charge
 * nothing.
 */
public final class FakePaymentGatewayAssert
    extends AbstractAssert<FakePaymentGatewayAssert, FakePaymentGateway> {
  public FakePaymentGatewayAssert(FakePaymentGateway actual) {
    super(actual, FakePaymentGatewayAssert.class);
  }

  public FakePaymentGatewayAssert hasNoPayments() {
    return hasPaymentCount(0);
  }

  /** Checks how many payments the fake holds, declined ones included. */
  public FakePaymentGatewayAssert hasPaymentCount(int expected) {
    isNotNull();
    List<Payment> payments = actual.payments();
    if (payments.size() != expected) {
      failWithMessage(
          "Expected %s to hold <%s> payments but it held <%s>: %s",
          actual.provider(), expected, payments.size(), payments);
    }
    return this;
  }

  /** Checks the total captured over all payments in {@code expected}'s currency. */
  public FakePaymentGatewayAssert hasCharged(Money expected) {
    isNotNull();
    Money total = Money.zero(expected.currency());
    for (Payment payment : actual.payments()) {
      if (payment.captured().currency().equals(expected.currency())) {
        total = total.plus(payment.captured());
      }
    }
    if (!total.equals(expected)) {
      failWithMessage(
          "Expected %s to have charged <%s> in total but it charged <%s>: %s",
          actual.provider(), expected, total, actual.payments());
    }
    return this;
  }

  /** Like {@link #hasCharged(Money)} with the printed form, such as {@code "12.34 EUR"}. */
  public FakePaymentGatewayAssert hasCharged(String expected) {
    return hasCharged(Money.parse(expected));
  }

  /** Checks the total of succeeded refunds in {@code expected}'s currency. */
  public FakePaymentGatewayAssert hasRefunded(Money expected) {
    isNotNull();
    Money total = Money.zero(expected.currency());
    for (Refund refund : actual.refunds()) {
      if (refund.status() == RefundStatus.SUCCEEDED
          && refund.amount().currency().equals(expected.currency())) {
        total = total.plus(refund.amount());
      }
    }
    if (!total.equals(expected)) {
      failWithMessage(
          "Expected %s to have refunded <%s> in total but it refunded <%s>: %s",
          actual.provider(), expected, total, actual.refunds());
    }
    return this;
  }

  /** Like {@link #hasRefunded(Money)} with the printed form. */
  public FakePaymentGatewayAssert hasRefunded(String expected) {
    return hasRefunded(Money.parse(expected));
  }

  public FakePaymentGatewayAssert hasRefundCount(int expected) {
    isNotNull();
    List<Refund> refunds = actual.refunds();
    if (refunds.size() != expected) {
      failWithMessage(
          "Expected %s to have made <%s> refunds but it made <%s>: %s",
          actual.provider(), expected, refunds.size(), refunds);
    }
    return this;
  }

  public FakePaymentGatewayAssert hasNoRefunds() {
    return hasRefundCount(0);
  }

  /** Assertions on the payment created last; fails when there is none. */
  public PaymentAssert lastPayment() {
    isNotNull();
    List<Payment> payments = actual.payments();
    if (payments.isEmpty()) {
      failWithMessage("Expected %s to hold a payment but it held none", actual.provider());
    }
    return new PaymentAssert(payments.get(payments.size() - 1));
  }

  /** Assertions on the payment with {@code id}; fails when the fake does not hold it. */
  public PaymentAssert payment(PaymentId id) {
    isNotNull();
    Optional<Payment> payment = actual.payment(id);
    if (payment.isEmpty()) {
      failWithMessage(
          "Expected %s to hold payment <%s> but it held only %s",
          actual.provider(), id, actual.payments().stream().map(Payment::id).toList());
    }
    return new PaymentAssert(payment.orElseThrow());
  }
}
