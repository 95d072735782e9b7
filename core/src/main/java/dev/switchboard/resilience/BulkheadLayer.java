package dev.switchboard.resilience;

import dev.switchboard.ProviderUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.function.Supplier;

/**
 * At most {@code bulkhead.max-concurrent-calls} attempts at once, waiting up to {@code
 * bulkhead.max-wait} for a slot, then refusing with "bulkhead full" (load shedding: nothing is
 * sent, the breaker does not count it, a failover composite moves the call on). The attempt runs on
 * the caller's thread and holds its slot until it really returns. Refuses every attempt once the
 * policy is closed.
 */
final class BulkheadLayer implements AutoCloseable {
  private final PolicyEvents events;
  private final Bulkhead bulkhead;
  private final TimeoutLayer timeout;
  private volatile boolean closed;

  BulkheadLayer(String provider, ResilienceConfig config, PolicyEvents events) {
    this.events = events;
    this.bulkhead =
        Bulkhead.of(
            provider,
            BulkheadConfig.custom()
                .maxConcurrentCalls(config.bulkheadMaxConcurrentCalls())
                .maxWaitDuration(config.bulkheadMaxWait())
                .build());
    this.timeout = new TimeoutLayer(provider, config.timeoutCall());
  }

  int availableConcurrentCalls() {
    return bulkhead.getMetrics().getAvailableConcurrentCalls();
  }

  <T> T execute(CallContext context, Supplier<T> call) {
    refuseIfClosed(context);
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
    try {
      return timeout.execute(context, call);
    } finally {
      bulkhead.onComplete();
    }
  }

  /** Throws the "policy closed" refusal once {@link #close()} has been called. */
  void refuseIfClosed(CallContext context) {
    if (closed) {
      throw events.refused(
          context,
          RefusalReason.POLICY_CLOSED,
          new ProviderUnavailableException(
              "resilience policy closed",
              context.errorContext(false),
              new LocalRefusal(RefusalReason.POLICY_CLOSED)));
    }
  }

  /** Refuses later attempts; attempts already running finish on their callers' threads. */
  @Override
  public void close() {
    closed = true;
  }
}
