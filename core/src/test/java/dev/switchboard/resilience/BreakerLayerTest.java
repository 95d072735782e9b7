package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BreakerLayerTest {
  private final MutableClock clock = MutableClock.start();
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private final CallContext context = new CallContext("acme", "charge", null);
  private final BreakerLayer breaker = breaker(2, 2);

  private BreakerLayer breaker(int window, int minimumCalls) {
    PolicyEvents policyEvents = new PolicyEvents("acme", clock);
    policyEvents.add(events::add);
    return new BreakerLayer(
        "acme",
        ResilienceConfig.builder()
            .clock(clock)
            .breakerSlidingWindowSize(window)
            .breakerMinimumCalls(minimumCalls)
            .breakerWaitInOpen(Duration.ofSeconds(30))
            .breakerHalfOpenCalls(1)
            .build(),
        policyEvents);
  }

  /** Runs a blocking attempt through the layer, as the policy does. */
  private static <T> T run(BreakerLayer layer, CallContext context, Supplier<T> inner) {
    return Futures.join(layer.execute(context, () -> Futures.call(inner)));
  }

  private void fail(Supplier<String> inner) {
    fail(breaker, inner);
  }

  private static void fail(BreakerLayer layer, Supplier<String> inner) {
    assertThatThrownBy(() -> run(layer, new CallContext("acme", "charge", null), inner))
        .isNotNull();
  }

  private void succeed(BreakerLayer layer, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(run(layer, context, Scripted.succeeding())).isEqualTo("ok");
    }
  }

  @Test
  void opensOnTheProvidersFailuresButIgnoresThePolicysOwnRefusals() {
    ProviderUnavailableException refusal =
        new ProviderUnavailableException(
            "bulkhead full", Failures.NOT_SENT, new LocalRefusal(RefusalReason.BULKHEAD_FULL));
    for (int i = 0; i < 5; i++) {
      fail(Scripted.failing(refusal));
    }
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

    fail(Scripted.failing(Failures.unavailable()));
    fail(Scripted.failing(Failures.unavailable()));

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(events).filteredOn(ResilienceEvent.BreakerStateChanged.class::isInstance).hasSize(1);
  }

  @Test
  void refusesWithoutCallingWhileOpenAndOffersTheTrialAfterTheWait() {
    fail(Scripted.failing(Failures.unavailable()));
    fail(Scripted.failing(Failures.unavailable()));
    Scripted trial = Scripted.succeeding();

    assertThatThrownBy(() -> run(breaker, context, trial))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.BREAKER_OPEN));
    assertThat(trial.invocations()).isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(run(breaker, context, trial)).isEqualTo("ok");
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void givesATrialPermitBackWhenTheCallThrowsAnError() {
    fail(Scripted.failing(Failures.unavailable()));
    fail(Scripted.failing(Failures.unavailable()));
    clock.advance(Duration.ofSeconds(31));

    assertThatThrownBy(
            () ->
                run(
                    breaker,
                    context,
                    () -> {
                      throw new AssertionError("boom");
                    }))
        .isInstanceOf(AssertionError.class);

    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(run(breaker, context, Scripted.succeeding())).isEqualTo("ok");
  }

  @Test
  void aSuccessInAWindowThatIsNotFullCounts() {
    BreakerLayer layer = breaker(4, 2);

    succeed(layer, 1);
    fail(layer, Scripted.failing(Failures.unavailable()));

    // one success and one failure: 50% of the minimum two calls
    assertThat(layer.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void successesPushAnOldFailureOutOfTheWindow() {
    BreakerLayer layer = breaker(4, 4);
    succeed(layer, 3);
    fail(layer, Scripted.failing(Failures.unavailable()));
    assertThat(layer.state()).isEqualTo(BreakerState.CLOSED);

    // Four successes in a full window that holds a failure push it out, so the window holds no
    // failure: one more leaves it closed (one in four), only a second opens it.
    succeed(layer, 4);
    opensOnTheSecondFailure(layer);
  }

  /**
   * In a window of four full of successes, the first failure leaves it closed, the second opens.
   */
  private static void opensOnTheSecondFailure(BreakerLayer layer) {
    fail(layer, Scripted.failing(Failures.unavailable()));
    assertThat(layer.state()).isEqualTo(BreakerState.CLOSED);
    fail(layer, Scripted.failing(Failures.unavailable()));
    assertThat(layer.state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void manySuccessesInAFullWindowLeaveItAsItWas() {
    BreakerLayer layer = breaker(4, 4);
    succeed(layer, 1_000);

    opensOnTheSecondFailure(layer);
  }

  @Test
  void aSlowSuccessIsRecordedEvenInAFullWindowOfSuccesses() {
    BreakerLayer layer = breaker(2, 2);
    succeed(layer, 2);
    Supplier<String> slow =
        () -> {
          clock.advance(Duration.ofSeconds(61));
          return "ok";
        };

    run(layer, context, slow);
    run(layer, context, slow);

    // Resilience4j's defaults: a call of 60 s or more is slow, and a window of slow calls opens
    assertThat(layer.state()).isEqualTo(BreakerState.OPEN);
  }
}
