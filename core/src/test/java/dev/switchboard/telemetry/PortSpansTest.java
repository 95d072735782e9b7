package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code INTERNAL} span of a port call, on a port other than payments. */
class PortSpansTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk openTelemetry =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final SwitchboardTracing tracing = SwitchboardTracing.create(openTelemetry);

  @AfterEach
  void close() {
    openTelemetry.close();
  }

  private static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello")
        .build();
  }

  /** A sender that answers, or throws {@code failure} when it is set, and sees the current span. */
  private static class Sender implements EmailSender {
    final AtomicReference<Span> current = new AtomicReference<>();
    RuntimeException failure;

    @Override
    public String provider() {
      return "acme-mail";
    }

    @Override
    public SendResult send(EmailMessage message) {
      current.set(Span.current());
      if (failure != null) {
        throw failure;
      }
      return SendResult.of("acme-mail", "m-1", Instant.EPOCH);
    }

    @Override
    public String toString() {
      return "Sender";
    }
  }

  @Test
  void cancellingATracedAsyncSendCancelsTheCallsOwnFutureAndEndsTheSpanFirst() {
    CompletableFuture<SendResult> inFlight = new CompletableFuture<>();
    EmailSender sender =
        new Sender() {
          @Override
          public AsyncEmailSender async() {
            return new AsyncEmailSender() {
              @Override
              public String provider() {
                return "acme-mail";
              }

              @Override
              public CompletableFuture<SendResult> send(EmailMessage message) {
                return inFlight;
              }
            };
          }
        };

    CompletableFuture<SendResult> sent = tracing.email(sender).async().send(message());
    assertThat(exporter.getFinishedSpanItems()).as("async() itself makes no span").isEmpty();
    assertThat(sent).isNotSameAs(inFlight).isNotDone();

    assertThat(sent.cancel(true)).isTrue();

    assertThat(inFlight).as("the cancel reached the call's own future").isCancelled();
    assertThat(sent).isCompletedExceptionally();
    assertThat(exporter.getFinishedSpanItems())
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span.getName()).isEqualTo("email send");
              assertThat(span.getAttributes().get(AttributeKey.stringKey("switchboard.outcome")))
                  .isEqualTo("CancellationException");
            });
  }

  @Test
  void aSendIsOneSpanUnderTheCallersSpanAndCurrentWhileTheSenderRuns() {
    Sender sender = new Sender();
    EmailSender traced = tracing.email(sender);
    Span parent = openTelemetry.getTracer("app").spanBuilder("checkout").startSpan();

    try (Scope ignored = parent.makeCurrent()) {
      assertThat(traced.send(message()).messageId()).isEqualTo("m-1");
    } finally {
      parent.end();
    }

    SpanData call =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("email send"))
            .findFirst()
            .orElseThrow();
    assertThat(call.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(call.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(sender.current.get().getSpanContext().getSpanId()).isEqualTo(call.getSpanId());
    assertThat(call.getAttributes().get(AttributeKey.stringKey("switchboard.port")))
        .isEqualTo("email");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("switchboard.outcome")))
        .isEqualTo("success");
  }

  @Test
  void aFailedSendIsAnErrorSpanAndTheSameExceptionReachesTheCaller() {
    Sender sender = new Sender();
    sender.failure =
        new ProviderUnavailableException(
            "HTTP 503", ErrorContext.builder().provider("acme-mail").operation("send").build());
    EmailSender traced = tracing.email(sender);

    assertThatThrownBy(() -> traced.send(message())).isSameAs(sender.failure);

    SpanData call = exporter.getFinishedSpanItems().get(0);
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(ProviderUnavailableException.class.getName());
  }

  @Test
  void localMethodsAndObjectMethodsMakeNoSpan() {
    EmailSender traced = tracing.email(new Sender());

    assertThat(traced.provider()).isEqualTo("acme-mail");
    assertThat(traced.check(message())).isEmpty();
    assertThat(traced.toString()).isEqualTo("Sender");
    assertThat(traced).isEqualTo(traced);

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> SwitchboardTracing.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("openTelemetry");
    assertThatThrownBy(() -> tracing.email(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tracing.httpClients(null)).isInstanceOf(NullPointerException.class);
  }
}
