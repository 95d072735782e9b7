package dev.switchboard.deferred.jdbc;

import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a queue's {@link DeferredCalls#health()} to a Micrometer {@link MeterRegistry}.
 * Micrometer is an optional dependency: only applications that create this class need it.
 *
 * <pre>{@code
 * DeferredMetrics.create(registry).bind(switchboard.deferred());
 * }</pre>
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code switchboard.deferred.calls} (gauge; {@code state}): how many calls stand in each
 *       state, across every instance sharing the queue; {@code state=DEAD} counts the dead calls;
 *   <li>{@code switchboard.deferred.oldest.open} (gauge, seconds): how long the oldest queued or
 *       waiting call has been in the queue, 0 when none is;
 *   <li>{@code switchboard.deferred.executions} (counter; {@code outcome} = {@code succeeded},
 *       {@code failed}, {@code dead}, {@code retry} or {@code unknown}): attempts this instance
 *       ran.
 * </ul>
 *
 * <p>The gauges read the database; one reading serves every gauge for a second, so a scrape costs
 * two queries however many meters it reads.
 */
public final class DeferredMetrics {
  private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final List<String> OUTCOMES =
      List.of("succeeded", "failed", "dead", "retry", "unknown");

  private final MeterRegistry registry;

  private DeferredMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics into {@code registry}. */
  public static DeferredMetrics create(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry == null");
    return new DeferredMetrics(registry);
  }

  /** Registers the queue's meters. */
  public void bind(DeferredCalls queue) {
    Objects.requireNonNull(queue, "queue == null");
    // Micrometer holds a meter's object weakly: the meters hang on the queue, which the
    // application keeps, and each reads the shared reading that its function holds.
    Reading reading = new Reading(queue);
    for (DeferredState state : DeferredState.values()) {
      gauge("switchboard.deferred.calls", queue, q -> reading.health().count(state))
          .tag("state", state.name())
          .description("deferred calls in this state")
          .register(registry);
    }
    gauge(
            "switchboard.deferred.oldest.open",
            queue,
            q -> reading.health().oldestWaiting().toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("age of the oldest queued or waiting deferred call")
        .register(registry);
    for (String outcome : OUTCOMES) {
      FunctionCounter.builder(
              "switchboard.deferred.executions",
              queue,
              q -> reading.health().executions().getOrDefault(outcome, 0L))
          .tag("outcome", outcome)
          .description("attempts of deferred calls run by this instance")
          .register(registry);
    }
  }

  private static Gauge.Builder<DeferredCalls> gauge(
      String name, DeferredCalls queue, ToDoubleFunction<DeferredCalls> value) {
    return Gauge.builder(name, queue, value);
  }

  /** The queue's health, read at most once a second. */
  private static final class Reading {
    private final DeferredCalls queue;
    private DeferredHealth last;
    private long readAt;

    Reading(DeferredCalls queue) {
      this.queue = queue;
    }

    synchronized DeferredHealth health() {
      long now = System.nanoTime();
      if (last == null || now - readAt > REUSE_NANOS) {
        last = queue.health();
        readAt = now;
      }
      return last;
    }
  }
}
