package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.payments.FailureCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ResiliencePolicyBreakerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.start();
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private final ResiliencePolicy policy =
      policy(ResilienceConfig.builder().breakerHalfOpenCalls(2));

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    ResiliencePolicy created =
        ResiliencePolicy.of(
            "acme",
            builder
                .retryMaxAttempts(1)
                .breakerSlidingWindowSize(4)
                .breakerMinimumCalls(4)
                .breakerFailureRateThreshold(50)
                .breakerWaitInOpen(WAIT)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .random(new Random(1))
                .sleeper(new RecordingSleeper(null))
                .build());
    created.addListener(events::add);
    return created;
  }

  @Test
  void aRefusalSaysHowMuchOfTheOpenWaitIsLeftAndNothingOnceItIsOver() {
    failTimes(4);
    clock.advance(WAIT.minusSeconds(2));
    Scripted call = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("charge", IdempotencyKey.of("order-2"), call))
        .satisfies(
            e ->
                assertThat(ErrorPolicy.retryAfter(e, clock.instant()))
                    .contains(Duration.ofSeconds(2)))
        .satisfies(
            e ->
                assertThat(ErrorPolicy.retryAfter(e, clock.instant().plus(WAIT)))
                    .as("asked after the wait")
                    .isEmpty());
  }

  @Test
  void opensAfterTheConfiguredFailures() {
    failTimes(3);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);

    failTimes(1);

    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
    assertThat(policy.health().breakerState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void refusesCallsWhileOpenWithoutCallingTheProvider() {
    failTimes(4);
    Scripted call = Scripted.succeeding();
    IdempotencyKey key = IdempotencyKey.of("order-1");

    assertThatThrownBy(() -> policy.execute("charge", key, call))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("circuit breaker open");
              assertThat(e.requestSent()).isFalse();
              assertThat(e.provider()).contains("acme");
              assertThat(e.operation()).contains("charge");
              assertThat(e.idempotencyKey()).contains(key);
              assertThat(e.getCause().getCause()).isInstanceOf(CallNotPermittedException.class);
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.BREAKER_OPEN);
              // Refused right after opening: the whole wait is still to come.
              assertThat(ErrorPolicy.retryAfter(e, clock.instant())).contains(WAIT);
            });
    assertThat(call.invocations()).isZero();
    assertThat(events)
        .contains(
            new ResilienceEvent.CallRefused(
                "acme", "charge", RefusalReason.BREAKER_OPEN, clock.instant()));
  }

  @Test
  void staysOpenUntilTheClockPassesTheWait() {
    failTimes(4);
    clock.advance(WAIT.minusMillis(1));

    assertThatThrownBy(() -> policy.execute("charge", null, Scripted.succeeding()))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void goesHalfOpenWhenTheWaitHasPassedAndACallIsOffered() {
    failTimes(4);
    clock.advance(WAIT.plusMillis(1));
    assertThat(policy.breakerState())
        .as("no call offered yet, and no timer moves it")
        .isEqualTo(BreakerState.OPEN);

    String result = policy.execute("charge", null, Scripted.succeeding());

    assertThat(result).isEqualTo("ok");
    assertThat(policy.breakerState()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void closesAfterTheTrialCallsSucceed() {
    failTimes(4);
    clock.advance(WAIT.plusMillis(1));

    policy.execute("charge", null, Scripted.succeeding());
    policy.execute("charge", null, Scripted.succeeding());

    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
    assertThat(transitions())
        .containsExactly(
            List.of(BreakerState.CLOSED, BreakerState.OPEN),
            List.of(BreakerState.OPEN, BreakerState.HALF_OPEN),
            List.of(BreakerState.HALF_OPEN, BreakerState.CLOSED));
  }

  @Test
  void reopensAfterAFailureInHalfOpen() {
    failTimes(4);
    clock.advance(WAIT.plusMillis(1));

    policy.execute("charge", null, Scripted.succeeding());
    failTimes(1);

    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
    assertThatThrownBy(() -> policy.execute("charge", null, Scripted.succeeding()))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("circuit breaker open");
  }

  @Test
  void declinesAndInvalidRequestsDoNotOpenIt() {
    ResiliencePolicy policy =
        policy(ResilienceConfig.builder().breakerHalfOpenCalls(2).rateLimitHoldMax(Duration.ZERO));
    for (int i = 0; i < 10; i++) {
      Supplier<String> declined =
          () -> {
            throw Failures.declined(FailureCode.INSUFFICIENT_FUNDS);
          };
      assertThatThrownBy(() -> policy.execute("charge", null, declined))
          .isInstanceOf(PaymentDeclinedException.class);
      assertThatThrownBy(() -> policy.execute("charge", null, Scripted.failing(Failures.invalid())))
          .isInstanceOf(SwitchboardException.class);
      assertThatThrownBy(
              () -> policy.execute("charge", null, Scripted.failing(Failures.notFound())))
          .isInstanceOf(SwitchboardException.class);
      assertThatThrownBy(
              () -> policy.execute("charge", null, Scripted.failing(Failures.rateLimited(null))))
          .isInstanceOf(SwitchboardException.class);
    }

    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void countsUnknownOutcomesAndAuthenticationFailures() {
    for (RuntimeException failure :
        List.of(
            Failures.unknown(),
            Failures.authentication(),
            Failures.unknown(),
            Failures.unknown())) {
      assertThatThrownBy(() -> policy.execute("charge", null, Scripted.failing(failure)))
          .isSameAs(failure);
    }

    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void aDisabledBreakerNeverRefuses() {
    ResiliencePolicy disabled = policy(ResilienceConfig.builder().breakerEnabled(false));

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(
              () -> disabled.execute("charge", null, Scripted.failing(Failures.unavailable())))
          .hasMessageContaining("connect refused");
    }

    assertThat(disabled.breakerState()).isEqualTo(BreakerState.DISABLED);
    assertThat(disabled.execute("charge", null, Scripted.succeeding())).isEqualTo("ok");
  }

  @Test
  void aWindowFilledByEightThreadsAtOnceStillCountsEachCallOnce() throws Exception {
    // The window is lock-free: callers record at once; afterwards it must hold exactly its last
    // four outcomes, so one failure leaves the breaker closed (25%) and a second opens it (50%).
    List<Thread> callers = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread caller =
          new Thread(
              () -> {
                for (int i = 0; i < 2_000; i++) {
                  policy.execute("charge", null, Scripted.succeeding());
                }
              });
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join();
    }
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);

    failTimes(1);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);

    failTimes(1);
    assertThat(policy.breakerState()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void aWindowOfOneCallStaysSynchronizedSinceTheLockFreeOneFailsOnIt() {
    assertThat(
            BreakerLayer.windowSynchronization(
                ResilienceConfig.builder()
                    .breakerSlidingWindowSize(1)
                    .breakerMinimumCalls(1)
                    .build()))
        .isEqualTo(
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
                .SlidingWindowSynchronizationStrategy.SYNCHRONIZED);
    ResiliencePolicy single =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .retryMaxAttempts(1)
                .breakerSlidingWindowSize(1)
                .breakerMinimumCalls(1)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .build());
    for (int i = 0; i < 3; i++) {
      assertThat(single.execute("charge", null, Scripted.succeeding())).isNotNull();
    }
  }

  private void failTimes(int times) {
    for (int i = 0; i < times; i++) {
      ProviderUnavailableException failure = Failures.unavailable();
      assertThatThrownBy(() -> policy.execute("charge", null, Scripted.failing(failure)))
          .isSameAs(failure);
    }
  }

  private List<List<BreakerState>> transitions() {
    return events.stream()
        .filter(ResilienceEvent.BreakerStateChanged.class::isInstance)
        .map(ResilienceEvent.BreakerStateChanged.class::cast)
        .map(changed -> List.of(changed.from(), changed.to()))
        .toList();
  }
}
