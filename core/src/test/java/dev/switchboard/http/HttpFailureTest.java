package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class HttpFailureTest {
  private final ErrorContext context = ErrorContext.builder().provider("acme").build();

  @Test
  void cutsLongBodiesAndSaysSo() {
    HttpFailure failure =
        HttpFailure.builder()
            .status(400)
            .body("y".repeat(HttpFailure.BODY_LIMIT + 1))
            .context(context)
            .build();

    assertThat(failure.body()).hasSize(HttpFailure.BODY_LIMIT);
    assertThat(failure.bodyTruncated()).isTrue();
  }

  @Test
  void defaultsToNoHeadersNoBodyAndNoRequestId() {
    HttpFailure failure = HttpFailure.builder().status(500).context(context).build();

    assertThat(failure.headers().size()).isZero();
    assertThat(failure.body()).isEmpty();
    assertThat(failure.bodyTruncated()).isFalse();
    assertThat(failure.requestId()).isEmpty();
    assertThat(failure.requestIdSuffix()).isEmpty();
    assertThat(failure.header("Retry-After")).isEmpty();
  }

  @Test
  void toStringShowsTheBodySizeNotTheBody() {
    HttpFailure failure =
        HttpFailure.builder()
            .status(402)
            .headers(Headers.of("Request-Id", "req_1"))
            .body("{\"card\":\"4242424242424242\"}")
            .requestId("rid")
            .context(context)
            .build();

    assertThat(failure.toString())
        .contains("status=402", "bodyChars=27", "requestId=rid")
        .doesNotContain("4242");
  }

  @Test
  void rejectsMissingOrOutOfRangeParts() {
    assertThatThrownBy(() -> HttpFailure.builder().status(99))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("status"));
    assertThatThrownBy(() -> HttpFailure.builder().context(context).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> HttpFailure.builder().status(400).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("context must be set");
    assertThatThrownBy(() -> HttpFailure.builder().headers(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> HttpFailure.builder().body(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> HttpFailure.builder().context(null))
        .isInstanceOf(NullPointerException.class);
  }
}
