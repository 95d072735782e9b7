package dev.switchboard.resilience;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code bulkhead.max-concurrent-calls} attempts at once, waiting up to {@code
 * bulkhead.max-wait} for a slot, then refusing with "bulkhead full" (load shedding: nothing is
 * sent, the breaker does not count it, a failover composite moves the call on). A blocking caller
 * waits with its thread; a non-blocking one waits in a queue without one ({@link Permits}). An
 * attempt holds its slot until it really ends. Refuses every attempt once the policy is closed.
 */
final class BulkheadLayer implements AutoCloseable {
  private final PolicyEvents events;
  private final Permits permits;
  private final Duration maxWait;
  private final TimeoutLayer timeout;
  private volatile boolean closed;

  BulkheadLayer(String provider, ResilienceConfig config, PolicyEvents events) {
    this.events = events;
    this.permits = new Permits(config.bulkheadMaxConcurrentCalls());
    this.maxWait = config.bulkheadMaxWait();
    this.timeout = new TimeoutLayer(provider, config.timeoutCall());
  }

  int availableConcurrentCalls() {
    return permits.available();
  }

  <T> CompletableFuture<T> execute(CallContext context, Supplier<CompletableFuture<T>> call) {
    SwitchboardException refusal = refusalIfClosed(context);
    if (refusal != null) {
      return Futures.failed(refusal);
    }
    if (context.blocking()) {
      try {
        if (!permits.acquire(maxWait)) {
          return Futures.failed(full(context));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Futures.failed(
            events.interrupted(context, new InterruptedException("waiting for a bulkhead slot")));
      }
      return timeout.execute(context, call, permits::release);
    }
    CompletableFuture<Boolean> slot = permits.acquireLater(maxWait, context.scheduler());
    if (slot.isDone() && slot.join()) {
      return timeout.execute(context, call, permits::release);
    }
    context.cancellation().onCancel(() -> slot.complete(false));
    return slot.thenCompose(
        granted -> {
          if (granted) {
            return timeout.execute(context, call, permits::release);
          }
          return Futures.failed(
              context.cancellation().requested()
                  ? events.interrupted(
                      context, new CancellationException("cancelled waiting for a bulkhead slot"))
                  : full(context));
        });
  }

  private ProviderUnavailableException full(CallContext context) {
    return events.refused(
        context,
        RefusalReason.BULKHEAD_FULL,
        new ProviderUnavailableException(
            "bulkhead full",
            context.errorContext(false),
            new LocalRefusal(RefusalReason.BULKHEAD_FULL)));
  }

  /** Throws the "policy closed" refusal once {@link #close()} has been called. */
  void refuseIfClosed(CallContext context) {
    SwitchboardException refusal = refusalIfClosed(context);
    if (refusal != null) {
      throw refusal;
    }
  }

  private SwitchboardException refusalIfClosed(CallContext context) {
    if (!closed) {
      return null;
    }
    return events.refused(
        context,
        RefusalReason.POLICY_CLOSED,
        new ProviderUnavailableException(
            "resilience policy closed",
            context.errorContext(false),
            new LocalRefusal(RefusalReason.POLICY_CLOSED)));
  }

  /** Refuses later attempts; attempts already running finish on their callers' threads. */
  @Override
  public void close() {
    closed = true;
  }
}
