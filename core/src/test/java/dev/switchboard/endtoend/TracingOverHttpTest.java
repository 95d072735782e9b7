package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.endtoend.AcmeSimulator.Fault;
import dev.switchboard.payments.Payment;
import dev.switchboard.telemetry.SwitchboardTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry spans of real calls over HTTP on loopback: one {@code INTERNAL} span per port call,
 * one {@code CLIENT} span per HTTP attempt under it, and the attempt's {@code traceparent} in what
 * the vendor received.
 */
class TracingOverHttpTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk openTelemetry =
      OpenTelemetrySdk.builder()
          .setTracerProvider(tracerProvider)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();

  @AfterEach
  void close() {
    openTelemetry.close();
  }

  private TwoVendors start(TwoVendors.Builder builder) {
    return builder
        .facade(facade -> facade.tracing(SwitchboardTracing.create(openTelemetry)))
        .start();
  }

  private static String string(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static Long number(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  @Test
  void aChargeThatRetriesOnceThenFailsOverIsOneCallSpanOverThreeAttemptSpans() throws Exception {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "2"))) {
      v.primary.failAlways(Fault.unavailable());

      assertThat(v.charge("order-1").id().provider()).isEqualTo("backup");

      List<SpanData> spans = exporter.getFinishedSpanItems();
      List<SpanData> calls = spans.stream().filter(s -> s.getKind() == SpanKind.INTERNAL).toList();
      assertThat(calls).hasSize(1);
      SpanData call = calls.get(0);
      assertThat(call.getName()).isEqualTo("payments charge");
      assertThat(call.getParentSpanContext().isValid()).isFalse();
      assertThat(string(call, "switchboard.port")).isEqualTo("payments");
      assertThat(string(call, "switchboard.operation")).isEqualTo("charge");
      assertThat(string(call, "switchboard.outcome")).isEqualTo("success");
      assertThat(string(call, "switchboard.provider")).isEqualTo("backup");
      assertThat(call.getAttributes().get(AttributeKey.booleanKey("switchboard.failover")))
          .isTrue();
      assertThat(string(call, "switchboard.failover.from")).isEqualTo("primary");
      assertThat(call.getEvents()).extracting(e -> e.getName()).contains("switchboard.retry");
      assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

      List<SpanData> attempts = retriedThenFailedOver(spans, call);
      assertThat(attempts)
          .allSatisfy(
              attempt -> {
                assertThat(attempt.getName()).isEqualTo("POST");
                assertThat(string(attempt, "http.request.method")).isEqualTo("POST");
                assertThat(string(attempt, "server.address")).isNotBlank();
                assertThat(string(attempt, "url.full")).endsWith("/v1/charges");
              });
      assertThat(attempts)
          .extracting(s -> number(s, "http.response.status_code"))
          .containsExactly(503L, 503L, 200L);
      assertThat(string(attempts.get(0), "error.type")).isEqualTo("503");
      assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(number(attempts.get(2), "server.port")).isEqualTo((long) v.backupServer.getPort());
      assertThat(string(attempts.get(2), "error.type")).isNull();

      eachRequestCarriedItsAttempt(v, attempts);
    }
  }

  @Test
  void anAsyncChargeIsOneCallSpanOverItsAttemptsOnTheThreadsItHopsTo() throws Exception {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "2"))) {
      v.primary.failAlways(Fault.unavailable());
      Span caller =
          openTelemetry
              .getTracer("test")
              .spanBuilder("checkout")
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      CompletableFuture<Payment> charge;
      try (Scope ignored = caller.makeCurrent()) {
        charge = v.switchboard.async().payments().charge(TwoVendors.chargeRequest("order-1"));
      } finally {
        caller.end();
      }

      assertThat(charge.get(30, TimeUnit.SECONDS).id().provider()).isEqualTo("backup");

      List<SpanData> spans = exporter.getFinishedSpanItems();
      List<SpanData> calls = spans.stream().filter(s -> s.getKind() == SpanKind.INTERNAL).toList();
      assertThat(calls)
          .as("one span for the charge, none for async() itself")
          .extracting(SpanData::getName)
          .containsExactly("payments charge");
      SpanData call = calls.get(0);
      assertThat(call.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
      assertThat(string(call, "switchboard.outcome")).isEqualTo("success");
      assertThat(string(call, "switchboard.provider")).isEqualTo("backup");
      assertThat(string(call, "switchboard.failover.from")).isEqualTo("primary");
      assertThat(call.getEvents()).extracting(e -> e.getName()).contains("switchboard.retry");

      eachRequestCarriedItsAttempt(v, retriedThenFailedOver(spans, call));
    }
  }

  @Test
  void aCallThatFailsEverywhereEndsItsSpanWithTheErrorAndNoFailover() {
    try (TwoVendors v =
        start(TwoVendors.builder().withoutBackup().primary("retry.max-attempts", "1"))) {
      v.primary.failAlways(Fault.unavailable());

      v.chargeFails(AllProvidersUnavailableException.class, "order-1");

      SpanData call =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getKind() == SpanKind.INTERNAL)
              .findFirst()
              .orElseThrow();
      assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(string(call, "switchboard.outcome")).isEqualTo("AllProvidersUnavailableException");
      assertThat(string(call, "switchboard.provider")).isEqualTo("primary");
      assertThat(call.getAttributes().get(AttributeKey.booleanKey("switchboard.failover")))
          .isFalse();
      assertThat(call.getEvents()).extracting(e -> e.getName()).contains("exception");
    }
  }

  @Test
  void methodsThatAskNoVendorMakeNoSpan() {
    try (TwoVendors v = start(TwoVendors.builder())) {
      v.payments().provider();
      v.payments().check(TwoVendors.chargeRequest("order-1"));

      assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
  }

  /**
   * The {@code CLIENT} spans of a charge that failed twice on the primary and then went to the
   * backup: three attempts, in order, each a child of the charge's span.
   */
  private static List<SpanData> retriedThenFailedOver(List<SpanData> spans, SpanData call) {
    List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(attempts)
        .extracting(s -> string(s, "switchboard.provider") + "#" + number(s, "switchboard.attempt"))
        .containsExactly("primary#1", "primary#2", "backup#1");
    assertThat(attempts)
        .allSatisfy(
            attempt -> {
              assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
              assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
            });
    return attempts;
  }

  /** The vendors received each attempt's own {@code traceparent}. */
  private static void eachRequestCarriedItsAttempt(TwoVendors v, List<SpanData> attempts)
      throws InterruptedException {
    RecordedRequest first = v.primaryServer.takeRequest();
    RecordedRequest second = v.primaryServer.takeRequest();
    RecordedRequest served = v.backupServer.takeRequest();
    assertThat(first.getHeaders().get("traceparent")).isEqualTo(traceparent(attempts.get(0)));
    assertThat(second.getHeaders().get("traceparent")).isEqualTo(traceparent(attempts.get(1)));
    assertThat(served.getHeaders().get("traceparent")).isEqualTo(traceparent(attempts.get(2)));
  }

  private static String traceparent(SpanData span) {
    return "00-"
        + span.getTraceId()
        + "-"
        + span.getSpanId()
        + "-"
        + span.getSpanContext().getTraceFlags().asHex();
  }
}
