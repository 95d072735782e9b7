package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ProviderUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BreakerLayerTest {
  private final MutableClock clock = MutableClock.start();
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private final CallContext context = new CallContext("acme", "charge", null);
  private final BreakerLayer breaker = breaker();

  private BreakerLayer breaker() {
    PolicyEvents policyEvents = new PolicyEvents("acme", clock);
    policyEvents.add(events::add);
    return new BreakerLayer(
        "acme",
        ResilienceConfig.builder()
            .clock(clock)
            .breakerSlidingWindowSize(2)
            .breakerMinimumCalls(2)
            .breakerWaitInOpen(Duration.ofSeconds(30))
            .breakerHalfOpenCalls(1)
            .build(),
        policyEvents);
  }

  private void fail(Supplier<String> inner) {
    assertThatThrownBy(() -> breaker.execute(context, inner)).isNotNull();
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

    assertThatThrownBy(() -> breaker.execute(context, trial))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.BREAKER_OPEN));
    assertThat(trial.invocations()).isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.execute(context, trial)).isEqualTo("ok");
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void givesATrialPermitBackWhenTheCallThrowsAnError() {
    fail(Scripted.failing(Failures.unavailable()));
    fail(Scripted.failing(Failures.unavailable()));
    clock.advance(Duration.ofSeconds(31));

    assertThatThrownBy(
            () ->
                breaker.execute(
                    context,
                    () -> {
                      throw new AssertionError("boom");
                    }))
        .isInstanceOf(AssertionError.class);

    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.execute(context, Scripted.succeeding())).isEqualTo("ok");
  }
}
