package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.simulator.StripeSimulator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The application's own OkHttp client (through a {@link SwitchboardCustomizer}) and its {@link
 * OpenTelemetry} bean reach the facade the starter builds: a charge at a local Stripe goes through
 * the application's interceptor and leaves a port span over an HTTP attempt span.
 */
class SwitchboardCustomizingTest {
  private final StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwitchboardTracingAutoConfiguration.class, SwitchboardAutoConfiguration.class))
          .withPropertyValues(
              "switchboard.payments.providers=stripe",
              "switchboard.payments.stripe.base-url=" + stripe.start(),
              "switchboard.payments.stripe.api-key=" + StripeSimulator.TEST_API_KEY);

  @AfterEach
  void stop() {
    stripe.close();
  }

  @Test
  void aCustomizerHandsSwitchboardTheApplicationsHttpClient() {
    List<String> seen = new CopyOnWriteArrayList<>();
    OkHttpClient corporate =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(chain.request().url().encodedPath());
                  return chain.proceed(chain.request());
                })
            .build();

    runner
        .withBean(SwitchboardCustomizer.class, () -> builder -> builder.httpClient(corporate))
        .run(
            context -> {
              context.getBean(PaymentGateway.class).charge(charge("customized"));

              assertThat(seen).contains("/v1/payment_intents");
              assertThat(spans.getFinishedSpanItems()).isEmpty();
            });
  }

  @Test
  void anOpenTelemetryBeanTracesEveryPortCallAndAttempt() {
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();

    runner
        .withBean(OpenTelemetry.class, () -> otel)
        .run(
            context -> {
              context.getBean(PaymentGateway.class).charge(charge("traced"));

              List<SpanData> finished = spans.getFinishedSpanItems();
              SpanData call =
                  finished.stream()
                      .filter(s -> s.getName().equals("payments charge"))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no port span in " + finished));
              assertThat(finished)
                  .anySatisfy(
                      attempt -> {
                        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
                        assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
                      });
            });
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }
}
