package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeTrialTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.start();
  private final ResilienceConfig config =
      ResilienceConfig.builder()
          .breakerSlidingWindowSize(4)
          .breakerMinimumCalls(4)
          .breakerWaitInOpen(WAIT)
          .breakerHalfOpenCalls(2)
          .clock(clock)
          .build();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "acme",
          CircuitBreakerConfig.custom()
              .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
              .slidingWindowSize(4)
              .minimumNumberOfCalls(4)
              .failureRateThreshold(50)
              .waitDurationInOpenState(WAIT)
              .permittedNumberOfCallsInHalfOpenState(2)
              .automaticTransitionFromOpenToHalfOpenEnabled(false)
              .recordException(ErrorPolicy::countsForBreaker)
              .ignoreException(ErrorPolicy::isLocalRefusal)
              .clock(clock)
              .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
              .build());
  private final ProviderHold hold = new ProviderHold(clock, Duration.ofSeconds(1), WAIT);
  private final List<Runnable> queued = new ArrayList<>();
  private final AtomicInteger probes = new AtomicInteger();

  private ProbeTrial trial(Executor executor) {
    return new ProbeTrial("acme", breaker, config, executor, hold);
  }

  @Test
  void withoutAProbeEveryCallGoesToTheBreaker() {
    ProbeTrial trial = trial(Runnable::run);
    open();

    assertThat(trial.admits()).isTrue();
  }

  @Test
  void refusesCustomerCallsWhileOpenAndProbesNothingBeforeTheWaitEnds() {
    ProbeTrial trial = trial(Runnable::run);
    trial.attach(probes::incrementAndGet);
    open();

    clock.advance(WAIT.minusMillis(1));

    assertThat(trial.admits()).isFalse();
    assertThat(probes).hasValue(0);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void theFirstCallAfterTheWaitStartsTheProbeWhichClosesTheBreaker() {
    ProbeTrial trial = trial(Runnable::run);
    trial.attach(probes::incrementAndGet);
    open();
    clock.advance(WAIT);

    assertThat(trial.admits()).as("the call that started the probe is not the trial").isFalse();

    assertThat(probes).hasValue(2);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(trial.admits()).isTrue();
  }

  @Test
  void aFailingProbeOpensTheBreakerForAnotherWait() {
    ProbeTrial trial = trial(Runnable::run);
    trial.attach(
        () -> {
          probes.incrementAndGet();
          throw Failures.unavailable();
        });
    open();
    clock.advance(WAIT);

    trial.admits();

    assertThat(probes).hasValue(2);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(WAIT.minusMillis(1));
    assertThat(trial.admits()).isFalse();
    assertThat(probes).as("no probe before the next wait ends").hasValue(2);
    clock.advance(Duration.ofMillis(1));
    trial.admits();
    assertThat(probes).hasValue(4);
  }

  @Test
  void runsOneTrialAtATimeOnItsExecutorNotTheCallersThread() {
    ProbeTrial trial = trial(queued::add);
    trial.attach(probes::incrementAndGet);
    open();
    clock.advance(WAIT);

    for (int i = 0; i < 5; i++) {
      assertThat(trial.admits()).isFalse();
    }

    assertThat(queued).hasSize(1);
    assertThat(probes).as("nothing ran on the calling thread").hasValue(0);
    assertThat(trial.running()).isTrue();
    queued.get(0).run();
    assertThat(trial.running()).isFalse();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aRateLimitedProbeReopensTheBreakerAndHoldsTheProvider() {
    ProbeTrial trial = trial(Runnable::run);
    trial.attach(
        () -> {
          probes.incrementAndGet();
          throw Failures.rateLimited(Duration.ofSeconds(5));
        });
    open();
    clock.advance(WAIT);

    trial.admits();

    assertThat(probes).hasValue(1);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(hold.remaining()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aProbeThatThrowsSomethingElseCountsAsAFailure() {
    ProbeTrial trial = trial(Runnable::run);
    trial.attach(
        () -> {
          throw new IllegalStateException("adapter bug");
        });
    open();
    clock.advance(WAIT);

    trial.admits();

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aRejectedTrialLeavesTheBreakerOpenAndIsStartedAgainLater() {
    AtomicInteger offered = new AtomicInteger();
    ProbeTrial trial =
        trial(
            task -> {
              if (offered.incrementAndGet() == 1) {
                throw new java.util.concurrent.RejectedExecutionException("full");
              }
              task.run();
            });
    trial.attach(probes::incrementAndGet);
    open();
    clock.advance(WAIT);

    trial.admits();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    trial.admits();

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  /**
   * A probe that hangs is ended at {@code timeout.call} like a customer's call: the trial counts it
   * as a failure and its thread is free again (real time: the deadline is the transport's).
   */
  @Test
  void aProbeThatHangsEndsAtTheCallTimeoutAndCountsAsAFailure() {
    ResilienceConfig bounded = config.toBuilder().timeoutCall(Duration.ofMillis(100)).build();
    ProbeTrial trial = new ProbeTrial("acme", breaker, bounded, Runnable::run, hold);
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    trial.attach(
        () -> {
          probes.incrementAndGet();
          try {
            never.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw Failures.unavailable();
        });
    open();
    clock.advance(WAIT);
    long started = System.nanoTime();

    assertThat(trial.admits()).isFalse();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(probes).as("the breaker's two half-open calls, each cut at 100 ms").hasValue(2);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(trial.running()).isFalse();
    assertThat(Thread.interrupted()).as("no interrupt is left behind").isFalse();
  }

  private void open() {
    breaker.transitionToOpenState();
  }
}
