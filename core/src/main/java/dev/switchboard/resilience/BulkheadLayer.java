package dev.switchboard.resilience;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The innermost layer: at most {@code bulkhead.max-concurrent-calls} attempts at once, each capped
 * at {@code timeout.call}. With a timeout the attempt runs on the policy's own daemon threads
 * ({@code switchboard-<provider>-N}); a hung attempt is interrupted and keeps its slot until it
 * really ends. A call that throws anything but a {@link SwitchboardException} is an adapter bug,
 * wrapped in an {@link OutcomeUnknownException}.
 */
final class BulkheadLayer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final Duration timeout;
  private final PolicyEvents events;
  private final Bulkhead bulkhead;
  private final ThreadPoolExecutor executor;

  BulkheadLayer(String provider, ResilienceConfig config, PolicyEvents events) {
    this.provider = provider;
    this.timeout = config.timeoutCall();
    this.events = events;
    this.bulkhead =
        Bulkhead.of(
            provider,
            BulkheadConfig.custom()
                .maxConcurrentCalls(config.bulkheadMaxConcurrentCalls())
                .maxWaitDuration(config.bulkheadMaxWait())
                .build());
    this.executor = timeout.isZero() ? null : executor(provider, config);
  }

  int availableConcurrentCalls() {
    return bulkhead.getMetrics().getAvailableConcurrentCalls();
  }

  <T> T execute(CallContext context, Supplier<T> call) {
    if (!bulkhead.tryAcquirePermission()) {
      if (Thread.currentThread().isInterrupted()) {
        throw events.interrupted(context, new InterruptedException("waiting for a bulkhead slot"));
      }
      throw events.refused(
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

  /** Stops the policy's threads, interrupting calls still running on them. */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private <T> T withTimeout(CallContext context, Supplier<T> call) {
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
      throw events.refused(
          context,
          RefusalReason.POLICY_CLOSED,
          new ProviderUnavailableException(
              "resilience policy closed",
              context.errorContext(false),
              new LocalRefusal(RefusalReason.POLICY_CLOSED)));
    }
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
          context.operation(),
          timeout.toMillis(),
          context.idempotencyKey());
      throw new OutcomeUnknownException(
          "call did not finish within " + timeout, context.errorContext(true), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (abandon(future, claimed)) {
        throw events.interrupted(context, e);
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

  private <T> T invoke(CallContext context, Supplier<T> call) {
    try {
      return call.get();
    } catch (SwitchboardException e) {
      throw e;
    } catch (Exception e) {
      throw unexpected(context, e);
    }
  }

  private OutcomeUnknownException unexpected(CallContext context, Throwable cause) {
    log.warn(
        "adapter threw a non-Switchboard exception provider={} operation={} outcome={}",
        provider,
        context.operation(),
        cause.getClass().getName());
    return new OutcomeUnknownException(
        "call failed with an unexpected " + cause.getClass().getName(),
        context.errorContext(true),
        cause);
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
}
