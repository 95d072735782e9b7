package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue as an application gets it: {@code switchboard.deferred()} from configuration, Stripe
 * behind its policy on the testkit's Stripe simulator, the key ledger and the queue in one H2 file.
 * What reached the vendor is counted from the simulator's own state.
 */
class DeferredStripeSimulatorTest {
  private static final String KEY = "sk_test_fake_switchboard_deferred";

  @TempDir Path dir;
  private final ShiftedClock clock = new ShiftedClock();
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private Switchboard switchboard;

  @BeforeEach
  void start() {
    stripe.acceptApiKeys(KEY);
    stripe.start();
    String url = "jdbc:h2:file:" + dir.resolve("app");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("switchboard.payments.providers", "stripe");
    settings.put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}");
    settings.put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString());
    settings.put("switchboard.payments.stripe.read-timeout", "2s");
    settings.put("switchboard.payments.stripe.retry.max-attempts", "1");
    settings.put("switchboard.payments.stripe.breaker.wait-in-open", "30s");
    settings.put("switchboard.state.store", "jdbc");
    settings.put("switchboard.state.jdbc.url", url);
    settings.put("switchboard.deferred.polling-interval", "100ms");
    settings.put("switchboard.deferred.threads", "8");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(settings)
            .environment(Map.of("STRIPE_API_KEY", KEY))
            .discoverSecretSources(false)
            .clock(clock)
            .build();
    switchboard = Switchboard.fromConfig(config, ProviderRegistry.builder().discover().build());
  }

  @AfterEach
  void stop() {
    switchboard.close();
    stripe.close();
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("20.00", "EUR"))
        .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  /** Waits (boundedly) for the workers, moving the clock {@code step} at each look. */
  private void await(String what, Duration step, BooleanSupplier done) throws InterruptedException {
    Poll.until(what, () -> clock.advance(step), done, () -> "");
  }

  @Test
  void chargesAcceptedDuringAStripeOutageAreChargedOnceWhenItRecovers()
      throws InterruptedException {
    DeferredCalls deferred = switchboard.deferred();
    stripe.failAlways(SimulatedFault.unavailable());
    List<DeferredCall> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(deferred.charge(charge("sim-order-" + i)));
    }
    await(
        "every call was tried",
        Duration.ZERO,
        () ->
            deferred.health().count(DeferredState.QUEUED) == 0
                && deferred.health().executions().values().stream().mapToLong(Long::longValue).sum()
                    >= 40);
    assertThat(stripe.paymentIntentCount()).isZero();

    stripe.heal();
    // The breaker lets a trial through first; the rest keep backing off until it closes.
    await(
        "every call succeeded",
        Duration.ofSeconds(30),
        () -> deferred.health().count(DeferredState.SUCCEEDED) == 40);

    assertThat(stripe.paymentIntentCount()).isEqualTo(40);
    assertThat(calls)
        .allSatisfy(
            c ->
                assertThat(deferred.status(c.id()).orElseThrow().outcome().orElseThrow())
                    .isInstanceOf(DeferredOutcome.Charged.class));
  }

  @Test
  void chargeWhoseAnswerWasLostIsRepeatedWithItsKeyAndChargedOnce() throws InterruptedException {
    DeferredCalls deferred = switchboard.deferred();
    stripe.failNext(1, SimulatedFault.resetAfterRequest());
    DeferredCall call = deferred.charge(charge("sim-lost-1"));
    await(
        "the first answer was lost",
        Duration.ZERO,
        () -> deferred.status(call.id()).orElseThrow().state() == DeferredState.WAITING);
    assertThat(deferred.status(call.id()).orElseThrow().lastError().orElseThrow().type())
        .isEqualTo("OutcomeUnknownException");

    await(
        "the call succeeded",
        Duration.ofSeconds(30),
        () -> deferred.status(call.id()).orElseThrow().state() == DeferredState.SUCCEEDED);

    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
    assertThat(stripe.replays()).isEqualTo(1);
  }
}
