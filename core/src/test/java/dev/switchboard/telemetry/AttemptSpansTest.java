package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.http.CallScope;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.VendorHttpConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code CLIENT} span of one HTTP attempt made outside any port call. */
class AttemptSpansTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk openTelemetry =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final HttpClients clients =
      SwitchboardTracing.create(openTelemetry).httpClients(HttpClients.builder().build());

  @AfterEach
  void close() {
    openTelemetry.close();
  }

  private OkHttpClient vendor(String baseUrl) {
    return clients.forVendor(
        VendorHttpConfig.builder()
            .provider("acme")
            .baseUrl(baseUrl)
            .connectTimeout(Duration.ofMillis(500))
            .build());
  }

  private SpanData onlySpan() {
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
    return exporter.getFinishedSpanItems().get(0);
  }

  @Test
  void anAnsweredAttemptCarriesTheHttpAttributesAndItsTraceparentReachesTheServer()
      throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(new MockResponse.Builder().code(404).build());
      HttpUrl url = server.url("/v1/things?api_key=sk_test_fake_123&limit=2");

      try (Response response =
          vendor(server.url("/").toString())
              .newCall(new Request.Builder().url(url).build())
              .execute()) {
        assertThat(response.code()).isEqualTo(404);
      }

      SpanData span = onlySpan();
      assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(span.getName()).isEqualTo("GET");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full")))
          .isEqualTo(server.url("/v1/things?api_key=REDACTED&limit=REDACTED").toString())
          .doesNotContain("sk_test_fake");
      assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
          .isEqualTo(404L);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("404");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("switchboard.provider")))
          .isEqualTo("acme");
      assertThat(span.getAttributes().get(AttributeKey.longKey("switchboard.attempt")))
          .isEqualTo(1L);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(server.takeRequest().getHeaders().get("traceparent"))
          .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
    }
  }

  @Test
  void anAttemptEnqueuedInAScopeIsAChildOfWhatTheScopeCarriesOnOkHttpsThread() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(new MockResponse.Builder().code(200).build());
      Span parent = openTelemetry.getTracer("test").spanBuilder("payments charge").startSpan();
      Context carried = Context.root().with(parent);
      CompletableFuture<String> ranOn = new CompletableFuture<>();

      // No context is current on this thread, nor on OkHttp's: only the scope carries it.
      CallScope.start(null, carried)
          .enter(
              () ->
                  vendor(server.url("/").toString())
                      .newCall(new Request.Builder().url(server.url("/v1/charges")).build())
                      .enqueue(
                          new Callback() {
                            @Override
                            public void onResponse(Call call, Response response) {
                              response.close();
                              ranOn.complete(Thread.currentThread().getName());
                            }

                            @Override
                            public void onFailure(Call call, IOException e) {
                              ranOn.completeExceptionally(e);
                            }
                          }));
      assertThat(ranOn.get(5, TimeUnit.SECONDS)).startsWith("OkHttp");
      parent.end();

      SpanData attempt =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .findFirst()
              .orElseThrow();
      assertThat(attempt.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(attempt.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(server.takeRequest().getHeaders().get("traceparent"))
          .startsWith("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-");
    }
  }

  @Test
  void anAttemptWithNoAnswerNamesTheIoFailureAsItsErrorType() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String baseUrl = "http://127.0.0.1:" + closedPort + "/";

    assertThatThrownBy(
            () -> vendor(baseUrl).newCall(new Request.Builder().url(baseUrl).build()).execute())
        .isInstanceOf(IOException.class);

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
