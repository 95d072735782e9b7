package dev.switchboard.webhooks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookChecksTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final WebhookChecks checks = WebhookChecks.of("acme", "verify");

  @Test
  void failuresNameTheProviderAndOperation() {
    WebhookVerificationException failure = checks.failure(Problem.REPLAYED, "seen before");

    assertThat(failure.problem()).isEqualTo(Problem.REPLAYED);
    assertThat(failure.getMessage()).contains("seen before");
    assertThat(failure.context().provider()).contains("acme");
    assertThat(failure.context().operation()).contains("verify");
  }

  @Test
  void aFailureKeepsItsCause() {
    IllegalArgumentException cause = new IllegalArgumentException("bad json");

    assertThat(checks.failure(Problem.MALFORMED_BODY, "unreadable", cause)).hasCause(cause);
  }

  @Test
  void requireHeaderReturnsTheFirstValueTrimmed() {
    WebhookRequest request =
        WebhookRequest.builder().header("x-signature", "  abc ").header("X-Signature", "d").build();

    assertThat(checks.requireHeader(request, "X-Signature")).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aBlankHeaderIsMissing(String value) {
    WebhookRequest request = WebhookRequest.builder().header("X-Signature", value).build();

    assertThatThrownBy(() -> checks.requireHeader(request, "X-Signature"))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MISSING_HEADER);
              assertThat(e.getMessage()).contains("X-Signature");
            });
  }

  @Test
  void anAbsentHeaderIsMissing() {
    WebhookRequest request = WebhookRequest.builder().body("{}").build();

    assertThatThrownBy(() -> checks.requireHeader(request, "X-Signature"))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_HEADER));
  }

  @ParameterizedTest
  @ValueSource(longs = {-300, -1, 0, 1, 300})
  void acceptsATimestampWithinTheToleranceEitherWay(long seconds) {
    assertThatCode(() -> checks.checkTimestamp(NOW.plusSeconds(seconds), CLOCK, TOLERANCE))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesATimestampTooOld() {
    assertThatThrownBy(() -> checks.checkTimestamp(NOW.minusSeconds(301), CLOCK, TOLERANCE))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
              assertThat(e.getMessage()).contains("301 s behind").contains("tolerance is 300 s");
            });
  }

  @Test
  void refusesATimestampTooFarAhead() {
    assertThatThrownBy(() -> checks.checkTimestamp(NOW.plusSeconds(301), CLOCK, TOLERANCE))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
              assertThat(e.getMessage()).contains("301 s ahead of");
            });
  }

  @ParameterizedTest
  @ValueSource(
      longs = {99_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE, -99_999_999_999_999_999L})
  void aTimeBeyondAnyInstantIsOutOfToleranceNotACrash(long seconds) {
    assertThatThrownBy(() -> checks.checkTimestamp(seconds, CLOCK, TOLERANCE))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
              assertThat(e.getMessage()).contains(Long.toString(seconds));
            });
  }

  @Test
  void epochSecondsWithinTheToleranceAreAccepted() {
    assertThatCode(() -> checks.checkTimestamp(NOW.getEpochSecond() - 300, CLOCK, TOLERANCE))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> checks.checkTimestamp(NOW.getEpochSecond() + 301, CLOCK, TOLERANCE))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE));
  }

  @Test
  void bodyTimesKeepTheirFractionToTheNanosecond() {
    assertThat(checks.epochSeconds("timestamp", new BigDecimal("1714564800.123456789")))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.123456789Z"));
    assertThat(checks.epochSeconds("timestamp", 1714564800.5))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00.500Z"));
    assertThat(checks.epochSeconds("timestamp", -0.25))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.750Z"));
    assertThat(checks.epochSeconds("timestamp", 1714564800L))
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(checks.epochSeconds("timestamp", new BigDecimal("-1E-999999999")))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    assertThat(checks.epochSeconds("timestamp", new BigDecimal("1E-999999999")))
        .isEqualTo(Instant.EPOCH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e300",
        "-1e300",
        "99999999999999999",
        "1E+999999999",
        "-1E+999999999",
        "31556889864403200"
      })
  void aBodyTimeBeyondAnyInstantIsAMalformedBody(String seconds) {
    assertThatThrownBy(() -> checks.epochSeconds("event.timestamp", new BigDecimal(seconds)))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MALFORMED_BODY);
              assertThat(e.getMessage()).contains("event.timestamp");
            });
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300})
  void aBodyTimeThatIsNoFiniteNumberOfSecondsIsAMalformedBody(double seconds) {
    assertThatThrownBy(() -> checks.epochSeconds("timestamp", seconds))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED_BODY));
  }

  @Test
  void aMissingBodyTimeIsAMalformedBody() {
    assertThatThrownBy(() -> checks.epochSeconds("timestamp", null))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MALFORMED_BODY);
              assertThat(e.getMessage()).contains("timestamp");
            });
  }

  @Test
  void hmacSha256MatchesRfc4231OverTheConcatenatedParts() {
    byte[] mac =
        WebhookChecks.hmacSha256(
            "Jefe".getBytes(UTF_8),
            "what do ya want ".getBytes(UTF_8),
            "for nothing?".getBytes(UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void anyEqualFindsAMatchAmongEveryPair() {
    byte[] a = {1, 2, 3};
    byte[] b = {4, 5, 6};
    byte[] c = {7, 8, 9};

    assertThat(WebhookChecks.anyEqual(List.of(a, b), List.of(c, new byte[] {4, 5, 6}))).isTrue();
    assertThat(WebhookChecks.anyEqual(List.of(a, b), List.of(c, new byte[] {1, 2}))).isFalse();
    assertThat(WebhookChecks.anyEqual(List.of(a), List.of())).isFalse();
  }

  @Test
  void aToleranceMustBePositive() {
    assertThat(WebhookChecks.requirePositiveTolerance(Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofSeconds(1));
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> WebhookChecks.requirePositiveTolerance(bad))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("tolerance");
    }
    assertThatThrownBy(() -> WebhookChecks.requirePositiveTolerance(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tolerance == null");
  }

  @Test
  void aClockIsRequired() {
    assertThat(WebhookChecks.requireClock(CLOCK)).isSameAs(CLOCK);
    assertThatThrownBy(() -> WebhookChecks.requireClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
  }
}
