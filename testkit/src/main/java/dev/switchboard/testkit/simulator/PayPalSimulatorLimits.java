package dev.switchboard.testkit.simulator;

import java.util.Map;

/**
 * The limits {@link PayPalSimulator} holds an order's purchase unit to, as PayPal's Orders v2
 * reference documents them. The testkit cannot depend on the PayPal adapter, so these are the
 * simulator's own copy of the adapter's {@code PayPalLimits}; a test in the adapter's module checks
 * that both agree.
 *
 * <pre>{@code
 * PayPalSimulatorLimits.MAX_DESCRIPTION_LENGTH;   // 127
 * }</pre>
 */
public final class PayPalSimulatorLimits {
  /** The longest {@code description}. */
  public static final int MAX_DESCRIPTION_LENGTH = 127;

  /** The longest {@code reference_id}. */
  public static final int MAX_REFERENCE_ID_LENGTH = 256;

  /** The longest {@code custom_id}. */
  public static final int MAX_CUSTOM_ID_LENGTH = 127;

  /** The longest {@code soft_descriptor}. */
  public static final int MAX_SOFT_DESCRIPTOR_LENGTH = 22;

  /** The longest {@code amount.value}. */
  public static final int MAX_VALUE_LENGTH = 32;

  /** The most digits before the decimal point of {@code amount.value}. */
  public static final int MAX_INTEGER_DIGITS = 15;

  private static final Map<String, Integer> STRINGS =
      Map.of(
          "description", MAX_DESCRIPTION_LENGTH,
          "reference_id", MAX_REFERENCE_ID_LENGTH,
          "custom_id", MAX_CUSTOM_ID_LENGTH,
          "soft_descriptor", MAX_SOFT_DESCRIPTOR_LENGTH);

  private PayPalSimulatorLimits() {}

  /** The purchase unit's first string field over its limit, or null when none is. */
  static String tooLong(Map<String, Object> unit) {
    for (Map.Entry<String, Integer> limit : STRINGS.entrySet()) {
      if (unit.get(limit.getKey()) instanceof String s
          && s.codePointCount(0, s.length()) > limit.getValue()) {
        return limit.getKey();
      }
    }
    return null;
  }

  /** Whether an amount's value (digits, an optional fraction) is longer than PayPal takes. */
  static boolean valueTooLong(String value) {
    int point = value.indexOf('.');
    int digits = point < 0 ? value.length() : point;
    return value.length() > MAX_VALUE_LENGTH || digits > MAX_INTEGER_DIGITS;
  }
}
