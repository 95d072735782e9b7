package dev.switchboard.http;

import com.squareup.moshi.JsonDataException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reads the times a vendor's answer states, so that a value no clock can hold ends as Moshi's
 * {@link JsonDataException}, which {@link HttpExecutor} reports as an "unparseable success body"
 * ({@code OutcomeUnknownException}), never as a {@code java.time} or arithmetic error escaping the
 * taxonomy.
 *
 * <pre>{@code
 * Instant created = VendorTimes.epochSeconds("payment_intent pi_123 created", dto.created());
 * }</pre>
 */
public final class VendorTimes {
  private static final int NANO_DIGITS = 9;
  private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
  private static final BigDecimal MAX_SECONDS_EXCLUSIVE =
      BigDecimal.valueOf(Instant.MAX.getEpochSecond()).add(BigDecimal.ONE);

  private VendorTimes() {}

  /**
   * The instant a time stated as Unix seconds stands for (a JSON number: integer, fraction or
   * exponent), its fraction kept to the nanosecond and anything finer floored. Takes any number a
   * JSON parser hands over ({@code Long}, {@code Double}, {@code BigDecimal}, ...).
   *
   * @param field what the value is, named in the failure
   * @throws JsonDataException naming {@code field} when the value is absent, not a finite number,
   *     or beyond the range of {@link Instant}
   */
  public static Instant epochSeconds(String field, Number seconds) {
    return epochSeconds(() -> field, seconds);
  }

  /**
   * {@link #epochSeconds(String, Number)} with the field's name built only when the value is
   * refused, for a caller whose name for the field is built per answer (such as one naming the
   * object's id).
   *
   * @throws JsonDataException naming {@code field.get()} as described there
   */
  public static Instant epochSeconds(Supplier<String> field, Number seconds) {
    if (isWholeInRange(seconds)) {
      return Instant.ofEpochSecond(seconds.longValue());
    }
    if (seconds == null) {
      throw new JsonDataException(field.get() + " is missing");
    }
    BigDecimal exact;
    try {
      exact = seconds instanceof BigDecimal decimal ? decimal : new BigDecimal(seconds.toString());
    } catch (NumberFormatException e) {
      throw new JsonDataException(field.get() + " is not a finite number: " + seconds);
    }
    // compareTo decides by the exponent first, so even 1E+999999999 is refused without being
    // expanded.
    if (exact.compareTo(MIN_SECONDS) < 0 || exact.compareTo(MAX_SECONDS_EXCLUSIVE) >= 0) {
      throw new JsonDataException(
          field.get() + " is " + seconds + " s, beyond the range of any clock");
    }
    if (exact.precision() - exact.scale() < -NANO_DIGITS) {
      // Smaller than a nanosecond: rescaling such a value (1E-999999999) would take forever.
      return exact.signum() < 0 ? Instant.EPOCH.minusNanos(1) : Instant.EPOCH;
    }
    BigDecimal nanos = exact.setScale(NANO_DIGITS, RoundingMode.FLOOR);
    BigDecimal whole = nanos.setScale(0, RoundingMode.FLOOR);
    return Instant.ofEpochSecond(
        whole.longValueExact(), nanos.subtract(whole).movePointRight(NANO_DIGITS).longValueExact());
  }

  /** A whole number of seconds that any clock can hold: what vendors almost always send. */
  private static boolean isWholeInRange(Number seconds) {
    if (!(seconds instanceof Long || seconds instanceof Integer)) {
      return false;
    }
    long whole = seconds.longValue();
    return whole >= Instant.MIN.getEpochSecond() && whole <= Instant.MAX.getEpochSecond();
  }
}
