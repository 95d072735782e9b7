package dev.switchboard.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} whose tasks run only when a test advances it, moving the clock with it: a
 * non-blocking call's back-offs and deadlines can be stepped through without sleeping.
 */
final class ManualScheduler implements Scheduler {
  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long sequence;
  private Duration elapsed = Duration.ZERO;

  ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  private record Task(Duration due, long order, Runnable action) {}

  @Override
  public synchronized Runnable schedule(Duration delay, Runnable task) {
    Task scheduled =
        new Task(elapsed.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
    tasks.add(scheduled);
    return () -> {
      synchronized (this) {
        tasks.remove(scheduled);
      }
    };
  }

  /** The delays, from now, of the tasks waiting to run. */
  synchronized List<Duration> pending() {
    return tasks.stream()
        .sorted(Comparator.comparing(Task::due).thenComparingLong(Task::order))
        .map(t -> t.due().minus(elapsed))
        .toList();
  }

  /** Moves time on by {@code by}, running every task that falls due on the way, in order. */
  void advance(Duration by) {
    Duration target;
    synchronized (this) {
      target = elapsed.plus(by);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.due().compareTo(target) <= 0)
                .min(Comparator.comparing(Task::due).thenComparingLong(Task::order))
                .orElse(null);
        if (next == null) {
          clock.advance(target.minus(elapsed));
          elapsed = target;
          return;
        }
        tasks.remove(next);
        clock.advance(next.due().minus(elapsed));
        elapsed = next.due();
      }
      next.action().run();
    }
  }
}
