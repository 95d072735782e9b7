package dev.switchboard.config;

import dev.switchboard.resilience.HalfOpenTrial;
import dev.switchboard.resilience.ResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The resilience keys every provider has under {@code switchboard.<port>.<provider>.}, declared
 * once: {@link ProviderContext#resilience()} parses them through these declarations, the
 * unknown-key check accepts them, and the README's table is checked against them. The defaults are
 * {@link ResilienceConfig#defaults()}'s.
 */
public final class ResilienceKeys {
  private static final ResilienceConfig D = ResilienceConfig.defaults();

  public static final ConfigKey<Integer> RETRY_MAX_ATTEMPTS =
      ConfigKey.integer(
          "retry.max-attempts", D.retryMaxAttempts(), "attempts in total, the first included");
  public static final ConfigKey<Duration> RETRY_BASE_DELAY =
      ConfigKey.duration("retry.base-delay", D.retryBaseDelay(), "back-off base (full jitter)");
  public static final ConfigKey<Duration> RETRY_MAX_DELAY =
      ConfigKey.duration("retry.max-delay", D.retryMaxDelay(), "back-off cap");
  public static final ConfigKey<Duration> RETRY_MAX_RETRY_AFTER =
      ConfigKey.duration(
          "retry.max-retry-after",
          D.retryMaxRetryAfter(),
          "a longer Retry-After is not waited for");
  public static final ConfigKey<Integer> RETRY_BUDGET_CAPACITY =
      ConfigKey.integer(
          "retry-budget.capacity", D.retryBudgetCapacity(), "the retry budget's capacity");
  public static final ConfigKey<Integer> RETRY_BUDGET_RETRY_COST =
      ConfigKey.integer(
          "retry-budget.retry-cost", D.retryBudgetRetryCost(), "what one retry costs the budget");
  public static final ConfigKey<Integer> RETRY_BUDGET_OUTCOME_UNKNOWN_RETRY_COST =
      ConfigKey.integer(
          "retry-budget.outcome-unknown-retry-cost",
          D.retryBudgetOutcomeUnknownRetryCost(),
          "what a retry after an unknown outcome costs the budget");
  public static final ConfigKey<Boolean> BREAKER_ENABLED =
      ConfigKey.bool("breaker.enabled", D.breakerEnabled(), "whether the circuit breaker is on");
  public static final ConfigKey<Float> BREAKER_FAILURE_RATE_THRESHOLD =
      ConfigKey.decimal(
          "breaker.failure-rate-threshold",
          D.breakerFailureRateThreshold(),
          "percent of the window that must fail to open the breaker");
  public static final ConfigKey<Integer> BREAKER_SLIDING_WINDOW_SIZE =
      ConfigKey.integer(
          "breaker.sliding-window-size",
          D.breakerSlidingWindowSize(),
          "attempts in the breaker's window; each retry is recorded as a call of its own");
  public static final ConfigKey<Integer> BREAKER_MINIMUM_CALLS =
      ConfigKey.integer(
          "breaker.minimum-calls", D.breakerMinimumCalls(), "attempts before the rate counts");
  public static final ConfigKey<Duration> BREAKER_WAIT_IN_OPEN =
      ConfigKey.duration(
          "breaker.wait-in-open", D.breakerWaitInOpen(), "open time before the half-open trial");
  public static final ConfigKey<Integer> BREAKER_HALF_OPEN_CALLS =
      ConfigKey.integer(
          "breaker.half-open-calls", D.breakerHalfOpenCalls(), "trial calls when half-open");
  public static final ConfigKey<String> BREAKER_HALF_OPEN_TRIAL =
      ConfigKey.string(
              "breaker.half-open-trial",
              D.breakerHalfOpenTrial().name().toLowerCase(Locale.ROOT),
              "probe: the adapter's health probe is the half-open trial; call: the next customer"
                  + " calls are")
          .oneOf("probe", "call");
  public static final ConfigKey<Integer> RATE_LIMIT_LIMIT_FOR_PERIOD =
      ConfigKey.integer(
          "rate-limit.limit-for-period",
          D.rateLimitLimitForPeriod(),
          "calls per period on the client side; 0 turns the limit off");
  public static final ConfigKey<Duration> RATE_LIMIT_PERIOD =
      ConfigKey.duration(
          "rate-limit.period", D.rateLimitPeriod(), "the client-side limit's period");
  public static final ConfigKey<Duration> RATE_LIMIT_MAX_WAIT =
      ConfigKey.duration(
          "rate-limit.max-wait", D.rateLimitMaxWait(), "how long a call waits for a permit");
  public static final ConfigKey<Duration> RATE_LIMIT_HOLD_BASE =
      ConfigKey.duration(
          "rate-limit.hold.base",
          D.rateLimitHoldBase(),
          "the first local hold after a vendor's rate limit without Retry-After");
  public static final ConfigKey<Duration> RATE_LIMIT_HOLD_MAX =
      ConfigKey.duration(
          "rate-limit.hold.max", D.rateLimitHoldMax(), "caps every hold; 0 turns holds off");
  public static final ConfigKey<Boolean> RATE_LIMIT_SHARED =
      ConfigKey.bool(
          "rate-limit.shared",
          false,
          "make the client-side limit one budget for every instance sharing the state store");
  public static final ConfigKey<Long> QUOTA_RESERVE =
      ConfigKey.longValue(
          "quota.reserve",
          D.quotaReserve(),
          "slow down when the vendor's remaining quota reaches this");
  public static final ConfigKey<Duration> QUOTA_MAX_WAIT =
      ConfigKey.duration("quota.max-wait", D.quotaMaxWait(), "the longest quota slow-down");
  public static final ConfigKey<Integer> BULKHEAD_MAX_CONCURRENT_CALLS =
      ConfigKey.integer(
          "bulkhead.max-concurrent-calls",
          D.bulkheadMaxConcurrentCalls(),
          "concurrent calls per provider");
  public static final ConfigKey<Duration> BULKHEAD_MAX_WAIT =
      ConfigKey.duration(
          "bulkhead.max-wait", D.bulkheadMaxWait(), "how long a call waits for a bulkhead slot");
  public static final ConfigKey<Duration> TIMEOUT_CALL =
      ConfigKey.duration("timeout.call", D.timeoutCall(), "one attempt's deadline; 0 turns it off")
          .defaultText(ConfigKey.formatDuration(D.timeoutCall()) + ", storage 0");

  /** One key and the builder method it sets. */
  record Binding<T>(ConfigKey<T> key, BiConsumer<ResilienceConfig.Builder, T> setter) {}

  /** Every key that sets a builder property directly, in the order they are read. */
  static final List<Binding<?>> BINDINGS =
      List.of(
          new Binding<>(RETRY_MAX_ATTEMPTS, ResilienceConfig.Builder::retryMaxAttempts),
          new Binding<>(RETRY_BASE_DELAY, ResilienceConfig.Builder::retryBaseDelay),
          new Binding<>(RETRY_MAX_DELAY, ResilienceConfig.Builder::retryMaxDelay),
          new Binding<>(RETRY_MAX_RETRY_AFTER, ResilienceConfig.Builder::retryMaxRetryAfter),
          new Binding<>(RETRY_BUDGET_CAPACITY, ResilienceConfig.Builder::retryBudgetCapacity),
          new Binding<>(RETRY_BUDGET_RETRY_COST, ResilienceConfig.Builder::retryBudgetRetryCost),
          new Binding<>(
              RETRY_BUDGET_OUTCOME_UNKNOWN_RETRY_COST,
              ResilienceConfig.Builder::retryBudgetOutcomeUnknownRetryCost),
          new Binding<>(BREAKER_ENABLED, ResilienceConfig.Builder::breakerEnabled),
          new Binding<>(
              BREAKER_FAILURE_RATE_THRESHOLD,
              ResilienceConfig.Builder::breakerFailureRateThreshold),
          new Binding<>(
              BREAKER_SLIDING_WINDOW_SIZE, ResilienceConfig.Builder::breakerSlidingWindowSize),
          new Binding<>(BREAKER_MINIMUM_CALLS, ResilienceConfig.Builder::breakerMinimumCalls),
          new Binding<>(BREAKER_WAIT_IN_OPEN, ResilienceConfig.Builder::breakerWaitInOpen),
          new Binding<>(BREAKER_HALF_OPEN_CALLS, ResilienceConfig.Builder::breakerHalfOpenCalls),
          new Binding<>(
              BREAKER_HALF_OPEN_TRIAL,
              (b, v) -> b.breakerHalfOpenTrial(HalfOpenTrial.valueOf(v.toUpperCase(Locale.ROOT)))),
          new Binding<>(
              RATE_LIMIT_LIMIT_FOR_PERIOD, ResilienceConfig.Builder::rateLimitLimitForPeriod),
          new Binding<>(RATE_LIMIT_PERIOD, ResilienceConfig.Builder::rateLimitPeriod),
          new Binding<>(RATE_LIMIT_MAX_WAIT, ResilienceConfig.Builder::rateLimitMaxWait),
          new Binding<>(RATE_LIMIT_HOLD_BASE, ResilienceConfig.Builder::rateLimitHoldBase),
          new Binding<>(RATE_LIMIT_HOLD_MAX, ResilienceConfig.Builder::rateLimitHoldMax),
          new Binding<>(QUOTA_RESERVE, ResilienceConfig.Builder::quotaReserve),
          new Binding<>(QUOTA_MAX_WAIT, ResilienceConfig.Builder::quotaMaxWait),
          new Binding<>(
              BULKHEAD_MAX_CONCURRENT_CALLS, ResilienceConfig.Builder::bulkheadMaxConcurrentCalls),
          new Binding<>(BULKHEAD_MAX_WAIT, ResilienceConfig.Builder::bulkheadMaxWait),
          new Binding<>(TIMEOUT_CALL, ResilienceConfig.Builder::timeoutCall));

  /** Every resilience key. */
  public static final ConfigKeys ALL =
      ConfigKeys.of(
          java.util.stream.Stream.concat(
                  BINDINGS.stream().map(Binding::key),
                  java.util.stream.Stream.of(RATE_LIMIT_SHARED))
              .toList());

  private ResilienceKeys() {}
}
