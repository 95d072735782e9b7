package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class MoneyPropertiesTest {
  /** Currencies with 0, 2 and 3 decimals. */
  @Provide
  Arbitrary<Currency> currencies() {
    return Arbitraries.of("JPY", "KRW", "EUR", "USD", "GBP", "KWD", "BHD", "TND")
        .map(Currency::getInstance);
  }

  @Property
  void decimalStringsRoundTrip(
      @ForAll("currencies") Currency currency, @ForAll @LongRange(min = 0) long minorUnits) {
    Money money = Money.ofMinor(minorUnits, currency);

    String decimal = money.toDecimal().toPlainString();

    assertThat(Money.of(decimal, currency.getCurrencyCode())).isEqualTo(money);
    assertThat(Money.parse(money.toString())).isEqualTo(money);
    assertThat(money.toDecimal().scale()).isEqualTo(currency.getDefaultFractionDigits());
  }

  @Property
  void minorUnitsRoundTrip(
      @ForAll("currencies") Currency currency, @ForAll @LongRange(min = 0) long minorUnits) {
    Money money = Money.ofMinor(minorUnits, currency);

    assertThat(money.minorUnits()).isEqualTo(minorUnits);
    assertThat(Money.of(money.toDecimal(), currency)).isEqualTo(money);
  }

  @Property
  void oneDecimalTooManyIsRejected(
      @ForAll("currencies") Currency currency,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long minorUnits,
      @ForAll @LongRange(min = 1, max = 9) long extraDigit) {
    String decimal = Money.ofMinor(minorUnits, currency).toDecimal().toPlainString();
    String tooPrecise = (decimal.contains(".") ? decimal : decimal + ".") + extraDigit;

    assertThatThrownBy(() -> Money.of(tooPrecise, currency.getCurrencyCode()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith(currency.getCurrencyCode() + " takes");
  }

  @Property
  void plusAndMinusAreInverses(
      @ForAll("currencies") Currency currency,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
    Money x = Money.ofMinor(a, currency);
    Money y = Money.ofMinor(b, currency);

    assertThat(x.plus(y).minus(y)).isEqualTo(x);
    assertThat(x.plus(y)).isEqualTo(y.plus(x));
    assertThat(x.plus(y).minorUnits()).isEqualTo(a + b);
  }

  @Property
  void sumsBeyondLongAreRejected(
      @ForAll("currencies") Currency currency,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long a) {
    Money x = Money.ofMinor(Long.MAX_VALUE - a + 1, currency);

    assertThatThrownBy(() -> x.plus(Money.ofMinor(a, currency)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Property
  void orderingFollowsMinorUnits(
      @ForAll("currencies") Currency currency,
      @ForAll @LongRange(min = 0) long a,
      @ForAll @LongRange(min = 0) long b) {
    Money x = Money.ofMinor(a, currency);
    Money y = Money.ofMinor(b, currency);

    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Long.signum(Long.compare(a, b)));
    assertThat(x.isGreaterThan(y)).isEqualTo(a > b);
    assertThat(x.isLessThan(y)).isEqualTo(a < b);
    assertThat(x.equals(y)).isEqualTo(a == b);
  }

  /** Digits around a separator that is usually a dot, sometimes something else or nothing. */
  @Provide
  Arbitrary<String> amountLike() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMaxLength(21);
    return Combinators.combine(
            digits,
            Arbitraries.of(".", ".", ".", "", "-", "e", " ", ",", "..", "\u0661"),
            Arbitraries.strings().numeric().ofMaxLength(6),
            Arbitraries.of("", "", "", "-", "0", "00"))
        .as((whole, separator, fraction, prefix) -> prefix + whole + separator + fraction);
  }

  @Property(tries = 5000)
  void aStringAmountIsReadExactlyAsItsDecimalWouldBe(
      @ForAll("currencies") Currency currency, @ForAll("amountLike") String amount) {
    if (!amount.matches("[0-9]+(\\.[0-9]+)?")) {
      assertThatThrownBy(() -> Money.of(amount, currency))
          .isInstanceOf(InvalidRequestException.class);
      return;
    }
    Money expected;
    try {
      expected = Money.of(new BigDecimal(amount), currency);
    } catch (InvalidRequestException e) {
      assertThatThrownBy(() -> Money.of(amount, currency))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(e.getMessage());
      return;
    }
    assertThat(Money.of(amount, currency)).isEqualTo(expected);
    assertThat(Money.of(amount, currency.getCurrencyCode())).isEqualTo(expected);
  }
}
