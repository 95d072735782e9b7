package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.http.HttpClients;
import dev.switchboard.state.RateState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * The settings of one provider's {@link ResiliencePolicy}. Immutable; every setting has a default,
 * so {@code ResilienceConfig.builder().build()} is a sound configuration.
 *
 * <p>Each builder method is the camel-case form of a configuration property under the provider's
 * prefix (for example {@code switchboard.payments.<provider>.retry.max-attempts}):
 *
 * <table>
 *   <caption>Properties, builder methods and defaults</caption>
 *   <tr><th>property</th><th>builder method</th><th>default</th></tr>
 *   <tr><td>{@code retry.max-attempts}</td><td>{@link Builder#retryMaxAttempts}</td>
 *       <td>3 (in total, first call included)</td></tr>
 *   <tr><td>{@code retry.base-delay}</td><td>{@link Builder#retryBaseDelay}</td><td>500 ms</td></tr>
 *   <tr><td>{@code retry.max-delay}</td><td>{@link Builder#retryMaxDelay}</td>
 *       <td>5 s (the back-off cap)</td></tr>
 *   <tr><td>{@code retry.max-retry-after}</td><td>{@link Builder#retryMaxRetryAfter}</td>
 *       <td>30 s (a longer {@code Retry-After} hint is not waited for)</td></tr>
 *   <tr><td>{@code retry-budget.capacity}</td><td>{@link Builder#retryBudgetCapacity}</td>
 *       <td>100</td></tr>
 *   <tr><td>{@code retry-budget.retry-cost}</td><td>{@link Builder#retryBudgetRetryCost}</td>
 *       <td>5</td></tr>
 *   <tr><td>{@code retry-budget.outcome-unknown-retry-cost}</td>
 *       <td>{@link Builder#retryBudgetOutcomeUnknownRetryCost}</td><td>10</td></tr>
 *   <tr><td>{@code breaker.enabled}</td><td>{@link Builder#breakerEnabled}</td><td>true</td></tr>
 *   <tr><td>{@code breaker.failure-rate-threshold}</td>
 *       <td>{@link Builder#breakerFailureRateThreshold}</td><td>50 (percent)</td></tr>
 *   <tr><td>{@code breaker.sliding-window-size}</td><td>{@link Builder#breakerSlidingWindowSize}</td>
 *       <td>20 calls</td></tr>
 *   <tr><td>{@code breaker.minimum-calls}</td><td>{@link Builder#breakerMinimumCalls}</td>
 *       <td>10 calls</td></tr>
 *   <tr><td>{@code breaker.wait-in-open}</td><td>{@link Builder#breakerWaitInOpen}</td>
 *       <td>30 s</td></tr>
 *   <tr><td>{@code breaker.half-open-calls}</td><td>{@link Builder#breakerHalfOpenCalls}</td>
 *       <td>3</td></tr>
 *   <tr><td>{@code breaker.half-open-trial}</td><td>{@link Builder#breakerHalfOpenTrial}</td>
 *       <td>{@code probe} (the port's {@link HealthProbe} is the trial; {@code call} when the port
 *       names none)</td></tr>
 *   <tr><td>{@code rate-limit.limit-for-period}</td><td>{@link Builder#rateLimitLimitForPeriod}</td>
 *       <td>0 (no client-side limit)</td></tr>
 *   <tr><td>{@code rate-limit.period}</td><td>{@link Builder#rateLimitPeriod}</td><td>1 s</td></tr>
 *   <tr><td>{@code rate-limit.max-wait}</td><td>{@link Builder#rateLimitMaxWait}</td>
 *       <td>0 (refuse at once)</td></tr>
 *   <tr><td>{@code rate-limit.shared}</td><td>{@link Builder#sharedRateLimit}</td>
 *       <td>false (each instance has its own limit)</td></tr>
 *   <tr><td>{@code rate-limit.hold.base}</td><td>{@link Builder#rateLimitHoldBase}</td>
 *       <td>1 s (the first hold after a vendor's rate limit without {@code Retry-After}, doubled on
 *       each one that follows)</td></tr>
 *   <tr><td>{@code rate-limit.hold.max}</td><td>{@link Builder#rateLimitHoldMax}</td>
 *       <td>30 s (caps every hold, a vendor's hint included; 0 turns holds off)</td></tr>
 *   <tr><td>{@code quota.reserve}</td><td>{@link Builder#quotaReserve}</td><td>0</td></tr>
 *   <tr><td>{@code quota.max-wait}</td><td>{@link Builder#quotaMaxWait}</td><td>1 s</td></tr>
 *   <tr><td>{@code bulkhead.max-concurrent-calls}</td>
 *       <td>{@link Builder#bulkheadMaxConcurrentCalls}</td><td>64 ({@link
 *       HttpClients#DEFAULT_MAX_IDLE_CONNECTIONS}, the shared connection pool's size)</td></tr>
 *   <tr><td>{@code bulkhead.max-wait}</td><td>{@link Builder#bulkheadMaxWait}</td>
 *       <td>50 ms, then the call is shed ("bulkhead full")</td></tr>
 *   <tr><td>{@code timeout.call}</td><td>{@link Builder#timeoutCall}</td>
 *       <td>30 s (0 turns the whole-call timeout off)</td></tr>
 * </table>
 *
 * <p>Not properties, for wiring and tests: {@link Builder#clock} (system UTC), {@link
 * Builder#random} (a new {@link Random}), {@link Builder#sleeper} ({@link Sleeper#real()}, for
 * blocking calls), {@link Builder#scheduler} ({@link Scheduler#shared()}, for non-blocking calls),
 * {@link Builder#onAuthenticationFailure} (none: authentication failures are not retried) and
 * {@link Builder#probeExecutor} (two shared daemon threads, {@code switchboard-probe-N}).
 *
 * <pre>{@code
 * ResilienceConfig config = ResilienceConfig.builder()
 *     .retryMaxAttempts(4)
 *     .breakerWaitInOpen(Duration.ofSeconds(10))
 *     .build();
 * ResilienceConfig forTests = config.toBuilder().clock(testClock).sleeper(d -> {}).build();
 * }</pre>
 *
 * <p>Invalid values are rejected with an {@link InvalidRequestException} whose field is the
 * property name, such as {@code retry.max-attempts}.
 */
public final class ResilienceConfig {
  private static final Duration MAX_DURATION = Duration.ofDays(1);
  private static final Duration DEFAULT_BULKHEAD_MAX_WAIT = Duration.ofMillis(50);

  private final int retryMaxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Duration retryMaxRetryAfter;
  private final int retryBudgetCapacity;
  private final int retryBudgetRetryCost;
  private final int retryBudgetOutcomeUnknownRetryCost;
  private final boolean breakerEnabled;
  private final float breakerFailureRateThreshold;
  private final int breakerSlidingWindowSize;
  private final int breakerMinimumCalls;
  private final Duration breakerWaitInOpen;
  private final int breakerHalfOpenCalls;
  private final HalfOpenTrial breakerHalfOpenTrial;
  private final int rateLimitLimitForPeriod;
  private final Duration rateLimitPeriod;
  private final Duration rateLimitMaxWait;
  private final Duration rateLimitHoldBase;
  private final Duration rateLimitHoldMax;
  private final long quotaReserve;
  private final Duration quotaMaxWait;
  private final int bulkheadMaxConcurrentCalls;
  private final Duration bulkheadMaxWait;
  private final Duration timeoutCall;
  private final Clock clock;
  private final Random random;
  private final Sleeper sleeper;
  private final Scheduler scheduler;
  private final AuthenticationFailureHook onAuthenticationFailure;
  private final QuotaTracker quotaTracker;
  private final RateState sharedRateLimit;
  private final Executor probeExecutor;

  private ResilienceConfig(Builder b) {
    this.retryMaxAttempts = b.retryMaxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.retryMaxRetryAfter = b.retryMaxRetryAfter;
    this.retryBudgetCapacity = b.retryBudgetCapacity;
    this.retryBudgetRetryCost = b.retryBudgetRetryCost;
    this.retryBudgetOutcomeUnknownRetryCost = b.retryBudgetOutcomeUnknownRetryCost;
    this.breakerEnabled = b.breakerEnabled;
    this.breakerFailureRateThreshold = b.breakerFailureRateThreshold;
    this.breakerSlidingWindowSize = b.breakerSlidingWindowSize;
    this.breakerMinimumCalls = b.breakerMinimumCalls;
    this.breakerWaitInOpen = b.breakerWaitInOpen;
    this.breakerHalfOpenCalls = b.breakerHalfOpenCalls;
    this.breakerHalfOpenTrial = b.breakerHalfOpenTrial;
    this.rateLimitLimitForPeriod = b.rateLimitLimitForPeriod;
    this.rateLimitPeriod = b.rateLimitPeriod;
    this.rateLimitMaxWait = b.rateLimitMaxWait;
    this.rateLimitHoldBase = b.rateLimitHoldBase;
    this.rateLimitHoldMax = b.rateLimitHoldMax;
    this.quotaReserve = b.quotaReserve;
    this.quotaMaxWait = b.quotaMaxWait;
    this.bulkheadMaxConcurrentCalls = b.bulkheadMaxConcurrentCalls;
    this.bulkheadMaxWait = b.bulkheadMaxWait;
    this.timeoutCall = b.timeoutCall;
    this.clock = b.clock;
    this.random = b.random;
    this.sleeper = b.sleeper;
    this.scheduler = b.scheduler;
    this.onAuthenticationFailure = b.onAuthenticationFailure;
    this.quotaTracker = b.quotaTracker;
    this.sharedRateLimit = b.sharedRateLimit;
    this.probeExecutor = b.probeExecutor;
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults, as listed above. */
  public static ResilienceConfig defaults() {
    return builder().build();
  }

  /** A builder holding this configuration's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  public Duration retryMaxRetryAfter() {
    return retryMaxRetryAfter;
  }

  public int retryBudgetCapacity() {
    return retryBudgetCapacity;
  }

  public int retryBudgetRetryCost() {
    return retryBudgetRetryCost;
  }

  public int retryBudgetOutcomeUnknownRetryCost() {
    return retryBudgetOutcomeUnknownRetryCost;
  }

  public boolean breakerEnabled() {
    return breakerEnabled;
  }

  public float breakerFailureRateThreshold() {
    return breakerFailureRateThreshold;
  }

  public int breakerSlidingWindowSize() {
    return breakerSlidingWindowSize;
  }

  public int breakerMinimumCalls() {
    return breakerMinimumCalls;
  }

  public Duration breakerWaitInOpen() {
    return breakerWaitInOpen;
  }

  public int breakerHalfOpenCalls() {
    return breakerHalfOpenCalls;
  }

  /** Calls allowed per {@link #rateLimitPeriod()}; 0 means no client-side limit. */
  public int rateLimitLimitForPeriod() {
    return rateLimitLimitForPeriod;
  }

  public Duration rateLimitPeriod() {
    return rateLimitPeriod;
  }

  /** What a half-open breaker lets through as its trial. */
  public HalfOpenTrial breakerHalfOpenTrial() {
    return breakerHalfOpenTrial;
  }

  /** The first hold after a vendor's rate limit that gave no {@code Retry-After}. */
  public Duration rateLimitHoldBase() {
    return rateLimitHoldBase;
  }

  /** The longest hold after a vendor's rate limit; zero when holds are off. */
  public Duration rateLimitHoldMax() {
    return rateLimitHoldMax;
  }

  /** Where health probes run. */
  public Executor probeExecutor() {
    return probeExecutor;
  }

  public Duration rateLimitMaxWait() {
    return rateLimitMaxWait;
  }

  public long quotaReserve() {
    return quotaReserve;
  }

  public Duration quotaMaxWait() {
    return quotaMaxWait;
  }

  public int bulkheadMaxConcurrentCalls() {
    return bulkheadMaxConcurrentCalls;
  }

  public Duration bulkheadMaxWait() {
    return bulkheadMaxWait;
  }

  /** The whole-call timeout; {@link Duration#ZERO} means none. */
  public Duration timeoutCall() {
    return timeoutCall;
  }

  public Clock clock() {
    return clock;
  }

  public Random random() {
    return random;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Optional<AuthenticationFailureHook> onAuthenticationFailure() {
    return Optional.ofNullable(onAuthenticationFailure);
  }

  /**
   * The quota tracker the policy should share with the provider's HTTP client, so that the vendor's
   * rate-limit headers reach the policy; absent when the policy makes its own.
   */
  public Optional<QuotaTracker> quotaTracker() {
    return Optional.ofNullable(quotaTracker);
  }

  /**
   * The rate state through which the client-side limit is one budget for every instance sharing it;
   * absent when each instance enforces its own.
   */
  public Optional<RateState> sharedRateLimit() {
    return Optional.ofNullable(sharedRateLimit);
  }

  /** The property values; the clock, random source, sleeper and hook are left out. */
  @Override
  public String toString() {
    return "ResilienceConfig{retry.max-attempts="
        + retryMaxAttempts
        + ", retry.base-delay="
        + retryBaseDelay
        + ", retry.max-delay="
        + retryMaxDelay
        + ", retry.max-retry-after="
        + retryMaxRetryAfter
        + ", retry-budget.capacity="
        + retryBudgetCapacity
        + ", retry-budget.retry-cost="
        + retryBudgetRetryCost
        + ", retry-budget.outcome-unknown-retry-cost="
        + retryBudgetOutcomeUnknownRetryCost
        + ", breaker.enabled="
        + breakerEnabled
        + ", breaker.failure-rate-threshold="
        + breakerFailureRateThreshold
        + ", breaker.sliding-window-size="
        + breakerSlidingWindowSize
        + ", breaker.minimum-calls="
        + breakerMinimumCalls
        + ", breaker.wait-in-open="
        + breakerWaitInOpen
        + ", breaker.half-open-calls="
        + breakerHalfOpenCalls
        + ", breaker.half-open-trial="
        + breakerHalfOpenTrial.name().toLowerCase(java.util.Locale.ROOT)
        + ", rate-limit.limit-for-period="
        + rateLimitLimitForPeriod
        + ", rate-limit.period="
        + rateLimitPeriod
        + ", rate-limit.max-wait="
        + rateLimitMaxWait
        + ", rate-limit.hold.base="
        + rateLimitHoldBase
        + ", rate-limit.hold.max="
        + rateLimitHoldMax
        + ", quota.reserve="
        + quotaReserve
        + ", quota.max-wait="
        + quotaMaxWait
        + ", bulkhead.max-concurrent-calls="
        + bulkheadMaxConcurrentCalls
        + ", bulkhead.max-wait="
        + bulkheadMaxWait
        + ", timeout.call="
        + timeoutCall
        + "}";
  }

  /**
   * Builds a {@link ResilienceConfig}. Each setter checks its value at once and names the property
   * in the {@link InvalidRequestException} it throws.
   */
  public static final class Builder {
    private int retryMaxAttempts = 3;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    private Duration retryMaxRetryAfter = Duration.ofSeconds(30);
    private int retryBudgetCapacity = 100;
    private int retryBudgetRetryCost = 5;
    private int retryBudgetOutcomeUnknownRetryCost = 10;
    private boolean breakerEnabled = true;
    private float breakerFailureRateThreshold = 50f;
    private int breakerSlidingWindowSize = 20;
    private int breakerMinimumCalls = 10;
    private Duration breakerWaitInOpen = Duration.ofSeconds(30);
    private int breakerHalfOpenCalls = 3;
    private HalfOpenTrial breakerHalfOpenTrial = HalfOpenTrial.PROBE;
    private int rateLimitLimitForPeriod;
    private Duration rateLimitPeriod = Duration.ofSeconds(1);
    private Duration rateLimitMaxWait = Duration.ZERO;
    private Duration rateLimitHoldBase = Duration.ofSeconds(1);
    private Duration rateLimitHoldMax = Duration.ofSeconds(30);
    private long quotaReserve;
    private Duration quotaMaxWait = Duration.ofSeconds(1);
    private int bulkheadMaxConcurrentCalls = HttpClients.DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration bulkheadMaxWait = DEFAULT_BULKHEAD_MAX_WAIT;
    private Duration timeoutCall = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private Random random = new Random();
    private Sleeper sleeper = Sleeper.real();
    private Scheduler scheduler = Scheduler.shared();
    private AuthenticationFailureHook onAuthenticationFailure;
    private QuotaTracker quotaTracker;
    private RateState sharedRateLimit;
    private Executor probeExecutor = ProbeTrial.SHARED;

    private Builder() {}

    private Builder(ResilienceConfig c) {
      this.retryMaxAttempts = c.retryMaxAttempts;
      this.retryBaseDelay = c.retryBaseDelay;
      this.retryMaxDelay = c.retryMaxDelay;
      this.retryMaxRetryAfter = c.retryMaxRetryAfter;
      this.retryBudgetCapacity = c.retryBudgetCapacity;
      this.retryBudgetRetryCost = c.retryBudgetRetryCost;
      this.retryBudgetOutcomeUnknownRetryCost = c.retryBudgetOutcomeUnknownRetryCost;
      this.breakerEnabled = c.breakerEnabled;
      this.breakerFailureRateThreshold = c.breakerFailureRateThreshold;
      this.breakerSlidingWindowSize = c.breakerSlidingWindowSize;
      this.breakerMinimumCalls = c.breakerMinimumCalls;
      this.breakerWaitInOpen = c.breakerWaitInOpen;
      this.breakerHalfOpenCalls = c.breakerHalfOpenCalls;
      this.breakerHalfOpenTrial = c.breakerHalfOpenTrial;
      this.rateLimitLimitForPeriod = c.rateLimitLimitForPeriod;
      this.rateLimitPeriod = c.rateLimitPeriod;
      this.rateLimitMaxWait = c.rateLimitMaxWait;
      this.rateLimitHoldBase = c.rateLimitHoldBase;
      this.rateLimitHoldMax = c.rateLimitHoldMax;
      this.quotaReserve = c.quotaReserve;
      this.quotaMaxWait = c.quotaMaxWait;
      this.bulkheadMaxConcurrentCalls = c.bulkheadMaxConcurrentCalls;
      this.bulkheadMaxWait = c.bulkheadMaxWait;
      this.timeoutCall = c.timeoutCall;
      this.clock = c.clock;
      this.random = c.random;
      this.sleeper = c.sleeper;
      this.scheduler = c.scheduler;
      this.onAuthenticationFailure = c.onAuthenticationFailure;
      this.quotaTracker = c.quotaTracker;
      this.sharedRateLimit = c.sharedRateLimit;
      this.probeExecutor = c.probeExecutor;
    }

    /** Attempts in total, the first call included; 1 turns retries off. Default 3. */
    public Builder retryMaxAttempts(int retryMaxAttempts) {
      this.retryMaxAttempts = atLeast("retry.max-attempts", retryMaxAttempts, 1);
      return this;
    }

    /** The back-off before the first retry is drawn from 0 to this. Default 500 ms. */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = duration("retry.base-delay", retryBaseDelay, false);
      return this;
    }

    /** The cap of the back-off, however many retries came before. Default 5 s. */
    public Builder retryMaxDelay(Duration retryMaxDelay) {
      this.retryMaxDelay = duration("retry.max-delay", retryMaxDelay, false);
      return this;
    }

    /**
     * The longest {@code Retry-After} hint the policy waits for; a rate limit with a longer hint is
     * surfaced at once. Default 30 s.
     */
    public Builder retryMaxRetryAfter(Duration retryMaxRetryAfter) {
      this.retryMaxRetryAfter = duration("retry.max-retry-after", retryMaxRetryAfter, true);
      return this;
    }

    /** The retry budget's tokens when full. Default 100. */
    public Builder retryBudgetCapacity(int retryBudgetCapacity) {
      this.retryBudgetCapacity = atLeast("retry-budget.capacity", retryBudgetCapacity, 1);
      return this;
    }

    /** The tokens a retry costs. Default 5. */
    public Builder retryBudgetRetryCost(int retryBudgetRetryCost) {
      this.retryBudgetRetryCost = atLeast("retry-budget.retry-cost", retryBudgetRetryCost, 0);
      return this;
    }

    /** The tokens a retry after an unknown outcome (a timeout, a 5xx) costs. Default 10. */
    public Builder retryBudgetOutcomeUnknownRetryCost(int retryBudgetOutcomeUnknownRetryCost) {
      this.retryBudgetOutcomeUnknownRetryCost =
          atLeast("retry-budget.outcome-unknown-retry-cost", retryBudgetOutcomeUnknownRetryCost, 0);
      return this;
    }

    /** Whether the circuit breaker may refuse calls at all. Default true. */
    public Builder breakerEnabled(boolean breakerEnabled) {
      this.breakerEnabled = breakerEnabled;
      return this;
    }

    /** The failure percentage (above 0, at most 100) that opens the breaker. Default 50. */
    public Builder breakerFailureRateThreshold(float breakerFailureRateThreshold) {
      if (!(breakerFailureRateThreshold > 0f && breakerFailureRateThreshold <= 100f)) {
        throw InvalidRequestException.invalidField(
            "breaker.failure-rate-threshold",
            "breaker.failure-rate-threshold must be above 0 and at most 100, was "
                + breakerFailureRateThreshold);
      }
      this.breakerFailureRateThreshold = breakerFailureRateThreshold;
      return this;
    }

    /** How many of the latest calls the failure rate is computed over. Default 20. */
    public Builder breakerSlidingWindowSize(int breakerSlidingWindowSize) {
      this.breakerSlidingWindowSize =
          atLeast("breaker.sliding-window-size", breakerSlidingWindowSize, 1);
      return this;
    }

    /** How many calls must be recorded before the failure rate can open the breaker. Default 10. */
    public Builder breakerMinimumCalls(int breakerMinimumCalls) {
      this.breakerMinimumCalls = atLeast("breaker.minimum-calls", breakerMinimumCalls, 1);
      return this;
    }

    /** How long an open breaker refuses calls before it lets trial calls through. Default 30 s. */
    public Builder breakerWaitInOpen(Duration breakerWaitInOpen) {
      Duration checked = duration("breaker.wait-in-open", breakerWaitInOpen, false);
      if (checked.toMillis() < 1) {
        throw InvalidRequestException.invalidField(
            "breaker.wait-in-open",
            "breaker.wait-in-open must be at least 1 ms, was " + breakerWaitInOpen);
      }
      this.breakerWaitInOpen = checked;
      return this;
    }

    /** The trial calls a half-open breaker lets through. Default 3. */
    public Builder breakerHalfOpenCalls(int breakerHalfOpenCalls) {
      this.breakerHalfOpenCalls = atLeast("breaker.half-open-calls", breakerHalfOpenCalls, 1);
      return this;
    }

    /**
     * What a half-open breaker lets through as its trial: {@link HalfOpenTrial#PROBE} (the default)
     * runs the port's {@link HealthProbe} in the background and keeps customers' calls refused
     * until the breaker closes; {@link HalfOpenTrial#CALL} lets real calls be the trial.
     */
    public Builder breakerHalfOpenTrial(HalfOpenTrial breakerHalfOpenTrial) {
      this.breakerHalfOpenTrial = notNull("breaker.half-open-trial", breakerHalfOpenTrial);
      return this;
    }

    /**
     * How long every call to a provider is held after the vendor rate-limited one without a {@code
     * Retry-After}; doubled on each rate limit that follows, up to {@link #rateLimitHoldMax}.
     * Default 1 s.
     */
    public Builder rateLimitHoldBase(Duration rateLimitHoldBase) {
      this.rateLimitHoldBase = duration("rate-limit.hold.base", rateLimitHoldBase, false);
      return this;
    }

    /**
     * The longest hold after a vendor's rate limit, its own {@code Retry-After} included; zero
     * turns holds off, so that every caller tries the vendor again. Default 30 s.
     */
    public Builder rateLimitHoldMax(Duration rateLimitHoldMax) {
      this.rateLimitHoldMax = duration("rate-limit.hold.max", rateLimitHoldMax, true);
      return this;
    }

    /**
     * Where health probes run; default two shared daemon threads. A test may hand in {@code
     * Runnable::run} so that a probe runs, and is done, within the call that started it.
     */
    public Builder probeExecutor(Executor probeExecutor) {
      this.probeExecutor = notNull("probeExecutor", probeExecutor);
      return this;
    }

    /** Calls allowed per {@link #rateLimitPeriod}; 0 (the default) means no client-side limit. */
    public Builder rateLimitLimitForPeriod(int rateLimitLimitForPeriod) {
      this.rateLimitLimitForPeriod =
          atLeast("rate-limit.limit-for-period", rateLimitLimitForPeriod, 0);
      return this;
    }

    /** The period the client-side limit refills in. Default 1 s. */
    public Builder rateLimitPeriod(Duration rateLimitPeriod) {
      this.rateLimitPeriod = duration("rate-limit.period", rateLimitPeriod, false);
      return this;
    }

    /** How long a call may wait for a client-side permit before it is refused. Default 0. */
    public Builder rateLimitMaxWait(Duration rateLimitMaxWait) {
      this.rateLimitMaxWait = duration("rate-limit.max-wait", rateLimitMaxWait, true);
      return this;
    }

    /** Calls are held once the vendor's remaining quota is at or below this. Default 0. */
    public Builder quotaReserve(long quotaReserve) {
      if (quotaReserve < 0) {
        throw InvalidRequestException.invalidField(
            "quota.reserve", "quota.reserve must be at least 0, was " + quotaReserve);
      }
      this.quotaReserve = quotaReserve;
      return this;
    }

    /**
     * The longest a call is held for the vendor's quota to reset; a later reset fails the call at
     * once. Default 1 s.
     */
    public Builder quotaMaxWait(Duration quotaMaxWait) {
      this.quotaMaxWait = duration("quota.max-wait", quotaMaxWait, true);
      return this;
    }

    /**
     * Calls to the provider that may run at the same time. Default 64, the size of the shared
     * connection pool ({@link HttpClients#DEFAULT_MAX_IDLE_CONNECTIONS}): fewer would send healthy
     * traffic to the next provider under load, more would open connections the pool cannot keep.
     */
    public Builder bulkheadMaxConcurrentCalls(int bulkheadMaxConcurrentCalls) {
      this.bulkheadMaxConcurrentCalls =
          atLeast("bulkhead.max-concurrent-calls", bulkheadMaxConcurrentCalls, 1);
      return this;
    }

    /**
     * How long a call may wait for a free bulkhead slot before it is shed with a "bulkhead full"
     * refusal (a failover composite then moves it on). Default 50 ms: long enough to ride out a
     * burst, short next to a vendor call. Zero sheds at once.
     */
    public Builder bulkheadMaxWait(Duration bulkheadMaxWait) {
      this.bulkheadMaxWait = duration("bulkhead.max-wait", bulkheadMaxWait, true);
      return this;
    }

    /**
     * The longest one attempt may take, enforced on the caller's thread through a {@code
     * CallDeadline}: OkHttp ends the call at the deadline and other work is interrupted, and an
     * attempt left with an unknown outcome becomes an {@code OutcomeUnknownException}. {@link
     * Duration#ZERO} means no timeout. Default 30 s.
     */
    public Builder timeoutCall(Duration timeoutCall) {
      this.timeoutCall = duration("timeout.call", timeoutCall, true);
      return this;
    }

    /** The clock for the breaker, the rate limiter, the quota and event times. */
    public Builder clock(Clock clock) {
      this.clock = notNull("clock", clock);
      return this;
    }

    /** The source of the back-off jitter; seed it in tests. */
    public Builder random(Random random) {
      this.random = notNull("random", random);
      return this;
    }

    /** Spends the back-offs and rate-limit waits of blocking calls; replace it in tests. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = notNull("sleeper", sleeper);
      return this;
    }

    /**
     * Schedules the back-offs, rate-limit waits and deadlines of non-blocking calls; replace it in
     * tests.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = notNull("scheduler", scheduler);
      return this;
    }

    /**
     * A quota tracker made beforehand ({@link QuotaTracker#create}) and handed to the provider's
     * HTTP client as well, so both see the same vendor quota. Default: the policy makes its own.
     */
    public Builder quotaTracker(QuotaTracker quotaTracker) {
      this.quotaTracker = notNull("quotaTracker", quotaTracker);
      return this;
    }

    /**
     * Enforces the client-side limit ({@code rate-limit.limit-for-period} per {@code
     * rate-limit.period}) as one budget across every instance that shares {@code rates}, a token
     * bucket refilled steadily. While the store cannot be reached, each instance falls back to its
     * own limit. Default: each instance has its own.
     */
    public Builder sharedRateLimit(RateState rates) {
      this.sharedRateLimit = notNull("sharedRateLimit", rates);
      return this;
    }

    /** Re-reads the credentials before the one retry of an authentication failure. */
    public Builder onAuthenticationFailure(AuthenticationFailureHook onAuthenticationFailure) {
      this.onAuthenticationFailure = notNull("onAuthenticationFailure", onAuthenticationFailure);
      return this;
    }

    /**
     * The configuration.
     *
     * @throws InvalidRequestException if {@code retry.max-delay} is below {@code retry.base-delay}
     */
    public ResilienceConfig build() {
      if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
        throw InvalidRequestException.invalidField(
            "retry.max-delay",
            "retry.max-delay must not be below retry.base-delay ("
                + retryBaseDelay
                + "), was "
                + retryMaxDelay);
      }
      return new ResilienceConfig(this);
    }

    private static int atLeast(String field, int value, int min) {
      if (value < min) {
        throw InvalidRequestException.invalidField(
            field, field + " must be at least " + min + ", was " + value);
      }
      return value;
    }

    private static Duration duration(String field, Duration value, boolean zeroAllowed) {
      notNull(field, value);
      if (value.isNegative() || (!zeroAllowed && value.isZero())) {
        throw InvalidRequestException.invalidField(
            field,
            field
                + " must be "
                + (zeroAllowed ? "zero or positive" : "positive")
                + ", was "
                + value);
      }
      if (value.compareTo(MAX_DURATION) > 0) {
        throw InvalidRequestException.invalidField(
            field, field + " must be at most " + MAX_DURATION + ", was " + value);
      }
      return value;
    }

    private static <T> T notNull(String field, T value) {
      if (value == null) {
        throw new NullPointerException(field + " == null");
      }
      return value;
    }
  }
}
