package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.http.HttpClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {
  @Test
  void holdsTheDocumentedDefaults() {
    ResilienceConfig config = ResilienceConfig.defaults();

    assertThat(config.retryMaxAttempts()).isEqualTo(3);
    assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.retryMaxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retryBudgetCapacity()).isEqualTo(100);
    assertThat(config.retryBudgetRetryCost()).isEqualTo(5);
    assertThat(config.retryBudgetOutcomeUnknownRetryCost()).isEqualTo(10);
    assertThat(config.breakerEnabled()).isTrue();
    assertThat(config.breakerFailureRateThreshold()).isEqualTo(50f);
    assertThat(config.breakerSlidingWindowSize()).isEqualTo(20);
    assertThat(config.breakerMinimumCalls()).isEqualTo(10);
    assertThat(config.breakerWaitInOpen()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.breakerHalfOpenCalls()).isEqualTo(3);
    assertThat(config.breakerHalfOpenTrial()).isEqualTo(HalfOpenTrial.PROBE);
    assertThat(config.rateLimitHoldBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.rateLimitHoldMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.rateLimitLimitForPeriod()).isZero();
    assertThat(config.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.rateLimitMaxWait()).isEqualTo(Duration.ZERO);
    assertThat(config.quotaReserve()).isZero();
    assertThat(config.quotaMaxWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.bulkheadMaxConcurrentCalls())
        .isEqualTo(HttpClients.DEFAULT_MAX_IDLE_CONNECTIONS)
        .isEqualTo(64);
    assertThat(config.bulkheadMaxWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.timeoutCall()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.clock()).isEqualTo(Clock.systemUTC());
    assertThat(config.onAuthenticationFailure()).isEmpty();
  }

  @Test
  void toBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
    Random random = new Random(1);
    Sleeper sleeper = wait -> {};
    AuthenticationFailureHook hook = failure -> {};
    ResilienceConfig original =
        ResilienceConfig.builder()
            .retryMaxAttempts(5)
            .retryBaseDelay(Duration.ofMillis(50))
            .retryMaxDelay(Duration.ofSeconds(2))
            .retryMaxRetryAfter(Duration.ofSeconds(10))
            .retryBudgetCapacity(50)
            .retryBudgetRetryCost(2)
            .retryBudgetOutcomeUnknownRetryCost(4)
            .breakerEnabled(false)
            .breakerFailureRateThreshold(25.5f)
            .breakerSlidingWindowSize(40)
            .breakerMinimumCalls(20)
            .breakerWaitInOpen(Duration.ofSeconds(5))
            .breakerHalfOpenCalls(1)
            .rateLimitLimitForPeriod(10)
            .rateLimitPeriod(Duration.ofSeconds(2))
            .rateLimitMaxWait(Duration.ofMillis(100))
            .quotaReserve(3)
            .quotaMaxWait(Duration.ofSeconds(3))
            .bulkheadMaxConcurrentCalls(4)
            .bulkheadMaxWait(Duration.ofMillis(10))
            .timeoutCall(Duration.ZERO)
            .clock(MutableClock.start())
            .random(random)
            .sleeper(sleeper)
            .onAuthenticationFailure(hook)
            .build();

    ResilienceConfig copy = original.toBuilder().retryMaxAttempts(2).build();

    assertThat(copy.retryMaxAttempts()).isEqualTo(2);
    assertThat(copy)
        .usingRecursiveComparison()
        .ignoringFields("retryMaxAttempts")
        .isEqualTo(original);
    assertThat(copy.random()).isSameAs(random);
    assertThat(copy.sleeper()).isSameAs(sleeper);
    assertThat(copy.onAuthenticationFailure()).containsSame(hook);
  }

  @Test
  void namesThePropertyOfEveryRejectedValue() {
    ResilienceConfig.Builder b = ResilienceConfig.builder();

    rejects(() -> b.retryMaxAttempts(0), "retry.max-attempts");
    rejects(() -> b.retryBaseDelay(Duration.ZERO), "retry.base-delay");
    rejects(() -> b.retryMaxDelay(Duration.ofMillis(-1)), "retry.max-delay");
    assertNullRejected(() -> b.retryMaxRetryAfter(null), "retry.max-retry-after");
    rejects(() -> b.retryBudgetCapacity(0), "retry-budget.capacity");
    rejects(() -> b.retryBudgetRetryCost(-1), "retry-budget.retry-cost");
    rejects(
        () -> b.retryBudgetOutcomeUnknownRetryCost(-1), "retry-budget.outcome-unknown-retry-cost");
    rejects(() -> b.breakerFailureRateThreshold(0f), "breaker.failure-rate-threshold");
    rejects(() -> b.breakerFailureRateThreshold(100.5f), "breaker.failure-rate-threshold");
    rejects(() -> b.breakerFailureRateThreshold(Float.NaN), "breaker.failure-rate-threshold");
    rejects(() -> b.breakerSlidingWindowSize(0), "breaker.sliding-window-size");
    rejects(() -> b.breakerMinimumCalls(0), "breaker.minimum-calls");
    rejects(() -> b.breakerWaitInOpen(Duration.ofNanos(10)), "breaker.wait-in-open");
    rejects(() -> b.breakerHalfOpenCalls(0), "breaker.half-open-calls");
    assertNullRejected(() -> b.breakerHalfOpenTrial(null), "breaker.half-open-trial");
    rejects(() -> b.rateLimitHoldBase(Duration.ZERO), "rate-limit.hold.base");
    rejects(() -> b.rateLimitHoldMax(Duration.ofSeconds(-1)), "rate-limit.hold.max");
    assertNullRejected(() -> b.probeExecutor(null), "probeExecutor");
    rejects(() -> b.rateLimitLimitForPeriod(-1), "rate-limit.limit-for-period");
    rejects(() -> b.rateLimitPeriod(Duration.ZERO), "rate-limit.period");
    rejects(() -> b.rateLimitMaxWait(Duration.ofDays(2)), "rate-limit.max-wait");
    rejects(() -> b.quotaReserve(-1), "quota.reserve");
    rejects(() -> b.quotaMaxWait(Duration.ofSeconds(-1)), "quota.max-wait");
    rejects(() -> b.bulkheadMaxConcurrentCalls(0), "bulkhead.max-concurrent-calls");
    rejects(() -> b.bulkheadMaxWait(Duration.ofSeconds(-1)), "bulkhead.max-wait");
    rejects(() -> b.timeoutCall(Duration.ofSeconds(-1)), "timeout.call");
    assertNullRejected(() -> b.clock(null), "clock");
    assertNullRejected(() -> b.random(null), "random");
    assertNullRejected(() -> b.sleeper(null), "sleeper");
    assertNullRejected(() -> b.onAuthenticationFailure(null), "onAuthenticationFailure");
  }

  @Test
  void rejectsABackoffCapBelowTheBase() {
    rejects(
        () ->
            ResilienceConfig.builder()
                .retryBaseDelay(Duration.ofSeconds(2))
                .retryMaxDelay(Duration.ofSeconds(1))
                .build(),
        "retry.max-delay");
  }

  @Test
  void printsThePropertiesButNotTheWiring() {
    String printed = ResilienceConfig.defaults().toString();

    assertThat(printed)
        .contains("retry.max-attempts=3", "breaker.wait-in-open=PT30S", "timeout.call=PT30S")
        .doesNotContain("Random", "Clock", "Sleeper");
  }

  private static void rejects(ThrowingCallable change, String property) {
    assertThatThrownBy(change)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains(property);
              assertThat(e.reason()).startsWith(property);
            });
  }

  /** A null reference is a bug, not bad input: NPE naming the argument. */
  private static void assertNullRejected(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }
}
