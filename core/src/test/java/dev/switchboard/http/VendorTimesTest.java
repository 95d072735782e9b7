package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VendorTimesTest {
  @Test
  void readsWholeAndFractionalSeconds() {
    assertThat(VendorTimes.epochSeconds("created", 1714564800L))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(VendorTimes.epochSeconds("created", new BigDecimal("1714564800.123456789")))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.123456789Z"));
  }

  @Test
  void aValueNoClockCanHoldIsUnparseableNamingTheField() {
    assertThatThrownBy(() -> VendorTimes.epochSeconds("refund re_1 created", Long.MAX_VALUE))
        .isInstanceOf(JsonDataException.class)
        .hasMessage(
            "refund re_1 created is " + Long.MAX_VALUE + " s, beyond the range of any clock");
    assertThatThrownBy(() -> VendorTimes.epochSeconds("created", Double.NaN))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("created is not a finite number: NaN");
    assertThatThrownBy(() -> VendorTimes.epochSeconds("created", null))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("created is missing");
  }

  @Test
  void wholeSecondsAtTheEdgesOfTheClockAreReadOrRefusedAsBefore() {
    long max = Instant.MAX.getEpochSecond();
    long min = Instant.MIN.getEpochSecond();
    assertThat(VendorTimes.epochSeconds("created", max)).isEqualTo(Instant.ofEpochSecond(max));
    assertThat(VendorTimes.epochSeconds("created", min)).isEqualTo(Instant.ofEpochSecond(min));
    assertThat(VendorTimes.epochSeconds("created", -1)).isEqualTo(Instant.ofEpochSecond(-1));
    assertThatThrownBy(() -> VendorTimes.epochSeconds("created", max + 1))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("created is " + (max + 1) + " s, beyond the range of any clock");
    assertThatThrownBy(() -> VendorTimes.epochSeconds("created", min - 1))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("created is " + (min - 1) + " s, beyond the range of any clock");
  }

  @Test
  void aLazyNameIsBuiltOnlyForARefusal() {
    java.util.concurrent.atomic.AtomicInteger built =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<String> name =
        () -> {
          built.incrementAndGet();
          return "payment_intent pi_1 created";
        };
    assertThat(VendorTimes.epochSeconds(name, 1714564800L))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(VendorTimes.epochSeconds(name, new BigDecimal("1.5")))
        .isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
    assertThat(built).hasValue(0);
    assertThatThrownBy(() -> VendorTimes.epochSeconds(name, null))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("payment_intent pi_1 created is missing");
    assertThat(built).hasValue(1);
  }
}
