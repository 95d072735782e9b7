package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe as the primary and PayPal as the backup, both real adapters on their simulators, built by
 * {@code Switchboard.fromConfig} from properties alone: what moves to PayPal and what must not.
 */
class PaymentsAcrossVendorsTest {
  private static final String CLIENT_ID = "client-fake";
  private static final String CLIENT_SECRET = "secret-fake";

  private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final PayPalSimulator paypal = new PayPalSimulator(clock, CLIENT_ID, CLIENT_SECRET);
  private Switchboard switchboard;

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    stripe.close();
    paypal.close();
  }

  private Switchboard start() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("switchboard.payments.providers", "stripe,paypal");
    keys.put("switchboard.payments.stripe.base-url", stripe.start().toString());
    keys.put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}");
    keys.put("switchboard.payments.stripe.retry.max-attempts", "1");
    keys.put("switchboard.payments.paypal.base-url", paypal.start().toString());
    keys.put("switchboard.payments.paypal.client-id", CLIENT_ID);
    keys.put("switchboard.payments.paypal.client-secret", "${env:PAYPAL_CLIENT_SECRET}");
    switchboard =
        Switchboard.fromConfig(
            SwitchboardConfig.builder()
                .putAll(keys)
                .environment(
                    Map.of(
                        "STRIPE_API_KEY",
                        StripeSimulator.TEST_API_KEY,
                        "PAYPAL_CLIENT_SECRET",
                        CLIENT_SECRET))
                .discoverSecretSources(false)
                .clock(clock)
                .sleeper(clock.sleeper())
                .build());
    return switchboard;
  }

  private static ChargeRequest charge(String order, PaymentSource source) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(source)
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private static PaymentSource bothTokens() {
    return PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
        .orToken("paypal", PayPalSimulator.VAULT_OK);
  }

  private List<RecordedRequest> paypalOrders() {
    return paypal.requests().stream()
        .filter(r -> "POST".equals(r.getMethod()))
        .filter(r -> r.getUrl().encodedPath().equals("/v2/checkout/orders"))
        .toList();
  }

  @Test
  void chargesAtStripeWhileItIsUpAndNeverTouchesPayPal() {
    Payment payment = start().payments().charge(charge("order-1", bothTokens()));

    assertThat(payment.id().provider()).isEqualTo("stripe");
    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void aThrottledStripeSendsTheChargeToPayPalUnderADerivedKey() {
    start();
    stripe.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(1)));

    Payment payment = switchboard.payments().charge(charge("order-2", bothTokens()));

    assertThat(payment.id().provider()).isEqualTo("paypal");
    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(payment.amount()).isEqualTo(Money.of("25.00", "EUR"));
    assertThat(paypalOrders()).hasSize(1);
    String paypalKey = paypalOrders().get(0).getHeaders().get("PayPal-Request-Id");
    assertThat(paypalKey)
        .as("the backup gets its own key, derived from the caller's")
        .isEqualTo(IdempotencyKey.of("order-2").derive("paypal").value());
    assertThat(paypalOrders().get(0).getBody().utf8()).contains(PayPalSimulator.VAULT_OK);
  }

  @Test
  void aSourceWithOnlyAStripeTokenIsNeverSentToPayPal() {
    start();
    stripe.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(1)));

    Throwable thrown =
        catchThrowable(
            () ->
                switchboard
                    .payments()
                    .charge(
                        charge(
                            "order-3",
                            PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class,
            e ->
                assertThat(e.causes())
                    .as("only Stripe was tried")
                    .singleElement()
                    .satisfies(cause -> assertThat(cause.provider()).contains("stripe")));
    assertThat(paypal.requests()).as("PayPal cannot charge a Stripe payment method").isEmpty();
  }

  @Test
  void anUnknownOutcomeAtStripeStaysAtStripe() {
    start();
    stripe.failNext(1, SimulatedFault.resetAfterRequest());

    Throwable thrown =
        catchThrowable(() -> switchboard.payments().charge(charge("order-4", bothTokens())));

    assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
    assertThat(stripe.paymentIntentCount()).as("Stripe did charge").isEqualTo(1);
    assertThat(paypalOrders()).as("a second charge elsewhere could bill twice").isEmpty();

    Payment retried = switchboard.payments().charge(charge("order-4", bothTokens()));
    assertThat(retried.id().provider()).isEqualTo("stripe");
    assertThat(stripe.paymentIntentCount())
        .as("the retry was replayed, not charged again")
        .isEqualTo(1);
  }

  @Test
  void aDeclineAtStripeIsTheAnswerAndDoesNotMoveToPayPal() {
    start();
    PaymentSource declined =
        PaymentSource.token("stripe", StripeSimulator.PM_INSUFFICIENT_FUNDS)
            .orToken("paypal", PayPalSimulator.VAULT_OK);

    Throwable thrown =
        catchThrowable(() -> switchboard.payments().charge(charge("order-5", declined)));

    assertThat(thrown).isInstanceOf(PaymentDeclinedException.class);
    assertThat(paypal.requests()).isEmpty();
  }
}
