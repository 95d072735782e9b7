package dev.switchboard.resilience;

import dev.switchboard.ErrorContext;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallDeadline;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a provider's {@link HealthProbe} the trial of its half-open circuit breaker, so that no
 * customer's call is the one that finds out whether the provider is back.
 *
 * <p>While the breaker is open or half-open, {@link #admits()} says no: the policy refuses the
 * customer's call at once ({@code BREAKER_OPEN}) and a failover composite moves it to the next
 * provider without a round trip. The first call offered after the open wait starts the trial on a
 * shared background thread ({@link #SHARED}), at most one per provider at a time: the breaker moves
 * to half-open, the probe runs up to {@code breaker.half-open-calls} times, and each outcome is fed
 * to the breaker, which closes (customers' calls flow again) or opens for another wait. A probe the
 * vendor rate-limits sends the breaker back to open and is reported to the {@link ProviderHold}.
 *
 * <p>Without a probe ({@link #attach} never called, or {@code breaker.half-open-trial=call}) it
 * admits every call and the breaker behaves as Resilience4j's own: real calls are the trial.
 */
final class ProbeTrial {
  private static final Logger log = LoggerFactory.getLogger(ProbeTrial.class);

  /** The daemon threads trials run on unless the configuration names an executor. */
  static final Executor SHARED = sharedExecutor();

  private final String provider;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final Duration waitInOpen;
  private final int trialCalls;
  private final Executor executor;
  private final ProviderHold hold;
  private final Duration callTimeout;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile HealthProbe probe;
  private volatile Instant openedAt;

  ProbeTrial(
      String provider,
      CircuitBreaker breaker,
      ResilienceConfig config,
      Executor executor,
      ProviderHold hold) {
    this.provider = provider;
    this.breaker = breaker;
    this.clock = config.clock();
    this.waitInOpen = config.breakerWaitInOpen();
    this.trialCalls = config.breakerHalfOpenCalls();
    this.executor = executor;
    this.hold = hold;
    this.callTimeout = config.timeoutCall();
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
              }
            });
  }

  /** Makes {@code probe} the breaker's trial from now on; null goes back to real calls. */
  void attach(HealthProbe probe) {
    this.probe = probe;
  }

  /** Whether a probe is the trial. */
  boolean attached() {
    return probe != null;
  }

  /**
   * Whether a customer's call may be offered to the breaker now. No while the breaker is open or
   * half-open and a probe is the trial; the first call refused after the open wait starts the
   * trial.
   */
  boolean admits() {
    if (probe == null) {
      return true;
    }
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.HALF_OPEN) {
      start();
      return false;
    }
    if (state != CircuitBreaker.State.OPEN) {
      return true;
    }
    Instant opened = openedAt;
    if (opened == null || !clock.instant().isBefore(opened.plus(waitInOpen))) {
      start();
    }
    return false;
  }

  /** Whether a trial is running now. */
  boolean running() {
    return running.get();
  }

  private void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::trial);
    } catch (RejectedExecutionException e) {
      running.set(false);
      log.warn("health probe not started provider={} error={}", provider, e.toString());
    }
  }

  private void trial() {
    try {
      HealthProbe current = probe;
      if (current == null) {
        return;
      }
      if (breaker.getState() == CircuitBreaker.State.OPEN) {
        breaker.transitionToHalfOpenState();
      }
      for (int i = 0;
          i < 2 * trialCalls && breaker.getState() == CircuitBreaker.State.HALF_OPEN;
          i++) {
        if (!breaker.tryAcquirePermission()) {
          return;
        }
        if (!once(current)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("health probe trial failed provider={} error={}", provider, e.toString());
    } finally {
      running.set(false);
    }
  }

  /** Runs the probe once and feeds the outcome to the breaker; false to end the trial. */
  private boolean once(HealthProbe current) {
    long start = breaker.getCurrentTimestamp();
    try {
      probeWithinTheCallTimeout(current);
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      log.debug("health probe answered provider={} outcome=success", provider);
      return true;
    } catch (RateLimitedException e) {
      breaker.releasePermission();
      hold.onRateLimited(e);
      breaker.transitionToOpenState();
      log.info("health probe rate-limited provider={} outcome=reopened", provider);
      return false;
    } catch (SwitchboardException e) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      log.info(
          "health probe failed provider={} outcome={}", provider, e.getClass().getSimpleName());
      return true;
    } catch (RuntimeException e) {
      OutcomeUnknownException failure =
          new OutcomeUnknownException(
              "health probe failed with an unexpected " + e.getClass().getName(),
              ErrorContext.builder().provider(provider).operation("probe").build(),
              e);
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), failure);
      log.warn("health probe threw provider={} error={}", provider, e.toString());
      return true;
    }
  }

  /**
   * Runs the probe under the same {@code timeout.call} deadline as a customer's call, so a vendor
   * that accepts connections but never answers cannot hold a probe thread for longer (the HTTP
   * layer ends its call at the deadline; other work is interrupted).
   */
  private void probeWithinTheCallTimeout(HealthProbe current) {
    if (callTimeout.isZero()) {
      current.probe();
      return;
    }
    try (CallDeadline deadline = CallDeadline.start(callTimeout)) {
      current.probe();
    }
  }

  private static ExecutorService sharedExecutor() {
    AtomicInteger counter = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "switchboard-probe-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
