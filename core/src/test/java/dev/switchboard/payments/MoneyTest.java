package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @ParameterizedTest
  @CsvSource({
    "12.34, EUR, 1234",
    "0, EUR, 0",
    "0.5, EUR, 50",
    "12.340, EUR, 1234",
    "1500, JPY, 1500",
    "1500.0, JPY, 1500",
    "1.234, KWD, 1234",
    "007.10, USD, 710",
    "92233720368547758.07, EUR, 9223372036854775807"
  })
  void parsesPlainDecimalsIntoMinorUnits(String amount, String currency, long minorUnits) {
    Money money = Money.of(amount, currency);

    assertThat(money.minorUnits()).isEqualTo(minorUnits);
    assertThat(money.currency()).isEqualTo(Currency.getInstance(currency));
  }

  @Test
  void printsDecimalAmountWithTheCurrencysScale() {
    assertThat(Money.ofMinor(1234, "EUR")).hasToString("12.34 EUR");
    assertThat(Money.ofMinor(5, "EUR")).hasToString("0.05 EUR");
    assertThat(Money.ofMinor(1500, "JPY")).hasToString("1500 JPY");
    assertThat(Money.ofMinor(1234, "KWD")).hasToString("1.234 KWD");
    assertThat(Money.zero(EUR).toDecimal()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void parsesItsOwnPrintedForm() {
    assertThat(Money.parse("12.34 EUR")).isEqualTo(Money.ofMinor(1234, "EUR"));
    assertThat(Money.parse("1500 JPY")).isEqualTo(Money.ofMinor(1500, "JPY"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.34", "12.34  EUR", "12.34 EUR x", "EUR"})
  void rejectsTextThatIsNotAmountSpaceCurrency(String text) {
    assertThatThrownBy(() -> Money.parse(text))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("such as \"12.34 EUR\"");
  }

  @Test
  void acceptsDecimalAmountsOfTheRightScale() {
    assertThat(Money.of(new BigDecimal("12.3"), EUR)).isEqualTo(Money.ofMinor(1230, EUR));
    assertThat(Money.of("9.99", EUR)).isEqualTo(Money.ofMinor(999, "EUR"));
    assertThat(Money.of(new BigDecimal("1E+3"), EUR).minorUnits()).isEqualTo(100_000);
  }

  @Test
  void rejectsDecimalsForZeroDecimalCurrency() {
    assertThatThrownBy(() -> Money.of("12.5", "JPY"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("JPY takes no decimals, got 12.5")
        .extracting(e -> ((InvalidRequestException) e).field().orElseThrow())
        .isEqualTo("amount");
  }

  @Test
  void rejectsMoreDecimalsThanTheCurrencyHas() {
    assertThatThrownBy(() -> Money.of("12.345", "EUR"))
        .hasMessageStartingWith("EUR takes at most 2 decimals, got 12.345");
    assertThatThrownBy(() -> Money.of("1.2345", "KWD"))
        .hasMessageStartingWith("KWD takes at most 3 decimals, got 1.2345");
    assertThatThrownBy(() -> Money.of(new BigDecimal("0.001"), EUR))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 2 decimals");
  }

  @Test
  void rejectsNegativeAmounts() {
    assertThatThrownBy(() -> Money.of("-1.00", "EUR"))
        .hasMessageStartingWith("amount must not be negative, got -1.00");
    assertThatThrownBy(() -> Money.of(new BigDecimal("-0.01"), EUR))
        .hasMessageStartingWith("amount must not be negative, got -0.01");
    assertThatThrownBy(() -> Money.ofMinor(-1, "EUR"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must not be negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", " 1", "1 ", "+1", "1,00", "1.", ".5", "1.2.3", "abc", "--1", "١"})
  void rejectsMalformedAmounts(String amount) {
    assertThatThrownBy(() -> Money.of(amount, "EUR"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be a plain decimal")
        .hasMessageContaining("\"" + amount + "\"");
  }

  @Test
  void rejectsEmptyAndNullAmounts() {
    assertThatThrownBy(() -> Money.of("", "EUR")).hasMessageStartingWith("amount is empty");
    assertThatThrownBy(() -> Money.of((String) null, "EUR"))
        .hasMessageStartingWith("amount == null");
    assertThatThrownBy(() -> Money.of((BigDecimal) null, EUR))
        .hasMessageStartingWith("amount == null");
    assertThatThrownBy(() -> Money.parse(null)).hasMessageStartingWith("text == null");
  }

  @Test
  void rejectsAmountsBeyondLongMinorUnits() {
    assertThatThrownBy(() -> Money.of("92233720368547758.08", "EUR"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void reportsHugeAndTinyExponentsWithoutOverflowing() {
    assertThatThrownBy(() -> Money.of(new BigDecimal("1E+2147483647"), EUR))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("amount 1E+2147483647 EUR is too large");
    assertThatThrownBy(() -> Money.of(new BigDecimal("1E-2147483647"), EUR))
        .hasMessageStartingWith("EUR takes at most 2 decimals, got 1E-2147483647");
    assertThat(Money.of(new BigDecimal("0E+2147483647"), EUR)).isEqualTo(Money.zero(EUR));
    assertThat(Money.of(new BigDecimal("0E-2147483647"), EUR)).isEqualTo(Money.zero(EUR));
  }

  @Test
  void rejectsSumsBeyondLongMinorUnits() {
    Money max = Money.ofMinor(Long.MAX_VALUE, EUR);

    assertThatThrownBy(() -> max.plus(Money.ofMinor(1, EUR)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("too large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"XXX", "XAU", "XDR", "EURO", "eur", "", "ZZZ"})
  void rejectsUnknownAndPseudoCurrencies(String code) {
    assertThatThrownBy(() -> Money.of("1", code))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown currency \"" + code + "\"")
        .extracting(e -> ((InvalidRequestException) e).field().orElseThrow())
        .isEqualTo("currency");
  }

  @Test
  void rejectsPseudoCurrencyGivenAsCurrency() {
    assertThatThrownBy(() -> Money.ofMinor(1, Currency.getInstance("XAU")))
        .hasMessageContaining("no ISO 4217 minor unit");
    assertThatThrownBy(() -> Money.zero(Currency.getInstance("XXX")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void rejectsNullCurrencies() {
    assertThatThrownBy(() -> Money.of("1", (String) null))
        .hasMessageStartingWith("currencyCode == null");
    assertThatThrownBy(() -> Money.of("1", (Currency) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("currency == null");
    assertThatThrownBy(() -> Money.ofMinor(1, (Currency) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("currency == null");
  }

  @Test
  void addsAndSubtracts() {
    Money a = Money.of("10.00", "EUR");
    Money b = Money.of("2.50", "EUR");

    assertThat(a.plus(b)).isEqualTo(Money.of("12.50", "EUR"));
    assertThat(a.minus(b)).isEqualTo(Money.of("7.50", "EUR"));
    assertThat(a.minus(a).isZero()).isTrue();
  }

  @Test
  void rejectsSubtractionBelowZero() {
    assertThatThrownBy(() -> Money.of("1.00", "EUR").minus(Money.of("1.01", "EUR")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("1.00 EUR minus 1.01 EUR would be negative");
  }

  @Test
  void rejectsMixingCurrenciesNamingBoth() {
    Money eur = Money.of("1.00", "EUR");
    Money usd = Money.of("1.00", "USD");

    assertThatThrownBy(() -> eur.plus(usd))
        .hasMessageStartingWith("currencies differ: EUR and USD");
    assertThatThrownBy(() -> eur.minus(usd))
        .hasMessageStartingWith("currencies differ: EUR and USD");
    assertThatThrownBy(() -> eur.isGreaterThan(usd)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> usd.isLessThan(eur))
        .hasMessageStartingWith("currencies differ: USD and EUR");
    assertThatThrownBy(() -> eur.plus(null)).hasMessageStartingWith("other == null");
  }

  @Test
  void comparesWithinOneCurrency() {
    Money small = Money.of("1.00", "EUR");
    Money large = Money.of("2.00", "EUR");

    assertThat(large.isGreaterThan(small)).isTrue();
    assertThat(small.isLessThan(large)).isTrue();
    assertThat(small.isGreaterThan(small)).isFalse();
    assertThat(small.compareTo(Money.ofMinor(100, EUR))).isZero();
  }

  @Test
  void equalsByMinorUnitsAndCurrency() {
    assertThat(Money.of("1.0", "EUR"))
        .isEqualTo(Money.of("1.00", "EUR"))
        .hasSameHashCodeAs(Money.of("1.00", "EUR"))
        .isNotEqualTo(Money.of("1.00", "USD"))
        .isNotEqualTo(Money.of("1.01", "EUR"));
  }
}
