package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.payments.Money;
import org.junit.jupiter.api.Test;

class MoneyAssertTest {
  private static final Money PRICE = Money.of("12.34", "EUR");

  @Test
  void passesForMatchingValues() {
    new MoneyAssert(PRICE)
        .isEqualTo("12.34 EUR")
        .hasMinorUnits(1234)
        .hasCurrency("EUR")
        .isNotZero()
        .isGreaterThan("12.33 EUR")
        .isLessThan("12.35 EUR");
    new MoneyAssert(Money.ofMinor(0, "JPY")).isZero().isEqualTo("0 JPY");
  }

  @Test
  void failsWithBothAmountsWhenNotEqual() {
    assertThatThrownBy(() -> new MoneyAssert(PRICE).isEqualTo("12.35 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected money to be <12.35 EUR> but was <12.34 EUR>");
  }

  @Test
  void failsOnMinorUnitsCurrencyAndZero() {
    assertThatThrownBy(() -> new MoneyAssert(PRICE).hasMinorUnits(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have <1> minor units but had <1234>");
    assertThatThrownBy(() -> new MoneyAssert(PRICE).hasCurrency("USD"))
        .hasMessageContaining("Expected <12.34 EUR> to be in <USD>");
    assertThatThrownBy(() -> new MoneyAssert(PRICE).isZero())
        .hasMessageContaining("Expected zero but was <12.34 EUR>");
    assertThatThrownBy(() -> new MoneyAssert(Money.ofMinor(0, "EUR")).isNotZero())
        .hasMessageContaining("Expected a non-zero amount but was <0.00 EUR>");
  }

  @Test
  void failsOnOrderingAndOnCurrencyMismatch() {
    assertThatThrownBy(() -> new MoneyAssert(PRICE).isGreaterThan("12.34 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected <12.34 EUR> to be greater than <12.34 EUR>");
    assertThatThrownBy(() -> new MoneyAssert(PRICE).isLessThan("1.00 EUR"))
        .hasMessageContaining("to be less than <1.00 EUR>");
    assertThatThrownBy(() -> new MoneyAssert(PRICE).isLessThan("100.00 USD"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be in the currency of <100.00 USD>");
  }

  @Test
  void failsOnNull() {
    assertThatThrownBy(() -> new MoneyAssert(null).isEqualTo("1.00 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }
}
