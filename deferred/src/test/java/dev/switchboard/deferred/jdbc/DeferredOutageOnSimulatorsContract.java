package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.ShiftedClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outage, as an application lives it: {@code switchboard.deferred()} from
 * configuration, the real Stripe and SendGrid adapters on the testkit's simulators, the key ledger
 * and the queue in one database. During 60 simulated seconds Stripe answers 503 (an outcome the
 * adapter reports as unknown, so every later attempt must carry the same key to the same vendor)
 * and SendGrid throttles with 429 and a 60 s {@code Retry-After}, while 1,000 charges and 1,000
 * emails are enqueued. Then both recover. What reached each vendor is counted from the simulators'
 * own state: every call must end SUCCEEDED, once.
 */
abstract class DeferredOutageOnSimulatorsContract {
  static final int CALLS = 1_000;
  private static final String STRIPE_KEY = "sk_test_fake_switchboard_outage";

  final ShiftedClock clock = new ShiftedClock();
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final SendGridSimulator sendgrid = new SendGridSimulator(clock);
  private Switchboard switchboard;

  /** The JDBC URL of a fresh database for the ledger and the queue. */
  abstract String url();

  /** The database user, or null. */
  abstract String username();

  @BeforeEach
  void start() {
    stripe.acceptApiKeys(STRIPE_KEY);
    stripe.start();
    sendgrid.start();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("switchboard.payments.providers", "stripe");
    settings.put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}");
    settings.put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString());
    settings.put("switchboard.payments.stripe.retry.max-attempts", "1");
    settings.put("switchboard.email.providers", "sendgrid");
    settings.put("switchboard.email.sendgrid.api-key", "${env:SENDGRID_API_KEY}");
    settings.put("switchboard.email.sendgrid.base-url", sendgrid.baseUrl().toString());
    settings.put("switchboard.email.sendgrid.retry.max-attempts", "1");
    settings.put("switchboard.state.store", "jdbc");
    settings.put("switchboard.state.jdbc.url", url());
    if (username() != null) {
      settings.put("switchboard.state.jdbc.username", username());
    }
    settings.put("switchboard.deferred.polling-interval", "100ms");
    settings.put("switchboard.deferred.threads", "8");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(settings)
            .environment(
                Map.of(
                    "STRIPE_API_KEY",
                    STRIPE_KEY,
                    "SENDGRID_API_KEY",
                    SendGridSimulator.DEFAULT_API_KEY))
            .discoverSecretSources(false)
            .clock(clock)
            .build();
    switchboard = Switchboard.fromConfig(config, ProviderRegistry.builder().discover().build());
  }

  @AfterEach
  void stop() {
    switchboard.close();
    stripe.close();
    sendgrid.close();
  }

  @Test
  void everyCallEnqueuedDuringAnOutageEndsSucceededOnceAtTheVendorAfterIt()
      throws InterruptedException {
    DeferredCalls deferred = switchboard.deferred();
    stripe.failAlways(SimulatedFault.unavailable());
    sendgrid.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(60)));
    for (int i = 0; i < CALLS; i++) {
      deferred.charge(
          ChargeRequest.builder()
              .amount(Money.of("20.00", "EUR"))
              .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
              .idempotencyKey(IdempotencyKey.of("outage-order-" + i))
              .build());
      deferred.send(
          EmailMessage.builder()
              .from("shop@example.com")
              .to("buyer-" + i + "@example.com")
              .subject("Your order outage-order-" + i)
              .text("Thanks")
              .idempotencyKey(IdempotencyKey.of("outage-mail-" + i))
              .build());
    }
    await(
        "every call was tried once",
        Duration.ZERO,
        () ->
            deferred.health().count(DeferredState.QUEUED) == 0
                && executions(deferred) >= 2 * CALLS);
    // The outage lasts 60 simulated seconds: the clock moves, nothing sleeps.
    clock.advance(Duration.ofSeconds(60));
    DeferredHealth during = deferred.health();
    assertThat(during.count(DeferredState.WAITING) + during.count(DeferredState.RUNNING))
        .isEqualTo(2L * CALLS);
    assertThat(stripe.paymentIntentCount()).isZero();
    assertThat(sendgrid.sent()).isEmpty();
    int stripeRequestsDuringOutage = stripe.requests().size();

    stripe.heal();
    sendgrid.heal();
    await(
        "every call succeeded",
        Duration.ofSeconds(30),
        () -> deferred.health().count(DeferredState.SUCCEEDED) == 2L * CALLS);

    assertThat(stripe.paymentIntentCount()).isEqualTo(CALLS);
    Set<Object> subjects = new HashSet<>();
    for (SendGridSimulator.SentMessage sent : sendgrid.sent()) {
      assertThat(subjects.add(sent.request().get("subject"))).as("sent once").isTrue();
    }
    assertThat(subjects).hasSize(CALLS);
    // Every charge request, in and after the outage, carried one of the calls' own keys.
    Set<String> keys = new HashSet<>();
    for (RecordedRequest request : stripe.requests()) {
      if ("POST".equals(request.getMethod())
          && request.getUrl().encodedPath().equals("/v1/payment_intents")) {
        keys.add(request.getHeaders().get("Idempotency-Key"));
      }
    }
    assertThat(keys).hasSize(CALLS).allSatisfy(k -> assertThat(k).startsWith("outage-order-"));
    // The breaker kept the outage from costing a request per waiting call per attempt.
    assertThat(stripeRequestsDuringOutage).isLessThan(CALLS);
    assertThat(deferred.health().count(DeferredState.DEAD)).isZero();
  }

  private static long executions(DeferredCalls deferred) {
    return deferred.health().executions().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits (boundedly, in real time) for the workers, moving the clock {@code step} each look. */
  private void await(String what, Duration step, BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(until);
      clock.advance(step);
      Thread.sleep(50);
    }
  }
}
