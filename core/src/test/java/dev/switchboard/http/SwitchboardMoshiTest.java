package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.adapters.EnumJsonAdapter;
import dev.switchboard.http.SwitchboardMoshi.EpochSeconds;
import dev.switchboard.payments.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SwitchboardMoshiTest {
  private final Moshi moshi = SwitchboardMoshi.create();

  public enum Status {
    @Json(name = "succeeded")
    SUCCEEDED,
    @Json(name = "pending")
    PENDING,
    UNKNOWN
  }

  public enum Strict {
    ONE
  }

  public enum Other {
    A,
    OTHER
  }

  public record Event(
      String id,
      Instant occurred,
      @EpochSeconds Instant created,
      BigDecimal amount,
      Status status) {}

  @Test
  void readsAndWritesMoneyAsADecimalAmountAndACurrency() throws IOException {
    JsonAdapter<Money> adapter = moshi.adapter(Money.class);

    assertThat(adapter.toJson(Money.of("12.30", "EUR")))
        .isEqualTo("{\"amount\":\"12.30\",\"currency\":\"EUR\"}");
    assertThat(adapter.toJson(Money.ofMinor(500, "JPY")))
        .isEqualTo("{\"amount\":\"500\",\"currency\":\"JPY\"}");
    assertThat(adapter.fromJson("{\"currency\":\"EUR\",\"amount\":\"12.3\",\"extra\":1}"))
        .isEqualTo(Money.of("12.30", "EUR"));
  }

  @Test
  void moneyThatBreaksTheCurrencysRulesIsUnparseable() {
    JsonAdapter<Money> adapter = moshi.adapter(Money.class);

    assertThatThrownBy(() -> adapter.fromJson("{\"amount\":\"1.5\",\"currency\":\"JPY\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("JPY");
    assertThatThrownBy(() -> adapter.fromJson("{\"amount\":\"1.50\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("amount and currency");
  }

  @Test
  void readsAndWritesIsoInstantsAcceptingOffsets() throws IOException {
    JsonAdapter<Instant> adapter = moshi.adapter(Instant.class);

    assertThat(adapter.fromJson("\"2024-05-01T12:00:00Z\""))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(adapter.fromJson("\"2024-05-01T14:00:00.5+02:00\""))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.500Z"));
    assertThat(adapter.toJson(Instant.parse("2024-05-01T12:00:00Z")))
        .isEqualTo("\"2024-05-01T12:00:00Z\"");
    assertThat(adapter.fromJson("null")).isNull();
    assertThatThrownBy(() -> adapter.fromJson("\"yesterday\""))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void readsEpochSecondsWhereTheFieldIsQualified() throws IOException {
    Event event =
        moshi
            .adapter(Event.class)
            .fromJson(
                "{\"id\":\"ev_1\",\"occurred\":\"2024-05-01T12:00:00Z\",\"created\":1714564800,"
                    + "\"amount\":\"12.34\",\"status\":\"succeeded\"}");

    assertThat(event.created()).isEqualTo(Instant.ofEpochSecond(1714564800));
    assertThat(event.occurred()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(moshi.adapter(Event.class).toJson(event)).contains("\"created\":1714564800");
  }

  @Test
  void epochSecondsBeyondAnyClockAreUnparseableNotADateTimeError() {
    assertThatThrownBy(
            () ->
                moshi
                    .adapter(Event.class)
                    .fromJson("{\"id\":\"ev_2\",\"created\":99999999999999999}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("beyond the range of any clock");
  }

  @Test
  void readsANullEpochSecondsFieldAsNull() throws IOException {
    Event event = moshi.adapter(Event.class).fromJson("{\"id\":\"ev_3\",\"created\":null}");

    assertThat(event.created()).isNull();
  }

  @Test
  void readsDecimalsFromStringsOrNumbersAndWritesStrings() throws IOException {
    JsonAdapter<BigDecimal> adapter = moshi.adapter(BigDecimal.class);

    assertThat(adapter.fromJson("\"12.30\"")).isEqualTo(new BigDecimal("12.30"));
    assertThat(adapter.fromJson("12.30")).isEqualTo(new BigDecimal("12.30"));
    assertThat(adapter.fromJson("0.1")).isEqualTo(new BigDecimal("0.1"));
    assertThat(adapter.toJson(new BigDecimal("1E+3"))).isEqualTo("\"1000\"");
    assertThatThrownBy(() -> adapter.fromJson("\"ten\"")).isInstanceOf(JsonDataException.class);
    assertThatThrownBy(() -> adapter.fromJson("true")).isInstanceOf(JsonDataException.class);
  }

  @Test
  void readsUnknownEnumValuesAsUnknownWhenTheEnumHasIt() throws IOException {
    JsonAdapter<Status> adapter = moshi.adapter(Status.class);

    assertThat(adapter.fromJson("\"succeeded\"")).isEqualTo(Status.SUCCEEDED);
    assertThat(adapter.fromJson("\"requires_capture\"")).isEqualTo(Status.UNKNOWN);
    assertThat(adapter.fromJson("null")).isNull();
    assertThat(adapter.toJson(Status.PENDING)).isEqualTo("\"pending\"");
  }

  @Test
  void enumsWithoutUnknownStayStrictUnlessGivenAFallback() {
    assertThatThrownBy(() -> moshi.adapter(Strict.class).fromJson("\"TWO\""))
        .isInstanceOf(JsonDataException.class);
  }

  @Test
  void adaptersAddedLaterWinOverThePresets() throws IOException {
    Moshi custom =
        SwitchboardMoshi.builder()
            .add(Other.class, EnumJsonAdapter.create(Other.class).withUnknownFallback(Other.OTHER))
            .add(
                Status.class,
                EnumJsonAdapter.create(Status.class).withUnknownFallback(Status.PENDING))
            .build();

    assertThat(custom.adapter(Other.class).fromJson("\"Z\"")).isEqualTo(Other.OTHER);
    assertThat(custom.adapter(Status.class).fromJson("\"Z\"")).isEqualTo(Status.PENDING);
  }

  @Test
  void ignoresUnknownFields() throws IOException {
    Event event =
        moshi
            .adapter(Event.class)
            .fromJson("{\"id\":\"ev_2\",\"livemode\":false,\"data\":{\"object\":{\"x\":[1]}}}");

    assertThat(event.id()).isEqualTo("ev_2");
    assertThat(event.amount()).isNull();
  }
}
