package dev.switchboard.http;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import com.squareup.moshi.Types;
import com.squareup.moshi.adapters.EnumJsonAdapter;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.Money;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The Moshi every adapter starts from, with adapters for the types vendor JSON needs and Moshi
 * lacks:
 *
 * <ul>
 *   <li>{@link Instant} as ISO-8601 text ({@code 2024-05-01T12:00:00Z}, offsets accepted); as Unix
 *       seconds where the field is annotated {@link EpochSeconds};
 *   <li>{@link BigDecimal} read from a JSON string or number, written as a string (exact, no
 *       exponent), since vendors send amounts both ways and a double would round;
 *   <li>{@link Money} as {@code {"amount": "12.34", "currency": "EUR"}}: the amount a decimal
 *       string in major units, checked against the currency's exponent when read (a vendor's own
 *       shape, such as integer minor units, belongs in that adapter's DTOs and mapper);
 *   <li>enums tolerate values the vendor added later: an enum with a constant named {@code UNKNOWN}
 *       reads any unrecognised value as {@code UNKNOWN}. For another fallback, register Moshi's
 *       adapter yourself: {@code builder().add(Status.class,
 *       EnumJsonAdapter.create(Status.class).withUnknownFallback(Status.OTHER))}.
 * </ul>
 *
 * <p>Unknown JSON fields are ignored (Moshi's default), so a vendor adding a field breaks nothing.
 * DTOs may be public records; a non-generic one is read exactly as Moshi's own record adapter reads
 * it, but without the per-read cost of {@code invokeWithArguments} (writing stays with Moshi's). An
 * adapter for a record type registered with {@code add} still wins; one registered with {@code
 * addLast} after this builder's own does not.
 *
 * <pre>{@code
 * public record ChargeDto(String id, BigDecimal amount, @EpochSeconds Instant created, Status status) {}
 * public enum Status { succeeded, pending, failed, UNKNOWN }
 *
 * Moshi moshi = SwitchboardMoshi.create();
 * Moshi custom = SwitchboardMoshi.builder().add(new AcmeAdapters()).build();
 * }</pre>
 */
public final class SwitchboardMoshi {
  private SwitchboardMoshi() {}

  /** Marks an {@link Instant} field that the vendor sends as Unix seconds (a JSON number). */
  @Documented
  @JsonQualifier
  @Retention(RetentionPolicy.RUNTIME)
  @Target({
    ElementType.FIELD,
    ElementType.METHOD,
    ElementType.PARAMETER,
    ElementType.RECORD_COMPONENT
  })
  public @interface EpochSeconds {}

  /** A builder with the adapters above; add the adapter's own and {@code build()}. */
  public static Moshi.Builder builder() {
    // addLast, so that adapters the caller adds later still win.
    return new Moshi.Builder()
        .addLast(Instant.class, new IsoInstantAdapter().nullSafe())
        .addLast(new EpochSecondsAdapter())
        .addLast(BigDecimal.class, new DecimalAdapter().nullSafe())
        .addLast(Money.class, new MoneyAdapter().nullSafe())
        .addLast(SwitchboardMoshi::unknownFallbackEnum)
        .addLast(new RecordReader());
  }

  /** A Moshi with the adapters above and nothing else. */
  public static Moshi create() {
    return builder().build();
  }

  private static JsonAdapter<?> unknownFallbackEnum(
      Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    Class<?> raw = Types.getRawType(type);
    if (!raw.isEnum()) {
      return null;
    }
    for (Object constant : raw.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals("UNKNOWN")) {
        return fallbackAdapter(raw.asSubclass(Enum.class), constant);
      }
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JsonAdapter<?> fallbackAdapter(Class<? extends Enum> type, Object fallback) {
    return EnumJsonAdapter.create((Class) type).withUnknownFallback((Enum) fallback).nullSafe();
  }

  private static final class IsoInstantAdapter extends JsonAdapter<Instant> {
    @Override
    public Instant fromJson(JsonReader reader) throws IOException {
      String text = reader.nextString();
      try {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
      } catch (DateTimeParseException e) {
        throw new JsonDataException(
            "Expected an ISO-8601 instant but was " + text + " at path " + reader.getPath(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, Instant value) throws IOException {
      writer.value(value.toString());
    }
  }

  /** Unix seconds for {@link EpochSeconds} fields; Moshi finds it by its annotated methods. */
  static final class EpochSecondsAdapter {
    @FromJson
    @EpochSeconds
    Instant fromJson(long seconds) {
      return VendorTimes.epochSeconds("epoch seconds", seconds);
    }

    @ToJson
    long toJson(@EpochSeconds Instant instant) {
      return instant.getEpochSecond();
    }
  }

  private static final class DecimalAdapter extends JsonAdapter<BigDecimal> {
    @Override
    public BigDecimal fromJson(JsonReader reader) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token != JsonReader.Token.STRING && token != JsonReader.Token.NUMBER) {
        throw new JsonDataException(
            "Expected a decimal but was " + token + " at path " + reader.getPath());
      }
      String text = reader.nextString();
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        throw new JsonDataException(
            "Expected a decimal but was " + text + " at path " + reader.getPath(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, BigDecimal value) throws IOException {
      writer.value(value.toPlainString());
    }
  }

  private static final class MoneyAdapter extends JsonAdapter<Money> {
    private static final JsonReader.Options NAMES = JsonReader.Options.of("amount", "currency");

    @Override
    public Money fromJson(JsonReader reader) throws IOException {
      String path = reader.getPath();
      String amount = null;
      String currency = null;
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.selectName(NAMES)) {
          case 0 -> amount = reader.nextString();
          case 1 -> currency = reader.nextString();
          default -> {
            reader.skipName();
            reader.skipValue();
          }
        }
      }
      reader.endObject();
      if (amount == null || currency == null) {
        throw new JsonDataException("Expected money with amount and currency at path " + path);
      }
      try {
        return Money.of(amount.trim(), currency.trim());
      } catch (InvalidRequestException e) {
        throw new JsonDataException("Expected money at path " + path + " but " + e.reason(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, Money value) throws IOException {
      writer.beginObject();
      writer.name("amount").value(value.toDecimal().toPlainString());
      writer.name("currency").value(value.currency().getCurrencyCode());
      writer.endObject();
    }
  }
}
