package dev.switchboard.resilience;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker around each attempt: count-based over {@link ErrorPolicy#countsForBreaker},
 * ignoring the policy's own refusals, moving from open to half-open only when a call is offered
 * after the wait (by the injected clock). While open it refuses with "circuit breaker open".
 *
 * <p>With a {@linkplain #attachProbe health probe} the half-open trial is the probe ({@link
 * ProbeTrial}): customers' calls are refused while the breaker is open or half-open, and the first
 * one offered after the wait starts the probe in the background.
 */
final class BreakerLayer {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final CircuitBreaker breaker;
  private final PolicyEvents events;
  private final ProbeTrial trial;
  private final java.time.Clock clock;
  private final java.time.Duration waitInOpen;
  private final int windowSize;
  private final long slowCallMillis;
  private volatile java.time.Instant openedAt;

  BreakerLayer(String provider, ResilienceConfig config, PolicyEvents events) {
    this(
        provider,
        config,
        events,
        new ProviderHold(config.clock(), config.rateLimitHoldBase(), config.rateLimitHoldMax()));
  }

  /**
   * @param hold the provider's hold, which a probe the vendor rate-limits reports to
   */
  BreakerLayer(String provider, ResilienceConfig config, PolicyEvents events, ProviderHold hold) {
    this.provider = provider;
    this.events = events;
    this.breaker = CircuitBreaker.of(provider, breakerConfig(config));
    this.windowSize = config.breakerSlidingWindowSize();
    this.slowCallMillis =
        breaker.getCircuitBreakerConfig().getSlowCallDurationThreshold().toMillis();
    this.clock = config.clock();
    this.waitInOpen = config.breakerWaitInOpen();
    if (!config.breakerEnabled()) {
      breaker.transitionToDisabledState();
    }
    this.trial = new ProbeTrial(provider, breaker, config, config.probeExecutor(), hold);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                transitioned(
                    toBreakerState(event.getStateTransition().getFromState()),
                    toBreakerState(event.getStateTransition().getToState())));
  }

  /**
   * Runs the rest of the attempt if the breaker permits it, and records how it ended. An attempt
   * its caller cancelled is not recorded: it says nothing about the provider.
   */
  <T> CompletableFuture<T> execute(CallContext context, Supplier<CompletableFuture<T>> inner) {
    if (!trial.admits() || !breaker.tryAcquirePermission()) {
      Instant opened = openedAt;
      Instant until = opened == null ? null : opened.plus(waitInOpen);
      return Futures.failed(
          events.refused(
              context,
              RefusalReason.BREAKER_OPEN,
              new ProviderUnavailableException(
                  "circuit breaker open",
                  context.errorContext(false),
                  new LocalRefusal(
                      RefusalReason.BREAKER_OPEN,
                      until != null && until.isAfter(clock.instant()) ? until : null,
                      CallNotPermittedException.createCallNotPermittedException(breaker)))));
    }
    long start = breaker.getCurrentTimestamp();
    CompletableFuture<T> attempt;
    try {
      attempt = inner.get();
    } catch (Error e) {
      breaker.releasePermission();
      throw e;
    }
    if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
      onSuccess(start);
      return attempt;
    }
    return attempt.whenComplete(
        (value, error) -> {
          if (error == null) {
            onSuccess(start);
            return;
          }
          Throwable failure = Futures.unwrap(error);
          if (failure instanceof SwitchboardException && !context.cancellation().requested()) {
            breaker.onError(
                breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), failure);
          } else {
            breaker.releasePermission();
          }
        });
  }

  private void onSuccess(long start) {
    long elapsed = breaker.getCurrentTimestamp() - start;
    if (!successChangesNothing(elapsed)) {
      breaker.onSuccess(elapsed, breaker.getTimestampUnit());
    }
  }

  /**
   * Whether recording this success would leave the breaker exactly as it is: closed, its count
   * window full, none of the calls in it failed or slow, and this call not slow. The success would
   * only push the oldest success out of a window of successes, so it is not recorded; that spares
   * every call on a healthy provider a write to the window that all its callers share. A failure
   * recorded meanwhile by another thread ends up in the same window as if this success had been
   * recorded just before it.
   */
  private boolean successChangesNothing(long elapsedMillis) {
    if (elapsedMillis >= slowCallMillis || breaker.getState() != CircuitBreaker.State.CLOSED) {
      return false;
    }
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    return metrics.getNumberOfBufferedCalls() >= windowSize
        && metrics.getNumberOfFailedCalls() == 0
        && metrics.getNumberOfSlowCalls() == 0;
  }

  /** Makes {@code probe} the half-open trial; null goes back to real calls as the trial. */
  void attachProbe(HealthProbe probe) {
    trial.attach(probe);
  }

  /** Whether a health probe is running now as the half-open trial. */
  boolean probing() {
    return trial.running();
  }

  /** Whether a health probe is the half-open trial. */
  boolean probesWhenHalfOpen() {
    return trial.attached();
  }

  /** The breaker's state now; an open breaker stays open until a call is offered after its wait. */
  BreakerState state() {
    return toBreakerState(breaker.getState());
  }

  private void transitioned(BreakerState from, BreakerState to) {
    if (to == BreakerState.OPEN) {
      openedAt = clock.instant();
    }
    log.info("breaker state changed provider={} from={} to={}", provider, from, to);
    events.emit(new ResilienceEvent.BreakerStateChanged(provider, from, to, events.now()));
  }

  static BreakerState toBreakerState(CircuitBreaker.State state) {
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

  /**
   * The lock-free window: the synchronized one made every call of a busy provider take turns at one
   * monitor, which cost a sixth of the full stack's throughput at eight threads on two cores
   * (CpuPerCallProgram, a charge: 0.79x of bare OkHttp before, 0.85x after). Resilience4j 2.4.0's
   * lock-free window throws a NullPointerException on its second record when it holds a single call
   * (its head falls off a one-node list), so a window of one stays synchronized.
   */
  static CircuitBreakerConfig.SlidingWindowSynchronizationStrategy windowSynchronization(
      ResilienceConfig config) {
    return config.breakerSlidingWindowSize() > 1
        ? CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE
        : CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED;
  }

  private static CircuitBreakerConfig breakerConfig(ResilienceConfig config) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSynchronizationStrategy(windowSynchronization(config))
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
}
