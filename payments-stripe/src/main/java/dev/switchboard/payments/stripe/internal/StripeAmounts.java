package dev.switchboard.payments.stripe.internal;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.Money;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Converts between {@link Money} (ISO 4217 minor units) and Stripe's integer {@code amount}, which
 * follows Stripe's own table rather than ISO 4217 (https://docs.stripe.com/currencies):
 *
 * <ul>
 *   <li>zero-decimal (BIF, CLP, DJF, GNF, JPY, KMF, KRW, MGA, PYG, RWF, VND, VUV, XAF, XOF, XPF):
 *       whole units. MGA has two decimals in ISO 4217, so only whole ariary can be charged;
 *   <li>ISK and UGX: zero-decimal in practice, but sent as two-decimal integers whose last two
 *       digits are {@code 00} (5 ISK is {@code 500});
 *   <li>three-decimal (BHD, JOD, KWD, OMR, TND): thousandths, with a last digit of {@code 0};
 *   <li>every other currency, HUF and TWD included: two decimals (HUF and TWD are zero-decimal only
 *       for payouts). A currency with three ISO decimals that Stripe treats as two-decimal (IQD,
 *       LYD) can be charged only in whole hundredths.
 * </ul>
 */
public final class StripeAmounts {
  private static final Set<String> ZERO_DECIMAL =
      Set.of(
          "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF",
          "XOF", "XPF");
  private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  private StripeAmounts() {}

  /** How many decimals Stripe's integer amounts carry for the currency. */
  public static int stripeDecimals(Currency currency) {
    String code = currency.getCurrencyCode();
    if (ZERO_DECIMAL.contains(code)) {
      return 0;
    }
    return THREE_DECIMAL.contains(code) ? 3 : 2;
  }

  /**
   * Stripe's integer amount for {@code money}.
   *
   * @param field the request field to name when Stripe cannot take the amount
   * @throws InvalidRequestException naming {@code field} if the amount has a fraction Stripe cannot
   *     charge in that currency, or is too large
   */
  public static long toStripe(Money money, String field) {
    Currency currency = money.currency();
    int iso = currency.getDefaultFractionDigits();
    int stripe = stripeDecimals(currency);
    long amount;
    if (stripe >= iso) {
      try {
        amount = Math.multiplyExact(money.minorUnits(), pow10(stripe - iso));
      } catch (ArithmeticException e) {
        throw InvalidRequestException.invalidField(field, money + " is too large for Stripe");
      }
    } else {
      long divisor = pow10(iso - stripe);
      if (money.minorUnits() % divisor != 0) {
        throw InvalidRequestException.invalidField(
            field,
            "Stripe takes "
                + currency.getCurrencyCode()
                + " with "
                + stripe
                + " decimals, so "
                + money
                + " cannot be charged");
      }
      amount = money.minorUnits() / divisor;
    }
    if (stripe == 3 && amount % 10 != 0) {
      throw InvalidRequestException.invalidField(
          field,
          "Stripe requires the last digit of a "
              + currency.getCurrencyCode()
              + " amount to be 0, so "
              + money
              + " cannot be charged");
    }
    return amount;
  }

  /**
   * The {@link Money} for Stripe's integer amount in Stripe's lower-case currency code.
   *
   * @throws JsonDataException if the currency is unknown, the amount negative, or not a whole
   *     number of the currency's ISO minor units
   */
  public static Money fromStripe(long amount, String currencyCode) {
    Currency currency;
    try {
      currency = Money.zero(Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT))).currency();
    } catch (IllegalArgumentException | InvalidRequestException e) {
      throw new JsonDataException("unknown currency " + currencyCode);
    }
    int iso = currency.getDefaultFractionDigits();
    int stripe = stripeDecimals(currency);
    long minor;
    if (iso >= stripe) {
      try {
        minor = Math.multiplyExact(amount, pow10(iso - stripe));
      } catch (ArithmeticException e) {
        throw new JsonDataException("amount " + amount + " " + currencyCode + " is too large");
      }
    } else {
      long divisor = pow10(stripe - iso);
      if (amount % divisor != 0) {
        throw new JsonDataException(
            "amount " + amount + " " + currencyCode + " is not a whole number of minor units");
      }
      minor = amount / divisor;
    }
    try {
      return Money.ofMinor(minor, currency);
    } catch (InvalidRequestException e) {
      throw new JsonDataException("amount " + amount + " " + currencyCode + ": " + e.reason());
    }
  }

  private static long pow10(int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= 10;
    }
    return result;
  }
}
