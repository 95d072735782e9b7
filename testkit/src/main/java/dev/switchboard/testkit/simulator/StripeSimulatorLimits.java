package dev.switchboard.testkit.simulator;

import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The limits {@link StripeSimulator} holds a PaymentIntent's parameters to, as Stripe documents
 * them: the description, the amount for its currency, the statement descriptor suffix and the
 * metadata. The testkit cannot depend on the Stripe adapter, so these are the simulator's own copy
 * of the adapter's {@code StripeLimits}; a test in the adapter's module checks that both agree.
 *
 * <pre>{@code
 * StripeSimulatorLimits.maxAmount("idr");   // 999999999999
 * }</pre>
 */
public final class StripeSimulatorLimits {
  /** The longest {@code description}, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  /** The largest {@code amount} for every currency but IDR. */
  public static final long MAX_AMOUNT = 99_999_999L;

  /** The largest {@code amount} in IDR. */
  public static final long MAX_AMOUNT_IDR = 999_999_999_999L;

  /** The longest {@code statement_descriptor_suffix}, in characters. */
  public static final int MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH = 22;

  /** The most metadata keys. */
  public static final int MAX_METADATA_KEYS = 50;

  /** The longest metadata key, in characters. */
  public static final int MAX_METADATA_KEY_LENGTH = 40;

  /** The longest metadata value, in characters. */
  public static final int MAX_METADATA_VALUE_LENGTH = 500;

  private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");
  private static final Set<String> HUNDREDS_ONLY = Set.of("isk", "ugx");

  /** A parameter Stripe would refuse: its name, Stripe's error code and message. */
  record Refusal(String param, String code, String message) {}

  private StripeSimulatorLimits() {}

  /** The largest {@code amount} in the currency, given as Stripe writes it ({@code "usd"}). */
  public static long maxAmount(String currency) {
    return "idr".equals(currency) ? MAX_AMOUNT_IDR : MAX_AMOUNT;
  }

  /** Stripe's refusal of a positive amount in a known currency, or null when it takes it. */
  static Refusal amount(long amount, String currency) {
    if (amount > maxAmount(currency)) {
      return new Refusal(
          "amount",
          "amount_too_large",
          "Amount must be no more than "
              + maxAmount(currency)
              + " "
              + currency
              + " in the smallest currency unit.");
    }
    if (HUNDREDS_ONLY.contains(currency) && amount % 100 != 0) {
      return new Refusal(
          "amount",
          "parameter_invalid_integer",
          "Invalid amount. Currency "
              + currency.toUpperCase(Locale.ROOT)
              + " has become effectively zero-decimal and charged amounts must be evenly divisible"
              + " by 100.");
    }
    if (THREE_DECIMAL.contains(currency) && amount % 10 != 0) {
      return new Refusal(
          "amount",
          "parameter_invalid_integer",
          "Invalid amount. The last digit of a three-decimal amount must be 0.");
    }
    return null;
  }

  /** Stripe's refusal of a PaymentIntent's strings and metadata, or null when it takes them. */
  static Refusal strings(Map<String, String> params) {
    String description = params.get("description");
    if (description != null && length(description) > MAX_DESCRIPTION_LENGTH) {
      return tooLong("description", MAX_DESCRIPTION_LENGTH);
    }
    String suffix = params.get("statement_descriptor_suffix");
    if (suffix != null && length(suffix) > MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH) {
      return tooLong("statement_descriptor_suffix", MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH);
    }
    int keys = 0;
    for (Map.Entry<String, String> entry : params.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith("metadata[") || !name.endsWith("]")) {
        continue;
      }
      keys++;
      String key = name.substring("metadata[".length(), name.length() - 1);
      if (key.isEmpty()
          || length(key) > MAX_METADATA_KEY_LENGTH
          || key.indexOf('[') >= 0
          || key.indexOf(']') >= 0
          || key.indexOf('\r') >= 0
          || key.indexOf('\n') >= 0) {
        return new Refusal(
            name,
            "parameter_invalid_string",
            "Invalid metadata key: keys must be 1 to "
                + MAX_METADATA_KEY_LENGTH
                + " characters, without square brackets or line breaks.");
      }
      if (length(entry.getValue()) > MAX_METADATA_VALUE_LENGTH) {
        return tooLong(name, MAX_METADATA_VALUE_LENGTH);
      }
    }
    if (keys > MAX_METADATA_KEYS) {
      return new Refusal(
          "metadata",
          "parameter_invalid_string",
          "Invalid metadata: metadata can have up to " + MAX_METADATA_KEYS + " keys.");
    }
    return null;
  }

  /** Whether Stripe knows the currency, written in lower case as Stripe writes it. */
  static boolean isCurrency(String code) {
    if (!code.equals(code.toLowerCase(Locale.ROOT)) || code.length() != 3) {
      return false;
    }
    try {
      Currency.getInstance(code.toUpperCase(Locale.ROOT));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Refusal tooLong(String param, int max) {
    return new Refusal(
        param,
        "parameter_invalid_string",
        "Invalid string: must be at most " + max + " characters.");
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
