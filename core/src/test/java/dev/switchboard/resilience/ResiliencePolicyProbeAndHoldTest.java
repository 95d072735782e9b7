package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy with a health probe as its half-open trial, and holding a rate-limiting provider. */
class ResiliencePolicyProbeAndHoldTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.start();
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger probes = new AtomicInteger();
  private volatile boolean providerUp;

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    ResiliencePolicy created =
        ResiliencePolicy.of(
            "acme",
            builder
                .retryMaxAttempts(1)
                .breakerSlidingWindowSize(4)
                .breakerMinimumCalls(4)
                .breakerWaitInOpen(WAIT)
                .breakerHalfOpenCalls(2)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .random(new Random(1))
                .sleeper(new RecordingSleeper(null))
                .probeExecutor(Runnable::run)
                .build());
    created.addListener(events::add);
    created.attachProbe(
        () -> {
          probes.incrementAndGet();
          if (!providerUp) {
            throw Failures.unavailable();
          }
        });
    return created;
  }

  private void open(ResiliencePolicy policy) {
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(
              () -> policy.execute("charge", null, Scripted.failing(Failures.unavailable())))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void noCustomerCallIsTheTrialTheProbeIs() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    open(policy);
    clock.advance(WAIT);
    Scripted customer = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("charge", null, customer))
        .isInstanceOf(ProviderUnavailableException.class)
        .satisfies(
            e -> assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.BREAKER_OPEN));

    assertThat(customer.invocations()).isZero();
    assertThat(probes).hasValue(2);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);

    providerUp = true;
    clock.advance(WAIT);
    assertThatThrownBy(() -> policy.execute("charge", null, customer))
        .as("the call that starts the trial still moves on")
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
    assertThat(customer.invocations()).isZero();

    assertThat(policy.execute("charge", null, customer)).isEqualTo("ok");
    assertThat(customer.invocations()).isEqualTo(1);
  }

  @Test
  void withHalfOpenTrialCallARealCallIsTheTrial() {
    ResiliencePolicy policy =
        policy(ResilienceConfig.builder().breakerHalfOpenTrial(HalfOpenTrial.CALL));
    open(policy);
    clock.advance(WAIT.plusMillis(1));
    Scripted customer = Scripted.succeeding();

    assertThat(policy.execute("charge", null, customer)).isEqualTo("ok");

    assertThat(probes).hasValue(0);
    assertThat(policy.probesWhenHalfOpen()).isFalse();
    assertThat(policy.breakerState()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void aRateLimitHoldsEveryCallerAndRefusesLocallyWithTheTimeLeft() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    assertThatThrownBy(
            () ->
                policy.execute(
                    "get", null, Scripted.failing(Failures.rateLimited(Duration.ofSeconds(5)))))
        .isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofSeconds(2));
    Scripted next = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("get", null, next))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.VENDOR_HOLD);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
              assertThat(ErrorPolicy.mayFailOver(e, FailoverScope.storageRead())).isTrue();
            });

    assertThat(next.invocations()).isZero();
    assertThat(policy.heldFor()).isEqualTo(Duration.ofSeconds(3));
    assertThat(events)
        .filteredOn(ResilienceEvent.CallRefused.class::isInstance)
        .extracting(e -> ((ResilienceEvent.CallRefused) e).reason())
        .containsExactly(RefusalReason.VENDOR_HOLD);
    clock.advance(Duration.ofSeconds(3));
    assertThat(policy.execute("get", null, next)).isEqualTo("ok");
  }

  @Test
  void aLimitOnOneRequestsObjectHoldsNobodyElse() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder().retryMaxAttempts(1));
    RateLimitedException locked =
        new RateLimitedException(
            "429 lock_timeout",
            Failures.SENT,
            Duration.ofSeconds(5),
            null,
            RateLimitedException.Scope.REQUEST);
    assertThatThrownBy(() -> policy.execute("charge", null, Scripted.failing(locked)))
        .isSameAs(locked);
    Scripted next = Scripted.succeeding();

    assertThat(policy.execute("charge", null, next)).isEqualTo("ok");
    assertThat(next.invocations()).isEqualTo(1);
    assertThat(policy.heldFor()).isZero();
  }

  @Test
  void aHoldNeverCountsForTheBreaker() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    policy.execute("get", null, Scripted.succeeding());
    assertThatThrownBy(
            () -> policy.execute("get", null, Scripted.failing(Failures.rateLimited(null))))
        .isInstanceOf(RateLimitedException.class);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> policy.execute("get", null, Scripted.succeeding()))
          .isInstanceOf(RateLimitedException.class);
    }

    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void healthShowsAHoldUntilItEndsAndAProbeWhileItRuns() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    assertThat(policy.health().heldUntil()).isEmpty();
    assertThatThrownBy(
            () ->
                policy.execute(
                    "get", null, Scripted.failing(Failures.rateLimited(Duration.ofSeconds(5)))))
        .isInstanceOf(RateLimitedException.class);

    assertThat(policy.health().heldUntil()).contains(clock.instant().plusSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(policy.health().heldUntil()).isEmpty();

    List<Runnable> pending = new CopyOnWriteArrayList<>();
    ResiliencePolicy probed =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .retryMaxAttempts(1)
                .breakerSlidingWindowSize(4)
                .breakerMinimumCalls(4)
                .breakerWaitInOpen(WAIT)
                .breakerHalfOpenCalls(1)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .sleeper(new RecordingSleeper(null))
                .probeExecutor(pending::add)
                .build());
    AtomicInteger probedRuns = new AtomicInteger();
    probed.attachProbe(probedRuns::incrementAndGet);
    open(probed);
    clock.advance(WAIT);
    assertThatThrownBy(() -> probed.execute("charge", null, Scripted.succeeding()))
        .isInstanceOf(ProviderUnavailableException.class);

    assertThat(pending).hasSize(1);
    assertThat(probed.health().probing()).isTrue();
    pending.get(0).run();
    assertThat(probed.health().probing()).isFalse();
    assertThat(probedRuns).hasValue(1);
    assertThat(probed.breakerState()).isEqualTo(BreakerState.CLOSED);
  }
}
