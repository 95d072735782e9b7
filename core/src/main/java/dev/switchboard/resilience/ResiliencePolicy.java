package dev.switchboard.resilience;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStoreException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the same resilience to every call to one provider, whichever adapter or fake makes it:
 * {@code Retry(budget)( CircuitBreaker( RateLimiter/Quota( Bulkhead+Timeout( call ))))}, built on
 * Resilience4j. One policy per provider, shared by all its operations and threads.
 *
 * <pre>{@code
 * try (ResiliencePolicy policy = ResiliencePolicy.ofDefaults("acme-pay")) {
 *   Payment payment = policy.execute("charge", request.idempotencyKey(), () -> adapter.charge(request));
 * }
 * }</pre>
 *
 * <p>What each layer does (settings and defaults in {@link ResilienceConfig}):
 *
 * <ul>
 *   <li><b>Retry</b>: only what {@link ErrorPolicy#retryRule} allows, up to {@code
 *       retry.max-attempts} in total, after {@code random(0, min(max-delay, base-delay * 2^n))}
 *       (full jitter) or at least a {@code RateLimitedException}'s hint; a hint above {@code
 *       retry.max-retry-after} is not waited for. Each retry is paid from the provider's {@link
 *       RetryBudget}. The call is the same {@link Supplier} on every attempt, so the request and
 *       its idempotency key never change. When the attempts end the last failure is rethrown as
 *       itself, with two exceptions, where the last failure is attached as suppressed to the one
 *       thrown: once an attempt's outcome was unknown, a later failure that does not settle it
 *       (unavailable, rate limited, refused, authentication) gives way to that {@link
 *       OutcomeUnknownException}, since the earlier attempt may have acted and a failover composite
 *       must not treat the call as certainly not done; and a refusal by the policy itself on a
 *       retry (say the breaker opened meanwhile) gives way to the provider's own last failure.
 *   <li><b>Circuit breaker</b>: count-based, recording what {@link ErrorPolicy#countsForBreaker}
 *       says. While open it refuses calls with a {@link ProviderUnavailableException} ("circuit
 *       breaker open"); the first call offered after the wait, by the injected clock, moves it to
 *       half-open.
 *   <li><b>Rate limit and quota</b>: an optional client-side limit, and the vendor's reported quota
 *       ({@link #quota()}), which holds or refuses calls before the vendor answers 429.
 *   <li><b>Bulkhead and timeout</b>: at most {@code bulkhead.max-concurrent-calls} calls at once;
 *       each attempt runs on the policy's own daemon threads ({@code switchboard-<provider>-N}) and
 *       the caller waits at most {@code timeout.call}, then gets an {@link
 *       OutcomeUnknownException}. The hung call is interrupted and keeps its bulkhead slot until it
 *       really ends, so hung calls stay bounded.
 * </ul>
 *
 * <p>A call that throws anything but a {@link SwitchboardException} is an adapter bug; it is
 * wrapped in an {@link OutcomeUnknownException} (request sent, to be safe). Refusals the policy
 * makes itself are described by {@link ErrorPolicy#localRefusal}.
 *
 * <p>For failover composites: {@link #execute} on an open breaker throws at once (fail over), and
 * every call offered still lets the breaker reach half-open when its wait is over; {@link
 * #breakerState()} and {@link #health()} report the provider's state. Close the policy to stop its
 * threads.
 */
public final class ResiliencePolicy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final ResilienceConfig config;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Retry retry;
  private final RetryBudget budget;
  private final CircuitBreaker breaker;
  private final AtomicRateLimiter rateLimiter;
  private final QuotaTracker quota;
  private final Bulkhead bulkhead;
  private final ThreadPoolExecutor executor;
  private final List<ResilienceListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<ProviderHealth.LastError> lastError = new AtomicReference<>();
  private volatile boolean closed;

  private ResiliencePolicy(String provider, ResilienceConfig config) {
    this.provider = provider;
    this.config = config;
    this.clock = config.clock();
    this.sleeper = config.sleeper();
    this.retry = Retry.of(provider, retryConfig(config));
    this.budget =
        new RetryBudget(
            config.retryBudgetCapacity(),
            config.retryBudgetRetryCost(),
            config.retryBudgetOutcomeUnknownRetryCost());
    this.breaker = CircuitBreaker.of(provider, breakerConfig(config));
    if (!config.breakerEnabled()) {
      breaker.transitionToDisabledState();
    }
    breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                breakerTransitioned(
                    toBreakerState(event.getStateTransition().getFromState()),
                    toBreakerState(event.getStateTransition().getToState())));
    this.rateLimiter = config.rateLimitLimitForPeriod() == 0 ? null : rateLimiter(provider, config);
    this.quota =
        config.quotaTracker().orElseGet(() -> new QuotaTracker(config.quotaReserve(), clock));
    this.bulkhead =
        Bulkhead.of(
            provider,
            BulkheadConfig.custom()
                .maxConcurrentCalls(config.bulkheadMaxConcurrentCalls())
                .maxWaitDuration(config.bulkheadMaxWait())
                .build());
    this.executor = config.timeoutCall().isZero() ? null : executor(provider, config);
  }

  /**
   * A policy for the named provider.
   *
   * @throws InvalidRequestException if the provider name is blank or the configuration is null
   */
  public static ResiliencePolicy of(String provider, ResilienceConfig config) {
    InvalidRequestException.requireName("provider", provider);
    if (config == null) {
      throw InvalidRequestException.invalidField("config", "config == null");
    }
    return new ResiliencePolicy(provider, config);
  }

  /** A policy for the named provider with every {@link ResilienceConfig default}. */
  public static ResiliencePolicy ofDefaults(String provider) {
    return of(provider, ResilienceConfig.defaults());
  }

  /**
   * Runs the call under every layer of the policy and returns its result.
   *
   * @param operation the port operation, such as {@code charge}, for errors, events and logs
   * @param idempotencyKey the key the call carries, for errors and logs; null for reads. The policy
   *     never changes the call: every attempt runs the same supplier, with the same key
   * @param call the adapter call; it should throw only {@link SwitchboardException}s
   * @throws SwitchboardException the call's last failure as described above, or the policy's own
   *     refusal
   * @throws InvalidRequestException if the operation is blank or the call is null
   */
  public <T> T execute(String operation, IdempotencyKey idempotencyKey, Supplier<T> call) {
    InvalidRequestException.requireName("operation", operation);
    if (call == null) {
      throw InvalidRequestException.invalidField("call", "call == null");
    }
    Call context = new Call(operation, idempotencyKey);
    if (closed) {
      throw refused(
          context,
          RefusalReason.POLICY_CLOSED,
          new ProviderUnavailableException(
              "resilience policy closed",
              context.errorContext(false),
              new LocalRefusal(RefusalReason.POLICY_CLOSED)));
    }
    Instant started = clock.instant();
    Retry.AsyncContext<T> retryContext = retry.asyncContext();
    OutcomeUnknownException unknown = null;
    SwitchboardException fromProvider = null;
    boolean authenticationRetried = false;
    for (int attempt = 1; ; attempt++) {
      SwitchboardException failure;
      try {
        T result = throughBreaker(context, call);
        retryContext.onComplete();
        budget.onSuccess();
        log.debug(
            "call succeeded provider={} operation={} attempt={} idempotencyKey={} outcome=success",
            provider,
            operation,
            attempt,
            idempotencyKey);
        completed(operation, attempt, started, null);
        return result;
      } catch (SwitchboardException e) {
        failure = e;
      }
      noteFailure(failure);
      if (failure instanceof OutcomeUnknownException outcomeUnknown) {
        unknown = outcomeUnknown;
      }
      if (!ErrorPolicy.isLocalRefusal(failure)) {
        fromProvider = failure;
      }
      long delay = nextDelay(context, attempt, failure, authenticationRetried, retryContext);
      if (delay < 0) {
        SwitchboardException surfaced = surfaced(failure, fromProvider, unknown);
        log.debug(
            "call failed provider={} operation={} attempt={} idempotencyKey={} outcome={}",
            provider,
            operation,
            attempt,
            idempotencyKey,
            surfaced.getClass().getSimpleName());
        completed(operation, attempt, started, surfaced);
        throw surfaced;
      }
      if (failure instanceof AuthenticationException) {
        authenticationRetried = true;
      }
      Duration wait = Duration.ofMillis(delay);
      log.info(
          "retry scheduled provider={} operation={} attempt={} delay={}ms idempotencyKey={}"
              + " outcome={}",
          provider,
          operation,
          attempt,
          delay,
          idempotencyKey,
          failure.getClass().getSimpleName());
      emit(
          new ResilienceEvent.RetryScheduled(
              provider, operation, attempt, wait, failure, clock.instant()));
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        SwitchboardException surfaced = surfaced(failure, fromProvider, unknown);
        surfaced.addSuppressed(e);
        completed(operation, attempt, started, surfaced);
        throw surfaced;
      }
    }
  }

  /** The provider this policy protects. */
  public String provider() {
    return provider;
  }

  public ResilienceConfig config() {
    return config;
  }

  /**
   * The breaker's state now. An open breaker reports {@link BreakerState#OPEN} until a call is
   * offered after its wait; that call moves it to {@link BreakerState#HALF_OPEN}.
   */
  public BreakerState breakerState() {
    return toBreakerState(breaker.getState());
  }

  /** A snapshot of the provider's breaker, last error, quota and retry budget. */
  public ProviderHealth health() {
    return new ProviderHealth(
        provider,
        breakerState(),
        Optional.ofNullable(lastError.get()),
        quota.remaining(),
        budget.available());
  }

  /** The vendor's reported quota; the HTTP layer feeds it the {@code X-RateLimit-*} headers. */
  public QuotaTracker quota() {
    return quota;
  }

  /** The provider's retry budget. */
  public RetryBudget retryBudget() {
    return budget;
  }

  /** Bulkhead slots free now; a hung call keeps its slot until it really ends. */
  int availableConcurrentCalls() {
    return bulkhead.getMetrics().getAvailableConcurrentCalls();
  }

  /**
   * Registers a listener for this policy's events.
   *
   * @throws InvalidRequestException if the listener is null
   */
  public void addListener(ResilienceListener listener) {
    if (listener == null) {
      throw InvalidRequestException.invalidField("listener", "listener == null");
    }
    listeners.add(listener);
  }

  /** Removes a listener; removing one that was never added does nothing. */
  public void removeListener(ResilienceListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops the policy's threads, interrupting calls still running on them. Later calls are refused
   * with a {@link ProviderUnavailableException}. Closing twice does nothing.
   */
  @Override
  public void close() {
    closed = true;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "ResiliencePolicy{provider="
        + provider
        + ", breaker="
        + breakerState()
        + ", retryBudget="
        + budget.available()
        + "}";
  }

  private long nextDelay(
      Call context,
      int attempt,
      SwitchboardException failure,
      boolean authenticationRetried,
      Retry.AsyncContext<?> retryContext) {
    ErrorPolicy.RetryRule rule = ErrorPolicy.retryRule(failure);
    if (rule == ErrorPolicy.RetryRule.NEVER || Thread.currentThread().isInterrupted()) {
      return -1;
    }
    AuthenticationFailureHook hook = null;
    if (rule == ErrorPolicy.RetryRule.ONCE_AFTER_CREDENTIAL_REFRESH) {
      hook = config.onAuthenticationFailure().orElse(null);
      if (hook == null || authenticationRetried) {
        return -1;
      }
    }
    long delay = retryContext.onError(failure);
    if (delay < 0) {
      return -1;
    }
    if (hook != null && !refreshCredentials(context, hook, (AuthenticationException) failure)) {
      return -1;
    }
    if (!budget.tryAcquireRetry(failure)) {
      log.info(
          "retry budget exhausted provider={} operation={} attempt={} available={} outcome={}",
          provider,
          context.operation,
          attempt,
          budget.available(),
          failure.getClass().getSimpleName());
      emit(
          new ResilienceEvent.RetryBudgetExhausted(
              provider, context.operation, budget.available(), failure, clock.instant()));
      return -1;
    }
    return delay;
  }

  private boolean refreshCredentials(
      Call context, AuthenticationFailureHook hook, AuthenticationException failure) {
    try {
      hook.onAuthenticationFailure(failure);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      log.warn(
          "credential refresh failed provider={} operation={} outcome={}",
          provider,
          context.operation,
          e.getClass().getSimpleName());
      return false;
    }
    log.info(
        "credentials refreshed, retrying once provider={} operation={}",
        provider,
        context.operation);
    emit(
        new ResilienceEvent.AuthenticationRetried(
            provider, context.operation, failure, clock.instant()));
    return true;
  }

  private static SwitchboardException surfaced(
      SwitchboardException last,
      SwitchboardException lastFromProvider,
      OutcomeUnknownException unknown) {
    SwitchboardException chosen = last;
    if (unknown != null && !ErrorPolicy.settlesEarlierUnknownOutcome(last)) {
      chosen = unknown;
    } else if (lastFromProvider != null && ErrorPolicy.isLocalRefusal(last)) {
      chosen = lastFromProvider;
    }
    if (chosen != last) {
      chosen.addSuppressed(last);
    }
    return chosen;
  }

  private long backoffMillis(int attempt, Throwable failure) {
    long ceiling = backoffCeilingMillis(attempt);
    long jitter = config.random().nextLong(ceiling + 1);
    if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
      Duration hint = limited.retryAfter().get();
      if (hint.compareTo(config.retryMaxRetryAfter()) > 0) {
        log.info(
            "retry-after hint too long provider={} hint={}ms max={}ms outcome=not-retried",
            provider,
            hint.toMillis(),
            config.retryMaxRetryAfter().toMillis());
        return -1;
      }
      long hintMillis = (hint.toNanos() + 999_999L) / 1_000_000L;
      return Math.max(hintMillis, jitter);
    }
    return jitter;
  }

  private long backoffCeilingMillis(int attempt) {
    long base = config.retryBaseDelay().toMillis();
    long cap = config.retryMaxDelay().toMillis();
    int doublings = attempt - 1;
    if (doublings >= Long.SIZE - 2 || base > (cap >> doublings)) {
      return cap;
    }
    return base << doublings;
  }

  private <T> T throughBreaker(Call context, Supplier<T> call) {
    if (!breaker.tryAcquirePermission()) {
      throw refused(
          context,
          RefusalReason.BREAKER_OPEN,
          new ProviderUnavailableException(
              "circuit breaker open",
              context.errorContext(false),
              CallNotPermittedException.createCallNotPermittedException(breaker)));
    }
    long start = breaker.getCurrentTimestamp();
    try {
      T result = throughLimits(context, call);
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      return result;
    } catch (SwitchboardException e) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      throw e;
    } catch (Error e) {
      breaker.releasePermission();
      throw e;
    }
  }

  private <T> T throughLimits(Call context, Supplier<T> call) {
    Duration untilReset = quota.admit();
    if (!untilReset.isZero()) {
      if (untilReset.compareTo(config.quotaMaxWait()) > 0) {
        throw refused(
            context,
            RefusalReason.QUOTA_RESERVE,
            new RateLimitedException(
                "vendor quota at reserve until its reset",
                context.errorContext(false),
                untilReset,
                new LocalRefusal(RefusalReason.QUOTA_RESERVE)));
      }
      log.debug(
          "holding call for quota reset provider={} operation={} delay={}ms",
          provider,
          context.operation,
          untilReset.toMillis());
      pause(context, untilReset);
    }
    if (rateLimiter != null && !sharedPermit(context)) {
      long nanos = rateLimiter.reservePermission();
      if (nanos < 0) {
        long nanosToWait = rateLimiter.getDetailedMetrics().getNanosToWait();
        throw refused(
            context,
            RefusalReason.RATE_LIMITED,
            new RateLimitedException(
                "client-side rate limit reached",
                context.errorContext(false),
                nanosToWait > 0 ? Duration.ofNanos(nanosToWait) : null,
                RequestNotPermitted.createRequestNotPermitted(rateLimiter)));
      }
      if (nanos > 0) {
        pause(context, Duration.ofNanos(nanos));
      }
    }
    return throughBulkhead(context, call);
  }

  /**
   * Takes a permit from the budget the instances share, waiting up to {@code rate-limit.max-wait}
   * for one, or refuses the call; false when there is no shared budget or its store cannot be
   * reached, so that the instance's own limiter decides.
   */
  private boolean sharedPermit(Call context) {
    RateState shared = config.sharedRateLimit().orElse(null);
    if (shared == null) {
      return false;
    }
    String budget = "rate-limit:" + provider;
    try {
      Duration wait =
          shared.tryAcquire(budget, config.rateLimitLimitForPeriod(), config.rateLimitPeriod());
      if (!wait.isZero() && wait.compareTo(config.rateLimitMaxWait()) <= 0) {
        pause(context, wait);
        wait =
            shared.tryAcquire(budget, config.rateLimitLimitForPeriod(), config.rateLimitPeriod());
      }
      if (!wait.isZero()) {
        throw refused(
            context,
            RefusalReason.RATE_LIMITED,
            new RateLimitedException(
                "client-side rate limit reached (shared by every instance)",
                context.errorContext(false),
                wait,
                new LocalRefusal(RefusalReason.RATE_LIMITED)));
      }
      return true;
    } catch (StateStoreException e) {
      log.warn(
          "shared rate limit unavailable, using this instance's provider={} error={}",
          provider,
          e.reason());
      return false;
    }
  }

  private void pause(Call context, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(context, e);
    }
  }

  private ProviderUnavailableException interrupted(Call context, InterruptedException e) {
    ProviderUnavailableException refusal =
        new ProviderUnavailableException(
            "interrupted before the call was sent",
            context.errorContext(false),
            new LocalRefusal(RefusalReason.INTERRUPTED));
    refusal.addSuppressed(e);
    return refused(context, RefusalReason.INTERRUPTED, refusal);
  }

  private <T> T throughBulkhead(Call context, Supplier<T> call) {
    if (!bulkhead.tryAcquirePermission()) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(context, new InterruptedException("waiting for a bulkhead slot"));
      }
      throw refused(
          context,
          RefusalReason.BULKHEAD_FULL,
          new ProviderUnavailableException(
              "bulkhead full",
              context.errorContext(false),
              BulkheadFullException.createBulkheadFullException(bulkhead)));
    }
    if (executor == null) {
      try {
        return invoke(context, call);
      } finally {
        bulkhead.onComplete();
      }
    }
    return withTimeout(context, call);
  }

  private <T> T withTimeout(Call context, Supplier<T> call) {
    AtomicBoolean claimed = new AtomicBoolean();
    Future<T> future;
    try {
      future =
          executor.submit(
              () -> {
                if (!claimed.compareAndSet(false, true)) {
                  return null;
                }
                try {
                  return invoke(context, call);
                } finally {
                  bulkhead.onComplete();
                }
              });
    } catch (RejectedExecutionException e) {
      bulkhead.releasePermission();
      throw refused(
          context,
          RefusalReason.POLICY_CLOSED,
          new ProviderUnavailableException(
              "resilience policy closed",
              context.errorContext(false),
              new LocalRefusal(RefusalReason.POLICY_CLOSED)));
    }
    Duration timeout = config.timeoutCall();
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SwitchboardException failure) {
        throw failure;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw unexpected(context, cause);
    } catch (TimeoutException e) {
      if (abandon(future, claimed)) {
        throw new ProviderUnavailableException(
            "call did not start within " + timeout, context.errorContext(false), e);
      }
      log.info(
          "call timed out provider={} operation={} timeout={}ms idempotencyKey={}"
              + " outcome=OutcomeUnknownException",
          provider,
          context.operation,
          timeout.toMillis(),
          context.idempotencyKey);
      throw new OutcomeUnknownException(
          "call did not finish within " + timeout, context.errorContext(true), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (abandon(future, claimed)) {
        throw interrupted(context, e);
      }
      throw new OutcomeUnknownException(
          "interrupted while waiting for the call", context.errorContext(true), e);
    }
  }

  /**
   * Interrupts an attempt the caller stops waiting for. The attempt keeps its bulkhead slot until
   * it ends; one that never started gives the slot back here.
   *
   * @return whether the attempt never started, so nothing was sent
   */
  private boolean abandon(Future<?> future, AtomicBoolean claimed) {
    future.cancel(true);
    if (claimed.compareAndSet(false, true)) {
      bulkhead.releasePermission();
      return true;
    }
    return false;
  }

  private <T> T invoke(Call context, Supplier<T> call) {
    try {
      return call.get();
    } catch (SwitchboardException e) {
      throw e;
    } catch (Exception e) {
      throw unexpected(context, e);
    }
  }

  private OutcomeUnknownException unexpected(Call context, Throwable cause) {
    log.warn(
        "adapter threw a non-Switchboard exception provider={} operation={} outcome={}",
        provider,
        context.operation,
        cause.getClass().getName());
    return new OutcomeUnknownException(
        "call failed with an unexpected " + cause.getClass().getName(),
        context.errorContext(true),
        cause);
  }

  private <E extends SwitchboardException> E refused(
      Call context, RefusalReason reason, E refusal) {
    log.debug(
        "call refused provider={} operation={} reason={} idempotencyKey={}",
        provider,
        context.operation,
        reason,
        context.idempotencyKey);
    emit(new ResilienceEvent.CallRefused(provider, context.operation, reason, clock.instant()));
    return refusal;
  }

  private void noteFailure(SwitchboardException failure) {
    if (ErrorPolicy.isLocalRefusal(failure)) {
      return;
    }
    if (ErrorPolicy.countsForBreaker(failure) || failure instanceof RateLimitedException) {
      lastError.set(
          new ProviderHealth.LastError(
              failure.getClass().getSimpleName(), failure.reason(), clock.instant()));
    }
  }

  private void breakerTransitioned(BreakerState from, BreakerState to) {
    log.info("breaker state changed provider={} from={} to={}", provider, from, to);
    emit(new ResilienceEvent.BreakerStateChanged(provider, from, to, clock.instant()));
  }

  private void completed(
      String operation, int attempts, Instant started, SwitchboardException failure) {
    Instant now = clock.instant();
    emit(
        new ResilienceEvent.CallCompleted(
            provider, operation, attempts, Duration.between(started, now), failure, now));
  }

  private void emit(ResilienceEvent event) {
    for (ResilienceListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "resilience listener failed provider={} event={}",
            provider,
            event.getClass().getSimpleName(),
            e);
      }
    }
  }

  private static BreakerState toBreakerState(CircuitBreaker.State state) {
    switch (state) {
      case CLOSED:
        return BreakerState.CLOSED;
      case OPEN:
        return BreakerState.OPEN;
      case HALF_OPEN:
        return BreakerState.HALF_OPEN;
      case FORCED_OPEN:
        return BreakerState.FORCED_OPEN;
      default:
        return BreakerState.DISABLED;
    }
  }

  private RetryConfig retryConfig(ResilienceConfig config) {
    return RetryConfig.custom()
        .maxAttempts(config.retryMaxAttempts())
        .retryOnException(ErrorPolicy::isRetryable)
        .intervalBiFunction(
            (Integer attempt, Either<Throwable, Object> outcome) ->
                backoffMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
        .failAfterMaxAttempts(false)
        .build();
  }

  private static CircuitBreakerConfig breakerConfig(ResilienceConfig config) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.breakerSlidingWindowSize())
        .minimumNumberOfCalls(config.breakerMinimumCalls())
        .failureRateThreshold(config.breakerFailureRateThreshold())
        .waitDurationInOpenState(config.breakerWaitInOpen())
        .permittedNumberOfCallsInHalfOpenState(config.breakerHalfOpenCalls())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(ErrorPolicy::countsForBreaker)
        .ignoreException(ErrorPolicy::isLocalRefusal)
        .clock(config.clock())
        .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
        .build();
  }

  private static AtomicRateLimiter rateLimiter(String provider, ResilienceConfig config) {
    Clock clock = config.clock();
    RateLimiterConfig limiterConfig =
        RateLimiterConfig.custom()
            .limitForPeriod(config.rateLimitLimitForPeriod())
            .limitRefreshPeriod(config.rateLimitPeriod())
            .timeoutDuration(config.rateLimitMaxWait())
            .build();
    return new AtomicRateLimiter(
        provider,
        limiterConfig,
        () -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
  }

  private static ThreadPoolExecutor executor(String provider, ResilienceConfig config) {
    int threads = config.bulkheadMaxConcurrentCalls();
    AtomicInteger counter = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(threads),
            task -> {
              Thread thread =
                  new Thread(task, "switchboard-" + provider + "-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The parts of one {@link #execute} call that every layer quotes in errors and logs. */
  private final class Call {
    private final String operation;
    private final IdempotencyKey idempotencyKey;

    private Call(String operation, IdempotencyKey idempotencyKey) {
      this.operation = operation;
      this.idempotencyKey = idempotencyKey;
    }

    private ErrorContext errorContext(boolean requestSent) {
      return ErrorContext.builder()
          .provider(provider)
          .operation(operation)
          .idempotencyKey(idempotencyKey)
          .requestSent(requestSent)
          .build();
    }
  }
}
