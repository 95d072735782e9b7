package dev.switchboard.testkit;

import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentStatus;
import java.net.URI;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions for a {@link Payment}; amounts may be given as {@link Money} or in printed
 * form.
 *
 * <pre>{@code
 * new PaymentAssert(payment)
 *     .hasStatus(PaymentStatus.SUCCEEDED)
 *     .hasAmount("12.34 EUR")
 *     .hasCaptured("12.34 EUR")
 *     .hasRefunded("0.00 EUR");
 * }</pre>
 */
public final class PaymentAssert extends AbstractAssert<PaymentAssert, Payment> {
  public PaymentAssert(Payment actual) {
    super(actual, PaymentAssert.class);
  }

  public PaymentAssert hasStatus(PaymentStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage(
          "Expected payment %s to have status <%s> but was <%s>%s",
          actual.id(), expected, actual.status(), failureSuffix());
    }
    return this;
  }

  public PaymentAssert hasAmount(Money expected) {
    return hasMoney("amount", actual == null ? null : actual.amount(), expected);
  }

  /** Like {@link #hasAmount(Money)} with the printed form, such as {@code "12.34 EUR"}. */
  public PaymentAssert hasAmount(String expected) {
    return hasAmount(Money.parse(expected));
  }

  public PaymentAssert hasCaptured(Money expected) {
    return hasMoney("captured", actual == null ? null : actual.captured(), expected);
  }

  /** Like {@link #hasCaptured(Money)} with the printed form. */
  public PaymentAssert hasCaptured(String expected) {
    return hasCaptured(Money.parse(expected));
  }

  public PaymentAssert hasRefunded(Money expected) {
    return hasMoney("refunded", actual == null ? null : actual.refunded(), expected);
  }

  /** Like {@link #hasRefunded(Money)} with the printed form. */
  public PaymentAssert hasRefunded(String expected) {
    return hasRefunded(Money.parse(expected));
  }

  /** Checks that the payment waits for the buyer, at any next-action URL. */
  public PaymentAssert requiresAction() {
    hasStatus(PaymentStatus.REQUIRES_ACTION);
    if (actual.nextActionUrl().isEmpty()) {
      failWithMessage("Expected payment %s to name a next-action URL but it had none", actual.id());
    }
    return this;
  }

  /** Checks that the payment waits for the buyer at {@code expected}. */
  public PaymentAssert requiresActionAt(URI expected) {
    requiresAction();
    URI url = actual.nextActionUrl().orElseThrow();
    if (!url.equals(expected)) {
      failWithMessage(
          "Expected payment %s to require action at <%s> but it was <%s>",
          actual.id(), expected, url);
    }
    return this;
  }

  /** Checks that the payment failed with the neutral {@code expected} code. */
  public PaymentAssert hasFailureCode(FailureCode expected) {
    isNotNull();
    FailureCode code = actual.failure().map(PaymentFailure::code).orElse(null);
    if (code != expected) {
      failWithMessage(
          "Expected payment %s to have failure code <%s> but %s",
          actual.id(), expected, code == null ? "it had no failure" : "it was <" + code + ">");
    }
    return this;
  }

  public PaymentAssert hasMetadataEntry(String key, String value) {
    isNotNull();
    if (!Objects.equals(actual.metadata().get(key), value)) {
      failWithMessage(
          "Expected payment %s to have metadata <%s=%s> but it had <%s>",
          actual.id(), key, value, actual.metadata());
    }
    return this;
  }

  private PaymentAssert hasMoney(String what, Money value, Money expected) {
    isNotNull();
    if (!value.equals(expected)) {
      failWithMessage(
          "Expected payment %s to have %s <%s> but it was <%s>",
          actual.id(), what, expected, value);
    }
    return this;
  }

  private String failureSuffix() {
    return actual.failure().map(f -> " (" + f.describe() + ")").orElse("");
  }
}
