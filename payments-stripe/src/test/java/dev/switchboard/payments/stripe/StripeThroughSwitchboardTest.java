package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Stripe adapter as an application gets it: discovered by {@code ServiceLoader} as {@code
 * stripe}, configured from properties, wrapped in the policy and the failover composite, with the
 * testkit's {@code fake} gateway as the backup. Time is a {@link TestClock} that the sleeper
 * advances; nothing waits for real time.
 */
class StripeThroughSwitchboardTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final String KEY = "sk_test_fake_switchboard_primary";

  private final TestClock clock = TestClock.at(START);
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final List<FailoverEvent> failovers = new CopyOnWriteArrayList<>();
  private Switchboard switchboard;

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    stripe.close();
  }

  private Switchboard start(String baseUrl, boolean withBackup, Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("switchboard.payments.providers", withBackup ? "stripe,fake" : "stripe");
    settings.put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}");
    settings.put("switchboard.payments.stripe.base-url", baseUrl);
    settings.put("switchboard.payments.stripe.read-timeout", "2s");
    settings.put("switchboard.payments.stripe.retry.max-attempts", "1");
    settings.put("switchboard.payments.stripe.breaker.sliding-window-size", "4");
    settings.put("switchboard.payments.stripe.breaker.minimum-calls", "2");
    settings.put("switchboard.payments.stripe.breaker.failure-rate-threshold", "50");
    settings.put("switchboard.payments.stripe.breaker.wait-in-open", "30s");
    settings.put("switchboard.payments.stripe.breaker.half-open-calls", "1");
    settings.put("switchboard.payments.stripe.timeout.call", "0");
    settings.put("switchboard.payments.fake.timeout.call", "0");
    extra.forEach((k, v) -> settings.put("switchboard.payments.stripe." + k, v));
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(settings)
            .environment(Map.of("STRIPE_API_KEY", KEY))
            .discoverSecretSources(false)
            .clock(clock)
            .sleeper(clock.sleeper())
            .probeExecutor(Runnable::run)
            .build();
    switchboard = Switchboard.fromConfig(config, ProviderRegistry.builder().discover().build());
    switchboard.addFailoverListener(failovers::add);
    return switchboard;
  }

  private Switchboard startOnSimulator(boolean withBackup, Map<String, String> extra) {
    stripe.acceptApiKeys(KEY);
    stripe.start();
    return start(stripe.baseUrl().toString(), withBackup, extra);
  }

  private static ChargeRequest charge(String order, String stripeMethod) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "EUR"))
        .source(
            PaymentSource.token("stripe", stripeMethod)
                .orToken("fake", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private String servedBy(String order) {
    return switchboard
        .payments()
        .charge(charge(order, StripeSimulator.PM_SUCCEEDS))
        .id()
        .provider();
  }

  private BreakerState stripeBreaker() {
    return switchboard.health().get("payments").get(0).breakerState();
  }

  @Test
  void aSingleUnreachableProviderSurfacesAsAllProvidersUnavailableWithItsCause()
      throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String baseUrl = closed.url("/").toString();
    closed.close();
    Switchboard offline = start(baseUrl, false, Map.of());

    AllProvidersUnavailableException all =
        catchThrowableOfType(
            AllProvidersUnavailableException.class,
            () -> offline.payments().charge(charge("order-offline", StripeSimulator.PM_SUCCEEDS)));

    assertThat(all.requestSent()).isFalse();
    assertThat(all.causes())
        .singleElement()
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            cause -> assertThat(cause.provider()).contains("stripe"));
    assertThat(all.getSuppressed()).containsExactlyElementsOf(all.causes());
  }

  @Test
  void unavailableStripeOpensTheBreakerMovesTrafficToTheBackupAndComesBackAfterItsProbe() {
    startOnSimulator(true, Map.of());
    assertThat(servedBy("o-1")).isEqualTo("stripe");

    stripe.failAlways(SimulatedFault.unavailable());
    List<String> outcomes = new ArrayList<>();
    for (int i = 2; i <= 5 && stripeBreaker() != BreakerState.OPEN; i++) {
      int n = i;
      OutcomeUnknownException unknown =
          catchThrowableOfType(OutcomeUnknownException.class, () -> servedBy("o-" + n));
      outcomes.add(unknown.httpStatus().orElse(-1) + " " + unknown.provider().orElse("-"));
    }
    assertThat(outcomes)
        .as("a 503 may have acted, so the payment is not moved; it counts for the breaker")
        .isNotEmpty()
        .containsOnly("503 stripe");
    assertThat(stripeBreaker()).isEqualTo(BreakerState.OPEN);
    int requestsWhileOpen = stripe.requests().size();

    assertThat(List.of(servedBy("o-4"), servedBy("o-5"))).containsOnly("fake");
    assertThat(stripe.requests()).as("an open breaker sends nothing").hasSize(requestsWhileOpen);
    assertThat(failovers).first().isInstanceOf(FailoverEvent.ProviderSwitched.class);

    stripe.heal();
    clock.advance(Duration.ofSeconds(31));
    assertThat(servedBy("o-6"))
        .as("the call after the wait starts the probe and is not the trial itself")
        .isEqualTo("fake");
    assertThat(stripe.requests().subList(requestsWhileOpen, stripe.requests().size()))
        .as("the half-open trial: balance reads, no charge")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/balance"));
    assertThat(servedBy("o-7")).isEqualTo("stripe");
    assertThat(stripeBreaker()).isEqualTo(BreakerState.CLOSED);
    assertThat(failovers).last().isInstanceOf(FailoverEvent.ProviderRecovered.class);
  }

  @Test
  void aDeclineIsNotFailedOver() {
    startOnSimulator(true, Map.of("retry.max-attempts", "3"));

    PaymentDeclinedException declined =
        catchThrowableOfType(
            PaymentDeclinedException.class,
            () ->
                switchboard
                    .payments()
                    .charge(charge("o-declined", StripeSimulator.PM_INSUFFICIENT_FUNDS)));

    assertThat(declined.failure().code()).isEqualTo(FailureCode.INSUFFICIENT_FUNDS);
    assertThat(declined.provider()).contains("stripe");
    assertThat(stripe.requests()).hasSize(1);
    assertThat(failovers).isEmpty();
    assertThat(stripeBreaker()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void anAnswerLostAfterTheRequestIsNotSentToTheBackup() {
    startOnSimulator(true, Map.of());
    stripe.failNext(1, SimulatedFault.resetAfterRequest());

    OutcomeUnknownException unknown =
        catchThrowableOfType(OutcomeUnknownException.class, () -> servedBy("o-lost"));

    assertThat(unknown.provider()).contains("stripe");
    assertThat(unknown.requestSent()).isTrue();
    assertThat(unknown.idempotencyKey()).contains(IdempotencyKey.of("o-lost"));
    assertThat(stripe.paymentIntentCount()).as("Stripe charged before the answer was lost").isOne();
    assertThat(failovers).isEmpty();
  }

  @Test
  void aRetryAfterALostAnswerSendsTheSameIdempotencyKeyAndStripeReplaysTheCharge() {
    startOnSimulator(false, Map.of("retry.max-attempts", "2"));
    stripe.failNext(1, SimulatedFault.resetAfterRequest());

    Payment paid = switchboard.payments().charge(charge("o-retried", StripeSimulator.PM_SUCCEEDS));

    assertThat(stripe.requests())
        .extracting(r -> r.getHeaders().get("Idempotency-Key"))
        .containsExactly("o-retried", "o-retried");
    assertThat(stripe.requests())
        .extracting(r -> r.getBody().utf8())
        .as("the retry is the same request, byte for byte")
        .containsOnly(stripe.requests().get(0).getBody().utf8());
    assertThat(stripe.paymentIntentCount()).isOne();
    assertThat(stripe.replays()).isOne();
    assertThat(paid.id().provider()).isEqualTo("stripe");
  }

  @Test
  void stripeShouldRetryFalseStopsTheRetryTheRuleWouldAllow() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(500)
              .setHeader("Stripe-Should-Retry", "false")
              .setHeader("Request-Id", "req_no_retry")
              .body("{\"error\":{\"type\":\"api_error\",\"message\":\"do not retry\"}}")
              .build());
      start(server.url("/").toString(), false, Map.of("retry.max-attempts", "3"));

      OutcomeUnknownException unknown =
          catchThrowableOfType(
              OutcomeUnknownException.class,
              () -> switchboard.payments().charge(charge("o-500", StripeSimulator.PM_SUCCEEDS)));

      assertThat(unknown.context().vendorRetryHint()).contains(false);
      assertThat(unknown.vendorRequestId()).contains("req_no_retry");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void stripeShouldRetryTrueRetriesAConflictWithTheSameKey() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(409)
              .setHeader("Stripe-Should-Retry", "true")
              .setHeader("Request-Id", "req_lock")
              .body(
                  "{\"error\":{\"type\":\"idempotency_error\",\"code\":\"idempotency_key_in_use\","
                      + "\"message\":\"There is currently another in-progress request using this"
                      + " Stripe-Idempotency-Key.\"}}")
              .build());
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Request-Id", "req_done")
              .body(
                  "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":1000,"
                      + "\"amount_received\":1000,\"currency\":\"eur\",\"status\":\"succeeded\","
                      + "\"created\":1700000000,\"capture_method\":\"automatic\",\"metadata\":{}}")
              .build());
      start(server.url("/").toString(), false, Map.of("retry.max-attempts", "2"));

      Payment paid = switchboard.payments().charge(charge("o-409", StripeSimulator.PM_SUCCEEDS));

      RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(first.getHeaders().get("Idempotency-Key")).isEqualTo("o-409");
      assertThat(second.getHeaders().get("Idempotency-Key")).isEqualTo("o-409");
      assertThat(paid.vendorRequestId()).contains("req_done");
      assertThat(clock.waits()).hasSize(1);
    }
  }

  @Test
  void withoutStripesHintAConflictIsNotRetried() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(409)
              .body("{\"error\":{\"type\":\"idempotency_error\",\"message\":\"in progress\"}}")
              .build());
      start(server.url("/").toString(), false, Map.of("retry.max-attempts", "3"));

      catchThrowableOfType(
          ConflictException.class,
          () -> switchboard.payments().charge(charge("o-409b", StripeSimulator.PM_SUCCEEDS)));

      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
