package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.InvalidRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money: a whole number of the currency's minor units (cents, pence, yen) and an ISO
 * 4217 currency. Exact, never a floating-point number, never negative.
 *
 * <p>A currency's number of decimals is its ISO 4217 exponent ({@link
 * Currency#getDefaultFractionDigits()}): 2 for EUR, 0 for JPY, 3 for KWD. Codes without a minor
 * unit (XXX, XAU, XDR and the like) are not money a provider can charge and are rejected as unknown
 * currencies. Adapters convert to each vendor's wire form from {@link #minorUnits()} or {@link
 * #toDecimal()}.
 *
 * <pre>{@code
 * Money price = Money.of("12.34", "EUR");       // 1234 minor units
 * Money yen = Money.ofMinor(1500, "JPY");       // 1500 JPY
 * Money total = price.plus(Money.of("0.66", "EUR")); // 13.00 EUR
 * }</pre>
 *
 * <p>Amounts are compared only within one currency: comparing or adding EUR to USD throws {@link
 * InvalidRequestException}.
 */
public final class Money implements Comparable<Money> {
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private final long minorUnits;
  private final Currency currency;

  private Money(long minorUnits, Currency currency) {
    this.minorUnits = minorUnits;
    this.currency = currency;
  }

  /**
   * Parses a plain decimal amount such as {@code "12.34"} or {@code "1500"}.
   *
   * <p>Trailing zeros beyond the currency's decimals are accepted ({@code "12.340"} EUR is 12.34
   * EUR); any other extra decimal is rejected rather than rounded. Signs, exponents, spaces and
   * grouping separators are rejected.
   *
   * @throws InvalidRequestException naming {@code amount} or {@code currency}
   */
  public static Money of(String amount, String currencyCode) {
    return of(amount, currency(currencyCode));
  }

  /** Like {@link #of(String, String)} with a {@link Currency}. */
  public static Money of(String amount, Currency currency) {
    long minorUnits = plainMinorUnits(amount, checkCurrency(currency));
    return minorUnits >= 0 ? new Money(minorUnits, currency) : of(parseAmount(amount), currency);
  }

  /**
   * The minor units of a plain decimal ({@code [0-9]+(\.[0-9]+)?}) that fits the currency's
   * decimals exactly and has at most 18 significant digits, read without a {@link BigDecimal}; -1
   * for anything else, which {@link #parseAmount} and {@link #of(BigDecimal, Currency)} then accept
   * or reject with the reason.
   */
  private static long plainMinorUnits(String amount, int decimals) {
    if (amount == null) {
      return -1;
    }
    int length = amount.length();
    long units = 0;
    int i = 0;
    int whole = 0;
    for (; i < length && amount.charAt(i) != '.'; i++, whole++) {
      int digit = amount.charAt(i) - '0';
      if (digit < 0 || digit > 9 || whole + decimals >= 18) {
        return -1;
      }
      units = units * 10 + digit;
    }
    if (whole == 0 || i == length - 1) {
      return -1; // empty, ".5" or "12."
    }
    int fraction = 0;
    for (i++; i < length; i++) {
      int digit = amount.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      if (fraction < decimals) {
        units = units * 10 + digit;
        fraction++;
      } else if (digit != 0) {
        return -1; // more decimals than the currency takes
      }
    }
    for (; fraction < decimals; fraction++) {
      units *= 10;
    }
    return units;
  }

  /**
   * The given decimal amount; it must fit the currency's decimals exactly.
   *
   * @throws InvalidRequestException if the amount is negative, has more decimals than the currency
   *     allows, or exceeds {@link Long#MAX_VALUE} minor units
   */
  public static Money of(BigDecimal amount, Currency currency) {
    int decimals = checkCurrency(currency);
    Objects.requireNonNull(amount, "amount == null");
    if (amount.signum() < 0) {
      throw invalidField("amount", "amount must not be negative, got " + amount);
    }
    if (amount.signum() == 0) {
      return new Money(0, currency);
    }
    // Compared before scaling, so that huge exponents are reported as too large, not overflowed.
    if (amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE, decimals)) > 0) {
      throw invalidField(
          "amount",
          "amount "
              + amount
              + " "
              + currency.getCurrencyCode()
              + " is too large: more than "
              + Long.MAX_VALUE
              + " minor units");
    }
    try {
      return new Money(
          amount.movePointRight(decimals).setScale(0, RoundingMode.UNNECESSARY).longValueExact(),
          currency);
    } catch (ArithmeticException e) {
      throw invalidField("amount", tooManyDecimals(currency, decimals, amount));
    }
  }

  /** {@code minorUnits} of the currency's smallest unit: {@code ofMinor(1234, "EUR")} is 12.34. */
  public static Money ofMinor(long minorUnits, String currencyCode) {
    return ofMinor(minorUnits, currency(currencyCode));
  }

  /** Like {@link #ofMinor(long, String)} with a {@link Currency}. */
  public static Money ofMinor(long minorUnits, Currency currency) {
    checkCurrency(currency);
    if (minorUnits < 0) {
      throw invalidField(
          "amount", "amount must not be negative, got " + minorUnits + " minor units");
    }
    return new Money(minorUnits, currency);
  }

  /** Nothing, in the given currency. */
  public static Money zero(Currency currency) {
    return ofMinor(0, currency);
  }

  /**
   * Parses the form {@link #toString()} prints, such as {@code "12.34 EUR"} or {@code "1500 JPY"}.
   */
  public static Money parse(String text) {
    Objects.requireNonNull(text, "text == null");
    int space = text.indexOf(' ');
    if (space < 0 || space != text.lastIndexOf(' ')) {
      throw invalidField(
          "amount",
          "expected an amount and a currency code such as \"12.34 EUR\", got \"" + text + "\"");
    }
    return of(text.substring(0, space), text.substring(space + 1));
  }

  /** The amount in the currency's smallest unit. */
  public long minorUnits() {
    return minorUnits;
  }

  public Currency currency() {
    return currency;
  }

  /** The amount as a decimal whose scale is the currency's number of decimals: 12.34, 1500. */
  public BigDecimal toDecimal() {
    return BigDecimal.valueOf(minorUnits, currency.getDefaultFractionDigits());
  }

  /**
   * The sum of both amounts.
   *
   * @throws InvalidRequestException if the currencies differ or the sum overflows
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    try {
      return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    } catch (ArithmeticException e) {
      throw invalidField("amount", "the sum of " + this + " and " + other + " is too large");
    }
  }

  /**
   * This amount less {@code other}.
   *
   * @throws InvalidRequestException if the currencies differ or the result would be negative
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    if (other.minorUnits > minorUnits) {
      throw invalidField("amount", this + " minus " + other + " would be negative");
    }
    return new Money(minorUnits - other.minorUnits, currency);
  }

  public boolean isZero() {
    return minorUnits == 0;
  }

  /** Whether this is more than {@code other}; both must be in one currency. */
  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /** Whether this is less than {@code other}; both must be in one currency. */
  public boolean isLessThan(Money other) {
    return compareTo(other) < 0;
  }

  /**
   * Orders amounts of one currency by size.
   *
   * @throws InvalidRequestException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(minorUnits, other.minorUnits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money other
        && minorUnits == other.minorUnits
        && currency.equals(other.currency);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(minorUnits) * 31 + currency.hashCode();
  }

  /** The decimal amount and the currency code, such as {@code 12.34 EUR} or {@code 1500 JPY}. */
  @Override
  public String toString() {
    return toDecimal().toPlainString() + " " + currency.getCurrencyCode();
  }

  private void requireSameCurrency(Money other) {
    Objects.requireNonNull(other, "other == null");
    if (!currency.equals(other.currency)) {
      throw invalidField(
          "currency",
          "currencies differ: "
              + currency.getCurrencyCode()
              + " and "
              + other.currency.getCurrencyCode());
    }
  }

  private static Currency currency(String code) {
    Objects.requireNonNull(code, "currencyCode == null");
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw invalidField("currency", "unknown currency \"" + code + "\"");
    }
    checkCurrency(currency);
    return currency;
  }

  /** Returns the currency's number of decimals, rejecting codes that have none. */
  private static int checkCurrency(Currency currency) {
    Objects.requireNonNull(currency, "currency == null");
    int decimals = currency.getDefaultFractionDigits();
    if (decimals < 0) {
      throw invalidField(
          "currency",
          "unknown currency \""
              + currency.getCurrencyCode()
              + "\": it has no ISO 4217 minor unit, so it is not money a provider can charge");
    }
    return decimals;
  }

  private static BigDecimal parseAmount(String amount) {
    Objects.requireNonNull(amount, "amount == null");
    if (amount.isEmpty()) {
      throw invalidField("amount", "amount is empty");
    }
    if (amount.startsWith("-") && PLAIN_DECIMAL.matcher(amount.substring(1)).matches()) {
      throw invalidField("amount", "amount must not be negative, got " + amount);
    }
    if (!PLAIN_DECIMAL.matcher(amount).matches()) {
      throw invalidField(
          "amount",
          "amount must be a plain decimal such as \"12.34\" (digits, at most one dot; no sign,"
              + " exponent, spaces or separators), got \""
              + amount
              + "\"");
    }
    return new BigDecimal(amount);
  }

  private static String tooManyDecimals(Currency currency, int decimals, BigDecimal amount) {
    String code = currency.getCurrencyCode();
    String allowed =
        decimals == 0
            ? "takes no decimals"
            : "takes at most " + decimals + (decimals == 1 ? " decimal" : " decimals");
    return code + " " + allowed + ", got " + amount;
  }
}
