package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Stripe adapter built from configuration by a facade given the application's own OkHttp
 * client: Stripe's calls go through that client's interceptor and event listener.
 */
class StripeWithApplicationHttpClientTest {
  private static final String KEY = "sk_test_fake_app_client";

  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);

  @AfterEach
  void stop() {
    stripe.close();
  }

  @Test
  void stripeCallsGoThroughTheApplicationsInterceptorAndEventListener() {
    stripe.acceptApiKeys(KEY);
    stripe.start();
    List<String> intercepted = new CopyOnWriteArrayList<>();
    List<String> ended = new CopyOnWriteArrayList<>();
    OkHttpClient application =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  intercepted.add(
                      chain.request().method() + " " + chain.request().url().encodedPath());
                  return chain.proceed(chain.request());
                })
            .eventListener(
                new EventListener() {
                  @Override
                  public void callEnd(Call call) {
                    ended.add(call.request().url().encodedPath());
                  }
                })
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "stripe")
            .put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}")
            .put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString())
            .environment(Map.of("STRIPE_API_KEY", KEY))
            .discoverSecretSources(false)
            .clock(clock)
            .sleeper(clock.sleeper())
            .build();

    try (Switchboard switchboard =
        Switchboard.builder(config)
            .registry(ProviderRegistry.builder().discover().build())
            .httpClient(application)
            .build()) {
      switchboard
          .payments()
          .charge(
              ChargeRequest.builder()
                  .amount(Money.of("10.00", "EUR"))
                  .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
                  .idempotencyKey(IdempotencyKey.of("order-1"))
                  .build());
    }

    assertThat(intercepted).containsExactly("POST /v1/payment_intents");
    assertThat(ended).containsExactly("/v1/payment_intents");
    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
  }
}
