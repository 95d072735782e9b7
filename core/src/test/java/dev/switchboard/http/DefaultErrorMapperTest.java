package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import java.time.Duration;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class DefaultErrorMapperTest {
  private final VendorHttpConfig config =
      VendorHttpConfig.builder()
          .provider("acme")
          .baseUrl("https://api.acme.test/")
          .clock(HttpTestSupport.CLOCK)
          .build();

  private static HttpFailure failure(int status, Headers headers) {
    return HttpFailure.builder()
        .status(status)
        .headers(headers)
        .requestId("rid-1")
        .context(
            ErrorContext.builder().provider("acme").httpStatus(status).requestSent(true).build())
        .build();
  }

  @Test
  void readsRetryAfterAsSecondsOrAnHttpDate() {
    assertThat(DefaultErrorMapper.retryAfter("120", HttpTestSupport.CLOCK))
        .contains(Duration.ofMinutes(2));
    assertThat(DefaultErrorMapper.retryAfter(" 0 ", HttpTestSupport.CLOCK)).contains(Duration.ZERO);
    assertThat(
            DefaultErrorMapper.retryAfter("Wed, 01 May 2024 12:00:10 GMT", HttpTestSupport.CLOCK))
        .contains(Duration.ofSeconds(10));
    assertThat(
            DefaultErrorMapper.retryAfter("Wed, 01 May 2024 11:00:00 GMT", HttpTestSupport.CLOCK))
        .contains(Duration.ZERO);
  }

  @Test
  void ignoresAbsentOrUnreadableRetryAfter() {
    assertThat(DefaultErrorMapper.retryAfter(null, HttpTestSupport.CLOCK)).isEmpty();
    assertThat(DefaultErrorMapper.retryAfter("soon", HttpTestSupport.CLOCK)).isEmpty();
    assertThat(DefaultErrorMapper.retryAfter("-5", HttpTestSupport.CLOCK)).isEmpty();
    assertThat(DefaultErrorMapper.retryAfter("99999999999999999999", HttpTestSupport.CLOCK))
        .isEmpty();
    assertThatThrownBy(() -> DefaultErrorMapper.retryAfter("1", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRateLimitWithoutHintHasNoRetryAfter() {
    SwitchboardException e = DefaultErrorMapper.create(config).map(failure(429, Headers.of()));

    assertThat(e).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) e).retryAfter()).isEmpty();
    assertThat(e.reason()).contains("X-Request-Id rid-1");
  }

  @Test
  void theVendorsConfigDecidesWhatA503Means() {
    assertThat(DefaultErrorMapper.create(config).map(failure(503, Headers.of())))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(
            DefaultErrorMapper.create(config.toBuilder().unavailableMeansNotProcessed(true).build())
                .map(failure(503, Headers.of())))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(DefaultErrorMapper.create(config).map(failure(502, Headers.of())))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void rejectsANullConfig() {
    assertThatThrownBy(() -> DefaultErrorMapper.create(null))
        .isInstanceOf(NullPointerException.class);
  }
}
