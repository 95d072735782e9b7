package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application instances, each a {@link Switchboard} with its own breakers, sharing one state
 * store and the same Stripe (primary) and PayPal (backup) simulators: the scenarios that charged
 * customers twice while the key ledger lived in one process's memory. A store module runs them by
 * extending this class with {@link #openStore}.
 */
abstract class SharedLedgerContract {
  private static final String CLIENT_ID = "client-fake";
  private static final String CLIENT_SECRET = "secret-fake";

  /**
   * Each test starts a day after the one before: the tests of a class share one backing store, and
   * what one test left there (a hold Stripe's {@code Retry-After} published to every instance, say)
   * must have ended by the next test's time.
   */
  private static final AtomicInteger TESTS = new AtomicInteger();

  protected final TestClock clock =
      TestClock.at(
          Instant.parse("2026-06-01T10:00:00Z").plus(Duration.ofDays(TESTS.getAndIncrement())));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final PayPalSimulator paypal = new PayPalSimulator(clock, CLIENT_ID, CLIENT_SECRET);
  private final List<AutoCloseable> opened = new ArrayList<>();

  /**
   * A new store object on the shared backing (the same database or server each call), reading
   * {@code clock}: one per application instance, as each instance would open its own.
   */
  protected abstract StateStore openStore(TestClock clock);

  @BeforeEach
  void startVendors() {
    stripe.start();
    paypal.start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    stripe.close();
    paypal.close();
  }

  /**
   * Instance A charges, Stripe acts and the answer is lost; instance B's Stripe breaker is open.
   */
  @Test
  void aRepeatOnAnInstanceWhosePrimaryBreakerIsOpenIsNotChargedAtTheBackup() {
    Switchboard a = instance();
    Switchboard b = instance();
    stripe.failNext(1, SimulatedFault.resetAfterRequest());

    Throwable first = catchThrowable(() -> a.payments().charge(charge("order-1")));
    assertThat(first).isInstanceOf(OutcomeUnknownException.class);
    assertThat(stripe.paymentIntentCount()).as("Stripe did charge").isEqualTo(1);
    openStripeBreaker(b);

    Throwable repeat = catchThrowable(() -> b.payments().charge(charge("order-1")));

    assertThat(repeat)
        .isInstanceOfSatisfying(
            EarlierAttemptException.class,
            e -> {
              assertThat(e.provider()).contains("stripe");
              assertThat(e.ledgerState()).isEqualTo(LedgerState.UNKNOWN);
              assertThat(e.sentKey()).isEqualTo("order-1");
              assertThat(e.requestSent()).isTrue();
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-1"));
            });
    assertThat(paypalOrdersWithKey(IdempotencyKey.of("order-1").derive("paypal"))).isEmpty();
    assertThat(b.stateHealth().pinnedRefusals()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    assertThat(catchThrowable(() -> b.payments().charge(charge("order-1"))))
        .as("the first call after the wait is not the trial: it starts Stripe's health probe")
        .isInstanceOf(EarlierAttemptException.class);
    assertThat(stripeBalanceProbes()).as("the probe, not a charge, tried Stripe").isNotEmpty();
    Payment later = b.payments().charge(charge("order-1"));
    assertThat(later.id().provider()).isEqualTo("stripe");
    assertThat(stripe.paymentIntentCount()).as("replayed, not charged again").isEqualTo(1);
  }

  /**
   * PayPal acts and resets while Stripe's breaker is open on E; F, where Stripe is healthy,
   * retries.
   */
  @Test
  void aRepeatOfAKeyTheBackupHoldsGoesToTheBackupEvenWhereThePrimaryIsHealthy() {
    Switchboard e = instance();
    Switchboard f = instance();
    openStripeBreaker(e);
    int intentsBefore = stripe.paymentIntentCount();
    int ordersBefore = paypal.orderCount();
    paypal.failNext(
        1,
        SimulatedFault.resetAfterRequest(),
        r -> r.getUrl().encodedPath().startsWith("/v2/checkout/orders"));

    Throwable first = catchThrowable(() -> e.payments().charge(charge("order-2")));
    assertThat(first).isInstanceOf(OutcomeUnknownException.class);
    assertThat(paypal.orderCount()).as("PayPal did charge").isEqualTo(ordersBefore + 1);

    Payment repeat = f.payments().charge(charge("order-2"));

    assertThat(repeat.id().provider()).isEqualTo("paypal");
    assertThat(repeat.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(stripe.paymentIntentCount()).as("never charged at Stripe").isEqualTo(intentsBefore);
    assertThat(stripeRequestsWithKey("order-2")).isEmpty();
    List<RecordedRequest> orders =
        paypalOrdersWithKey(IdempotencyKey.of("order-2").derive("paypal"));
    assertThat(orders).as("the same PayPal-Request-Id both times").hasSize(2);
    assertThat(paypal.orderCount()).as("one order at PayPal").isEqualTo(ordersBefore + 1);
  }

  /** Many other keys later, a repeat of a key Stripe charged still goes to Stripe only. */
  @Test
  void aSettledKeyIsNotForgottenUnderLoadAndARepeatDuringAStripeStormIsNotChargedElsewhere() {
    Switchboard a = instance();
    Payment charged = a.payments().charge(charge("order-3"));
    assertThat(charged.id().provider()).isEqualTo("stripe");
    StateStore store = a.stateStore();
    for (int i = 0; i < 10_001; i++) {
      String key = "other-" + i;
      LedgerRecord other =
          store
              .ledger()
              .claim(FailoverPaymentGateway.CHARGE_SCOPE, key, "stripe", key, "fp")
              .record();
      store.ledger().settle(other, LedgerState.SUCCEEDED, "pi_" + i);
    }
    stripe.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(1)));

    Throwable repeat = catchThrowable(() -> a.payments().charge(charge("order-3")));

    assertThat(repeat)
        .isInstanceOfSatisfying(
            EarlierAttemptException.class,
            e -> {
              assertThat(e.ledgerState()).isEqualTo(LedgerState.SUCCEEDED);
              assertThat(e.vendorId()).contains(charged.id().value());
            });
    assertThat(paypalOrdersWithKey(IdempotencyKey.of("order-3").derive("paypal"))).isEmpty();

    stripe.heal();
    clock.advance(Duration.ofSeconds(1)); // Stripe's Retry-After, which held it for every caller
    Payment looked = a.payments().charge(charge("order-3"));
    assertThat(looked.id()).isEqualTo(charged.id());
    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
  }

  /** Instance A is closed after an unknown outcome; a new one on the same store retries. */
  @Test
  void afterARestartARepeatGoesOnlyToTheOriginalProvider() throws Exception {
    Switchboard a = instance();
    stripe.failNext(1, SimulatedFault.resetAfterRequest());
    assertThat(catchThrowable(() -> a.payments().charge(charge("order-4"))))
        .isInstanceOf(OutcomeUnknownException.class);
    a.close();
    opened.remove(a);
    stripe.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(1)));

    Switchboard restarted = instance();
    Throwable during = catchThrowable(() -> restarted.payments().charge(charge("order-4")));

    assertThat(during).isInstanceOf(EarlierAttemptException.class);
    assertThat(paypalOrdersWithKey(IdempotencyKey.of("order-4").derive("paypal"))).isEmpty();
    stripe.heal();
    clock.advance(Duration.ofSeconds(1)); // Stripe's Retry-After, which held it for every caller
    Payment after = restarted.payments().charge(charge("order-4"));
    assertThat(after.id().provider()).isEqualTo("stripe");
    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
  }

  /** A signed webhook accepted by one instance is a replay for the other. */
  @Test
  void aWebhookReplayedToASecondInstanceIsRefused() {
    Switchboard a = instance();
    Switchboard b = instance();
    WebhookRequest delivery =
        stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_hook", "amount", 2500));

    assertThat(verifier(a).verify(delivery)).hasSize(1);
    Throwable replay = catchThrowable(() -> verifier(b).verify(delivery));

    assertThat(replay)
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(WebhookVerificationException.Problem.REPLAYED));
  }

  // --- helpers ---

  private StripeWebhookVerifier verifier(Switchboard instance) {
    return StripeWebhookVerifier.builder()
        .secret(stripe.webhookSecret())
        .clock(clock)
        .replayGuard(instance.replayGuard("stripe-webhooks"))
        .build();
  }

  /** One application instance: its own policies and breakers, its own store object. */
  private Switchboard instance() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("switchboard.payments.providers", "stripe,paypal");
    keys.put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString());
    keys.put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}");
    keys.put("switchboard.payments.stripe.retry.max-attempts", "1");
    keys.put("switchboard.payments.stripe.breaker.sliding-window-size", "2");
    keys.put("switchboard.payments.stripe.breaker.minimum-calls", "2");
    keys.put("switchboard.payments.stripe.breaker.wait-in-open", "30s");
    keys.put("switchboard.payments.paypal.base-url", paypal.baseUrl().toString());
    keys.put("switchboard.payments.paypal.client-id", CLIENT_ID);
    keys.put("switchboard.payments.paypal.client-secret", "${env:PAYPAL_CLIENT_SECRET}");
    keys.put("switchboard.payments.paypal.retry.max-attempts", "1");
    StateStore store = openStore(clock);
    Switchboard instance =
        Switchboard.builder(
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
                    // health probes run on the thread that starts them, so the test knows when
                    // they are done
                    .probeExecutor(Runnable::run)
                    .build())
            .stateStore(store)
            .build();
    opened.add(store);
    opened.add(instance);
    return instance;
  }

  /**
   * Two charges of other orders meet a 503 at Stripe on this instance (an unknown outcome, which
   * counts for the breaker): its Stripe breaker opens.
   */
  private void openStripeBreaker(Switchboard instance) {
    stripe.failNext(2, SimulatedFault.unavailable());
    for (int i = 0; i < 2; i++) {
      String order = "filler-" + System.nanoTime();
      assertThat(catchThrowable(() -> instance.payments().charge(charge(order))))
          .isInstanceOf(OutcomeUnknownException.class);
    }
    assertThat(instance.health().get("payments").get(0).breakerState().name()).isEqualTo("OPEN");
  }

  private static ChargeRequest charge(String order) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(
            PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
                .orToken("paypal", PayPalSimulator.VAULT_OK))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private List<RecordedRequest> paypalOrdersWithKey(IdempotencyKey key) {
    return paypal.requests().stream()
        .filter(r -> "POST".equals(r.getMethod()))
        .filter(r -> r.getUrl().encodedPath().equals("/v2/checkout/orders"))
        .filter(r -> key.value().equals(r.getHeaders().get("PayPal-Request-Id")))
        .toList();
  }

  private List<RecordedRequest> stripeBalanceProbes() {
    return stripe.requests().stream()
        .filter(r -> "GET".equals(r.getMethod()))
        .filter(r -> r.getUrl().encodedPath().equals("/v1/balance"))
        .toList();
  }

  private List<RecordedRequest> stripeRequestsWithKey(String key) {
    return stripe.requests().stream()
        .filter(r -> key.equals(r.getHeaders().get("Idempotency-Key")))
        .toList();
  }
}
