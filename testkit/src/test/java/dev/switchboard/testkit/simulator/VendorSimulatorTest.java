package dev.switchboard.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VendorSimulatorTest {
  /** Counts the requests it processed, so a test can tell "acted" from "refused first". */
  static final class CountingSimulator extends VendorSimulator {
    final AtomicInteger processed = new AtomicInteger();

    @Override
    protected MockResponse.Builder handle(RecordedRequest request) {
      int n = processed.incrementAndGet();
      return new MockResponse.Builder().code(200).body("{\"n\":" + n + "}");
    }

    @Override
    protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
      return new MockResponse.Builder()
          .code(status)
          .body("{\"error\":\"injected " + status + "\"}");
    }
  }

  private final CountingSimulator simulator = new CountingSimulator();
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .readTimeout(300, TimeUnit.MILLISECONDS)
          .retryOnConnectionFailure(false)
          .build();

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Response post(String path) throws IOException {
    return client
        .newCall(
            new Request.Builder()
                .url(simulator.baseUrl().resolve(path))
                .post(RequestBody.create("x=1", MediaType.get("application/x-www-form-urlencoded")))
                .build())
        .execute();
  }

  @Test
  void startsOnLoopbackAndRecordsEveryRequest() throws IOException {
    assertThat(simulator.start().host()).isIn("127.0.0.1", "localhost", "::1");
    try (Response first = post("/v1/a");
        Response second = post("/v1/b")) {
      assertThat(first.body().string()).isEqualTo("{\"n\":1}");
      assertThat(second.code()).isEqualTo(200);
    }
    assertThat(simulator.requests())
        .extracting(r -> r.getUrl().encodedPath())
        .containsExactly("/v1/a", "/v1/b");
    assertThat(simulator.lastRequest()).get().extracting(r -> r.getBody().utf8()).isEqualTo("x=1");
  }

  @Test
  void errorFaultsAnswerBeforeProcessingThenServiceResumes() throws IOException {
    simulator.start();
    simulator.failNext(1, SimulatedFault.unavailable());
    simulator.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(7)));
    try (Response unavailable = post("/x");
        Response limited = post("/x");
        Response ok = post("/x")) {
      assertThat(unavailable.code()).isEqualTo(503);
      assertThat(unavailable.body().string()).contains("injected 503");
      assertThat(limited.code()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isEqualTo("7");
      assertThat(ok.code()).isEqualTo(200);
    }
    assertThat(simulator.processed).hasValue(1);
    assertThat(simulator.requests()).hasSize(3);
  }

  @Test
  void resetAfterRequestActsAndThenLosesTheAnswer() {
    simulator.start();
    simulator.failNext(1, SimulatedFault.resetAfterRequest());
    assertThatThrownBy(() -> post("/x").close()).isInstanceOf(IOException.class);
    assertThat(simulator.processed).hasValue(1);
  }

  @Test
  void hangActsAndNeverAnswers() {
    simulator.start();
    simulator.failNext(1, SimulatedFault.hang());
    assertThatThrownBy(() -> post("/x").close()).isInstanceOf(IOException.class);
    assertThat(simulator.processed).hasValue(1);
  }

  @Test
  void malformedBodyActsAndAnswersWithTruncatedJson() throws IOException {
    simulator.start();
    simulator.failNext(1, SimulatedFault.malformedBody());
    try (Response response = post("/x")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("{\"id\": \"trunc");
    }
    assertThat(simulator.processed).hasValue(1);
  }

  @Test
  void aMatchingFaultStrikesOnlyTheRequestsItNamesAndWaitsForThem() throws IOException {
    simulator.start();
    simulator.failNext(
        1, SimulatedFault.unavailable(), r -> r.getUrl().encodedPath().equals("/v1/charges"));
    try (Response token = post("/v1/token");
        Response charge = post("/v1/charges");
        Response again = post("/v1/charges")) {
      assertThat(token.code()).as("not matched: served").isEqualTo(200);
      assertThat(charge.code()).as("the first match meets the fault").isEqualTo(503);
      assertThat(again.code()).as("then service resumes").isEqualTo(200);
    }
    assertThat(simulator.processed).hasValue(2);
  }

  @Test
  void standingFaultLastsUntilHealed() throws IOException {
    simulator.start();
    simulator.failAlways(SimulatedFault.serverError());
    try (Response a = post("/x");
        Response b = post("/x")) {
      assertThat(a.code()).isEqualTo(500);
      assertThat(b.code()).isEqualTo(500);
    }
    simulator.heal();
    try (Response c = post("/x")) {
      assertThat(c.code()).isEqualTo(200);
    }
  }

  @Test
  void refusesMisuse() {
    assertThatThrownBy(simulator::baseUrl).isInstanceOf(IllegalStateException.class);
    simulator.start();
    assertThatThrownBy(simulator::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> simulator.failNext(-1, SimulatedFault.hang()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatedFault.rateLimited(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SimulatedFault.hang().actsFirst()).isTrue();
    assertThat(SimulatedFault.unavailable().actsFirst()).isFalse();
  }
}
