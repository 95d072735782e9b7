package dev.switchboard.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading HTTP dates: the IMF-fixdate fast path agrees with {@link DateTimeFormatter}. */
class S3MapperDateTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final DateTimeFormatter FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final S3Mapper mapper = new S3Mapper(null, null, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Instant formatter(String value) {
    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  @Test
  void theFastPathReadsEveryFixdateAsTheFormatterDoes() {
    Random random = new Random(7);
    long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      long second =
          i < 10_000
              ? from + (long) (random.nextDouble() * (to - from))
              : NOW.getEpochSecond() + (i - 10_000) * 3_607L;
      String value = FIXDATE.format(Instant.ofEpochSecond(second));
      assertThat(S3Mapper.imfFixdate(value)).as(value).isEqualTo(formatter(value));
      assertThat(mapper.httpDate(value, null)).as(value).isEqualTo(formatter(value));
    }
    for (String value :
        new String[] {
          "Thu, 01 Jan 1970 00:00:00 GMT",
          "Thu, 29 Feb 2024 23:59:59 GMT",
          "Tue, 29 Feb 2000 12:00:00 GMT",
          "Fri, 31 Dec 1999 23:59:59 GMT",
          "Sun, 06 Dec 2026 07:00:00 GMT"
        }) {
      assertThat(S3Mapper.imfFixdate(value)).as(value).isEqualTo(formatter(value));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Sun, 6 Dec 2026 07:00:00 GMT",
        "sun, 06 dec 2026 07:00:00 gmt",
        "Sun, 06 Dec 2026 07:00:00 +0000",
        " Sun, 06 Dec 2026 07:00:00 GMT"
      })
  void otherFormsTheFormatterReadsAreLeftToIt(String value) {
    assertThat(S3Mapper.imfFixdate(value)).isNull();
    assertThat(mapper.httpDate(value, null)).isEqualTo(Instant.parse("2026-12-06T07:00:00Z"));
  }

  @Test
  void midnightAsTwentyFourIsLeftToTheFormatterWhichReadsTheNextDay() {
    String value = "Sun, 06 Dec 2026 24:00:00 GMT";
    assertThat(S3Mapper.imfFixdate(value)).isNull();
    assertThat(mapper.httpDate(value, null)).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mon, 06 Dec 2026 07:00:00 GMT",
        "Mon, 30 Feb 2026 07:00:00 GMT",
        "Tue, 29 Feb 2100 07:00:00 GMT",
        "Sun, 06 Dec 2026 07:60:00 GMT",
        "Sun, 06 Dec 2026 07:00:60 GMT",
        "Sun, 06 Dex 2026 07:00:00 GMT",
        "Sun, 0x Dec 2026 07:00:00 GMT",
        "Sun, 06 Dec 2026 07:00:00 UTC",
        "Sun; 06 Dec 2026 07:00:00 GMT"
      })
  void whatNeitherReadsFallsBackToTheDateHeaderAsBefore(String value) {
    assertThat(S3Mapper.imfFixdate(value)).isNull();
    assertThatThrownBy(() -> formatter(value)).isInstanceOf(DateTimeParseException.class);
    assertThat(mapper.httpDate(value, "Fri, 02 Jan 2026 03:04:05 GMT"))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(mapper.httpDate(value, null)).isEqualTo(NOW);
  }
}
