package dev.switchboard.resilience;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task after a wait, for calls that hold no thread: the retry back-off, a rate-limit or
 * quota pause, a bulkhead wait's end and the whole-call deadline of a non-blocking call are
 * scheduled here instead of sleeping a thread. Blocking calls spend their waits with the {@link
 * Sleeper}.
 *
 * <p>Tasks must be short: they start the next attempt (which only enqueues its HTTP request) or
 * complete a future. A test can hand in a scheduler that runs tasks when it advances a clock.
 *
 * <pre>{@code
 * ResilienceConfig config = ResilienceConfig.builder().scheduler(Scheduler.shared()).build();
 * }</pre>
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Runs {@code task} once {@code delay} has passed (at once, on some thread, for zero or less),
   * and returns an action that cancels it if it has not started.
   */
  Runnable schedule(Duration delay, Runnable task);

  /**
   * The default: one daemon thread, {@code switchboard-scheduler}, shared by every policy in the
   * JVM. It only starts work; the HTTP exchanges run on OkHttp's dispatcher.
   */
  static Scheduler shared() {
    return SharedScheduler.INSTANCE;
  }
}

/** The JVM-wide default {@link Scheduler}. */
final class SharedScheduler implements Scheduler {
  static final SharedScheduler INSTANCE = new SharedScheduler();

  private final ScheduledThreadPoolExecutor executor;

  private SharedScheduler() {
    AtomicInteger count = new AtomicInteger();
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "switchboard-scheduler-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Runnable schedule(Duration delay, Runnable task) {
    long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
    Future<?> scheduled = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return () -> scheduled.cancel(false);
  }

  private static long saturatedNanos(Duration delay) {
    try {
      return delay.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "Scheduler.shared()";
  }
}
