package dev.switchboard.payments.stripe;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.stripe.internal.StripeAmounts;
import dev.switchboard.payments.stripe.internal.StripeMapper;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The limits Stripe documents for a PaymentIntent, declared once: {@link StripePaymentGateway}
 * checks a charge against them before sending it ({@link StripePaymentGateway#check}), and a
 * failover composite leaves Stripe out of a charge that breaks them.
 *
 * <table>
 *   <caption>Stripe's limits</caption>
 *   <tr><th>field</th><th>limit</th><th>source</th></tr>
 *   <tr><td>{@code description}</td><td>{@value #MAX_DESCRIPTION_LENGTH} characters</td>
 *       <td>API reference, PaymentIntent create ({@code maxLength} in the OpenAPI spec)</td></tr>
 *   <tr><td>{@code amount}</td><td>{@value #MAX_AMOUNT} of Stripe's minor units (8 digits);
 *       IDR {@value #MAX_AMOUNT_IDR} (12 digits)</td>
 *       <td>"Supported currencies", minimum and maximum charge amounts</td></tr>
 *   <tr><td>{@code statement_descriptor_suffix}</td>
 *       <td>{@value #MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH} characters (prefix and suffix
 *       together)</td><td>API reference</td></tr>
 *   <tr><td>{@code metadata}</td><td>{@value #MAX_METADATA_KEYS} keys (the customer reference
 *       is one), keys up to {@value #MAX_METADATA_KEY_LENGTH} characters without {@code [ ]} or
 *       line breaks, values up to {@value #MAX_METADATA_VALUE_LENGTH}</td>
 *       <td>API reference, "Metadata"</td></tr>
 *   <tr><td>the PaymentMethod token</td><td>no whitespace or control characters</td>
 *       <td>Stripe ids are {@code pm_} and letters and digits</td></tr>
 * </table>
 *
 * <pre>{@code
 * StripeLimits.check(request, "stripe")
 *     .ifPresent(e -> log.info("Stripe would refuse this charge: {}", e.getMessage()));
 * }</pre>
 *
 * <p>The testkit's {@code StripeSimulator} keeps its own copy of these numbers (the testkit cannot
 * depend on an adapter); a test in this module checks that the two agree.
 */
public final class StripeLimits {
  /** The longest {@code description}, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  /** The largest {@code amount}, in Stripe's minor units, for every currency but IDR. */
  public static final long MAX_AMOUNT = 99_999_999L;

  /** The largest {@code amount} in IDR, in Stripe's minor units (hundredths of a rupiah). */
  public static final long MAX_AMOUNT_IDR = 999_999_999_999L;

  /** The longest {@code statement_descriptor_suffix}, in characters. */
  public static final int MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH = 22;

  /** The most metadata keys on one object. */
  public static final int MAX_METADATA_KEYS = 50;

  /** The longest metadata key, in characters. */
  public static final int MAX_METADATA_KEY_LENGTH = 40;

  /** The longest metadata value, in characters. */
  public static final int MAX_METADATA_VALUE_LENGTH = 500;

  private static final Map<String, Long> MAX_AMOUNT_BY_CURRENCY = Map.of("IDR", MAX_AMOUNT_IDR);

  private StripeLimits() {}

  /** The largest {@code amount} Stripe takes in the currency, in Stripe's minor units. */
  public static long maxAmount(Currency currency) {
    return MAX_AMOUNT_BY_CURRENCY.getOrDefault(currency.getCurrencyCode(), MAX_AMOUNT);
  }

  /**
   * What Stripe would refuse in the charge, found without asking Stripe.
   *
   * @param provider the provider's name, which the message names and the source's token is read by
   * @return empty when the charge keeps to every limit, else the refusal for the first field that
   *     does not, naming the field, the limit and the provider
   */
  public static Optional<InvalidRequestException> check(ChargeRequest request, String provider) {
    String tooLarge = amount(request.amount(), provider);
    if (tooLarge != null) {
      return refusal("amount", tooLarge);
    }
    try {
      StripeAmounts.toStripe(request.amount(), "amount");
    } catch (InvalidRequestException e) {
      return Optional.of(e);
    }
    Optional<String> description = request.description();
    if (description.isPresent()) {
      int length = length(description.get());
      if (length > MAX_DESCRIPTION_LENGTH) {
        return refusal(
            "description",
            "description is "
                + grouped(length)
                + " characters; "
                + provider
                + " allows at most "
                + grouped(MAX_DESCRIPTION_LENGTH));
      }
    }
    Optional<String> suffix = request.statementDescriptor();
    if (suffix.isPresent() && length(suffix.get()) > MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH) {
      return refusal(
          "statementDescriptor",
          "statementDescriptor is "
              + length(suffix.get())
              + " characters; "
              + provider
              + " allows at most "
              + MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH);
    }
    Optional<InvalidRequestException> metadata = metadata(request, provider);
    if (metadata.isPresent()) {
      return metadata;
    }
    Optional<String> token = request.source().tokenFor(provider);
    if (token.isPresent() && !plainToken(token.get())) {
      return refusal(
          "source",
          "the " + provider + " token holds a line break or space; " + provider + " allows none");
    }
    return Optional.empty();
  }

  private static String amount(Money amount, String provider) {
    Currency currency = amount.currency();
    BigDecimal units = amount.toDecimal().movePointRight(StripeAmounts.stripeDecimals(currency));
    long max = maxAmount(currency);
    if (units.compareTo(BigDecimal.valueOf(max)) <= 0) {
      return null;
    }
    return "amount is "
        + String.format(Locale.ROOT, "%,d", units.toBigInteger())
        + " in Stripe's minor units of "
        + currency.getCurrencyCode()
        + "; "
        + provider
        + " allows at most "
        + grouped(max);
  }

  private static Optional<InvalidRequestException> metadata(
      ChargeRequest request, String provider) {
    Map<String, String> metadata = request.metadata();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
        return refusal(
            "metadata",
            "metadata key " + quoted(key) + " holds '[' or ']'; " + provider + " allows neither");
      }
      if (hasLineBreak(key)) {
        return refusal(
            "metadata",
            "metadata key " + quoted(key) + " holds a line break; " + provider + " allows none");
      }
      if (length(key) > MAX_METADATA_KEY_LENGTH) {
        return refusal(
            "metadata",
            "metadata key "
                + quoted(key)
                + " is "
                + length(key)
                + " characters; "
                + provider
                + " allows at most "
                + MAX_METADATA_KEY_LENGTH);
      }
      if (length(entry.getValue()) > MAX_METADATA_VALUE_LENGTH) {
        return refusal(
            "metadata",
            "metadata value of "
                + quoted(key)
                + " is "
                + length(entry.getValue())
                + " characters; "
                + provider
                + " allows at most "
                + MAX_METADATA_VALUE_LENGTH);
      }
    }
    int keys = metadata.size();
    Optional<String> reference = request.customerReference();
    if (reference.isPresent()) {
      String value = reference.get();
      if (hasLineBreak(value)) {
        return refusal(
            "customerReference",
            "customerReference holds a line break; " + provider + " allows none");
      }
      if (length(value) > MAX_METADATA_VALUE_LENGTH) {
        return refusal(
            "customerReference",
            "customerReference is "
                + length(value)
                + " characters; "
                + provider
                + " allows at most "
                + MAX_METADATA_VALUE_LENGTH
                + " (a metadata value)");
      }
      if (!metadata.containsKey(StripeMapper.CUSTOMER_REFERENCE_KEY)) {
        keys++;
      }
    }
    if (keys > MAX_METADATA_KEYS) {
      return refusal(
          "metadata",
          "metadata has "
              + keys
              + " keys with "
              + StripeMapper.CUSTOMER_REFERENCE_KEY
              + "; "
              + provider
              + " allows at most "
              + MAX_METADATA_KEYS);
    }
    return Optional.empty();
  }

  private static Optional<InvalidRequestException> refusal(String field, String reason) {
    return Optional.of(InvalidRequestException.invalidField(field, reason));
  }

  /** Characters as Stripe counts them: code points, not UTF-16 units. */
  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private static boolean plainToken(String token) {
    // Char by char: no whitespace or control character lies outside the BMP, and a surrogate is
    // neither, so this is the test by code point without a stream per charge.
    int length = token.length();
    for (int i = 0; i < length; i++) {
      char c = token.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return false;
      }
    }
    return length > 0;
  }

  private static String quoted(String key) {
    return "\"" + key.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
