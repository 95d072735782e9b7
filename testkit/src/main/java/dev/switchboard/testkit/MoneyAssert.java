package dev.switchboard.testkit;

import dev.switchboard.payments.Money;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions for {@link Money}, accepting amounts in their printed form.
 *
 * <pre>{@code
 * new MoneyAssert(payment.captured()).isEqualTo("12.34 EUR");
 * new MoneyAssert(total).hasCurrency("EUR").isGreaterThan("10.00 EUR");
 * }</pre>
 */
public final class MoneyAssert extends AbstractAssert<MoneyAssert, Money> {
  public MoneyAssert(Money actual) {
    super(actual, MoneyAssert.class);
  }

  /**
   * Checks the amount against its printed form, such as {@code "12.34 EUR"} or {@code "1500 JPY"}.
   */
  public MoneyAssert isEqualTo(String expected) {
    Money wanted = Money.parse(expected);
    isNotNull();
    if (!actual.equals(wanted)) {
      failWithMessage("Expected money to be <%s> but was <%s>", wanted, actual);
    }
    return this;
  }

  public MoneyAssert hasMinorUnits(long expected) {
    isNotNull();
    if (actual.minorUnits() != expected) {
      failWithMessage(
          "Expected <%s> to have <%s> minor units but had <%s>",
          actual, expected, actual.minorUnits());
    }
    return this;
  }

  /** Checks the ISO currency code, such as {@code "EUR"}. */
  public MoneyAssert hasCurrency(String expectedCode) {
    isNotNull();
    if (!actual.currency().getCurrencyCode().equals(expectedCode)) {
      failWithMessage("Expected <%s> to be in <%s>", actual, expectedCode);
    }
    return this;
  }

  public MoneyAssert isZero() {
    isNotNull();
    if (!actual.isZero()) {
      failWithMessage("Expected zero but was <%s>", actual);
    }
    return this;
  }

  public MoneyAssert isNotZero() {
    isNotNull();
    if (actual.isZero()) {
      failWithMessage("Expected a non-zero amount but was <%s>", actual);
    }
    return this;
  }

  /** Checks that the amount exceeds {@code other}, given in printed form, in the same currency. */
  public MoneyAssert isGreaterThan(String other) {
    Money bound = Money.parse(other);
    isInCurrencyOf(bound);
    if (!actual.isGreaterThan(bound)) {
      failWithMessage("Expected <%s> to be greater than <%s>", actual, bound);
    }
    return this;
  }

  /** Checks that the amount is below {@code other}, given in printed form, in the same currency. */
  public MoneyAssert isLessThan(String other) {
    Money bound = Money.parse(other);
    isInCurrencyOf(bound);
    if (!actual.isLessThan(bound)) {
      failWithMessage("Expected <%s> to be less than <%s>", actual, bound);
    }
    return this;
  }

  private void isInCurrencyOf(Money other) {
    isNotNull();
    if (!actual.currency().equals(other.currency())) {
      failWithMessage("Expected <%s> to be in the currency of <%s>", actual, other);
    }
  }
}
