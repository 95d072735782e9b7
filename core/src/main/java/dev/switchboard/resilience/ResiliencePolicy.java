package dev.switchboard.resilience;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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
 *       breaker open"); the first call offered after the wait, by the injected clock, starts the
 *       half-open trial. With the port's {@link HealthProbe} attached (by a failover composite,
 *       {@code breaker.half-open-trial=probe}) the trial is the probe, run on a background thread,
 *       and customers' calls stay refused until the breaker closes; otherwise real calls are the
 *       trial.
 *   <li><b>Rate limit and quota</b>: an optional client-side limit, and the vendor's reported quota
 *       ({@link #quota()}), which holds or refuses calls before the vendor answers 429. After the
 *       vendor rate-limited a call, every call is refused at once ({@link
 *       RefusalReason#VENDOR_HOLD}) for its {@code Retry-After}, or without one for {@code
 *       rate-limit.hold.base} doubling up to {@code rate-limit.hold.max}; a retry the hold would
 *       refuse is not made.
 *   <li><b>Bulkhead and timeout</b>: at most {@code bulkhead.max-concurrent-calls} calls at once, a
 *       caller waiting up to {@code bulkhead.max-wait} for a slot before the call is refused
 *       ("bulkhead full": load shed, never counted as the provider's failure). Each attempt runs on
 *       the caller's own thread under a {@link dev.switchboard.http.CallDeadline} of {@code
 *       timeout.call}: {@code HttpExecutor} has OkHttp end the call at the deadline, and work that
 *       does not go through it is interrupted then by a shared watchdog thread. An attempt that
 *       ends after the deadline with an unknown outcome is an {@link OutcomeUnknownException} "call
 *       did not finish within"; one that sent nothing stays a {@link ProviderUnavailableException};
 *       one that succeeded returns its result. The watchdog's interrupt is cleared before the call
 *       returns. A call that ignores interrupts holds its caller and its slot until it returns.
 * </ul>
 *
 * <p>A call that throws anything but a {@link SwitchboardException} is an adapter bug; it is
 * wrapped in an {@link OutcomeUnknownException} (request sent, to be safe). Refusals the policy
 * makes itself are described by {@link ErrorPolicy#localRefusal}.
 *
 * <p>For failover composites: {@link #execute} on an open breaker throws at once (fail over), and
 * every call offered still lets the breaker reach half-open when its wait is over; {@link
 * #breakerState()} and {@link #health()} report the provider's state. A closed policy refuses
 * calls; it has no threads of its own (health probes run on shared daemon threads, {@code
 * switchboard-probe-N}, unless {@link ResilienceConfig.Builder#probeExecutor} names others).
 */
public final class ResiliencePolicy implements AutoCloseable {
  private final String provider;
  private final ResilienceConfig config;
  private final Clock clock;
  private final RetryBudget budget;
  private final PolicyEvents events;
  private final RetryLayer retry;
  private final BreakerLayer breaker;
  private final RateLimitLayer limits;
  private final BulkheadLayer bulkhead;
  private final ProviderHold hold;
  private final AtomicReference<ProviderHealth.LastError> lastError = new AtomicReference<>();

  private ResiliencePolicy(String provider, ResilienceConfig config) {
    this.provider = provider;
    this.config = config;
    this.clock = config.clock();
    this.budget =
        new RetryBudget(
            config.retryBudgetCapacity(),
            config.retryBudgetRetryCost(),
            config.retryBudgetOutcomeUnknownRetryCost());
    this.events = new PolicyEvents(provider, clock);
    this.hold = new ProviderHold(clock, config.rateLimitHoldBase(), config.rateLimitHoldMax());
    this.retry = new RetryLayer(provider, config, budget, events, this::noteFailure, hold);
    this.breaker = new BreakerLayer(provider, config, events, hold);
    this.limits = new RateLimitLayer(provider, config, events, hold);
    this.bulkhead = new BulkheadLayer(provider, config, events);
  }

  /**
   * A policy for the named provider.
   *
   * @throws NullPointerException if the provider name is blank or the configuration is null
   */
  public static ResiliencePolicy of(String provider, ResilienceConfig config) {
    InvalidRequestException.requireName("provider", provider);
    Objects.requireNonNull(config, "config == null");
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
   * @throws NullPointerException if the operation is blank or the call is null
   */
  public <T> T execute(String operation, IdempotencyKey idempotencyKey, Supplier<T> call) {
    Objects.requireNonNull(call, "call == null");
    return Futures.join(
        run(
            CallMode.BLOCKING,
            operation,
            idempotencyKey,
            new Cancellation(),
            () -> Futures.call(call)));
  }

  /**
   * Runs a non-blocking call under every layer of the policy, with the same rules as {@link
   * #execute}, holding no thread while it waits: the HTTP exchange is enqueued with OkHttp, and the
   * back-offs, rate-limit pauses and the deadline are scheduled on the {@link
   * ResilienceConfig#scheduler() scheduler}. The call is started at once on this thread; each retry
   * starts on the scheduler's thread.
   *
   * <p>The future completes on the thread that ends the call: OkHttp's dispatcher thread for an
   * HTTP answer, the scheduler's for a refusal after a wait, this thread for an immediate refusal.
   * It fails with the same {@link SwitchboardException} {@link #execute} would throw. Cancelling it
   * cancels the call: the HTTP exchange in flight is cancelled, nothing is retried, and the future
   * fails with a {@link java.util.concurrent.CancellationException} when nothing was sent, or an
   * {@link OutcomeUnknownException} when the request may have reached the vendor.
   *
   * <pre>{@code
   * CompletableFuture<Payment> payment =
   *     policy.executeAsync("charge", request.idempotencyKey(), () -> adapter.async().charge(request));
   * }</pre>
   *
   * @param call starts the adapter's non-blocking call; it should fail only with {@link
   *     SwitchboardException}s
   * @throws NullPointerException if the operation is blank or the call is null
   */
  public <T> CompletableFuture<T> executeAsync(
      String operation,
      IdempotencyKey idempotencyKey,
      Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call == null");
    Cancellation cancellation = Cancellation.carryingHere();
    return cancellation.future(
        run(
            CallMode.NON_BLOCKING,
            operation,
            idempotencyKey,
            cancellation,
            () -> Futures.start(call)));
  }

  /**
   * The one implementation behind {@link #execute} and {@link #executeAsync}: in {@link
   * CallMode#BLOCKING} mode the returned future is complete when this returns. A failover composite
   * passes its own call's cancellation, so cancelling its future reaches this attempt.
   */
  <T> CompletableFuture<T> run(
      CallMode mode,
      String operation,
      IdempotencyKey idempotencyKey,
      Cancellation cancellation,
      Supplier<CompletableFuture<T>> call) {
    InvalidRequestException.requireName("operation", operation);
    CallContext context =
        new CallContext(
            provider,
            operation,
            idempotencyKey,
            mode,
            cancellation,
            config.sleeper(),
            config.scheduler());
    try {
      bulkhead.refuseIfClosed(context);
    } catch (SwitchboardException e) {
      return Futures.failed(e);
    }
    return retry.execute(
        context,
        () ->
            breaker.execute(
                context, () -> limits.execute(context, () -> bulkhead.execute(context, call))));
  }

  /**
   * Makes the port's health probe the breaker's half-open trial, when {@code
   * breaker.half-open-trial} is {@code probe} (the default) and the breaker is enabled; a failover
   * composite calls it for the port it pairs with this policy. See {@link ProbeTrial}.
   */
  void attachProbe(HealthProbe probe) {
    if (config.breakerEnabled() && config.breakerHalfOpenTrial() == HalfOpenTrial.PROBE) {
      breaker.attachProbe(probe);
    }
  }

  /** Whether a health probe is the breaker's half-open trial. */
  boolean probesWhenHalfOpen() {
    return breaker.probesWhenHalfOpen();
  }

  /** How long calls are still held after the vendor's rate limit; zero when they may go. */
  Duration heldFor() {
    return hold.remaining();
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
    return breaker.state();
  }

  /**
   * A snapshot of the provider's breaker, last error, quota, retry budget, hold and health probe.
   */
  public ProviderHealth health() {
    return new ProviderHealth(
        provider,
        breakerState(),
        Optional.ofNullable(lastError.get()),
        limits.quota().remaining(),
        budget.available(),
        hold.heldUntil(),
        breaker.probing());
  }

  /** The vendor's reported quota; the HTTP layer feeds it the {@code X-RateLimit-*} headers. */
  public QuotaTracker quota() {
    return limits.quota();
  }

  /** The provider's retry budget. */
  public RetryBudget retryBudget() {
    return budget;
  }

  /** Bulkhead slots free now; a hung call keeps its slot until it really ends. */
  int availableConcurrentCalls() {
    return bulkhead.availableConcurrentCalls();
  }

  /**
   * Registers a listener for this policy's events.
   *
   * @throws NullPointerException if the listener is null
   */
  public void addListener(ResilienceListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    events.add(listener);
  }

  /** Removes a listener; removing one that was never added does nothing. */
  public void removeListener(ResilienceListener listener) {
    events.remove(listener);
  }

  /**
   * Refuses later calls, and the later attempts of calls running now, with a {@link
   * ProviderUnavailableException}; attempts already running finish on their callers' threads. The
   * policy has no threads of its own to stop. Closing twice does nothing.
   */
  @Override
  public void close() {
    bulkhead.close();
    breaker.attachProbe(null);
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

  /** Keeps the provider's own failures (not the policy's refusals) for {@link #health()}. */
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
}
