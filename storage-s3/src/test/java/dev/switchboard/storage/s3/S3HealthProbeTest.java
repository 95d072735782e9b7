package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.config.Secret;
import dev.switchboard.resilience.HealthProbe;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe a half-open breaker runs instead of a customer's read or write: HeadBucket. */
class S3HealthProbeTest {
  private final MockWebServer server = new MockWebServer();
  private HealthProbe probe;

  @BeforeEach
  void start() throws Exception {
    server.start();
    probe =
        S3BlobStore.builder()
            .endpoint(server.url("/").uri())
            .bucket("probe-bucket")
            .region("eu-west-1")
            .accessKeyId("AKIAFAKEPROBE")
            .secretAccessKey(Secret.of("fake-probe-secret"))
            .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
            .build()
            .healthProbe()
            .orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int code) {
    server.enqueue(new MockResponse.Builder().code(code).build());
  }

  @Test
  void headsTheBucketSignedAndTouchesNoObject() throws Exception {
    answer(200);

    probe.probe();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("HEAD");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/probe-bucket");
    assertThat(request.getUrl().encodedQuery()).isNull();
    assertThat(request.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aForbiddenBucketIsAnAuthenticationFailure() {
    answer(403);

    assertThatThrownBy(probe::probe).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aThrottlingS3IsRateLimited() {
    answer(503);

    assertThatThrownBy(probe::probe).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aMissingBucketNamesTheBucket() {
    answer(404);

    assertThatThrownBy(probe::probe)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("bucket"));
  }
}
