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
}
