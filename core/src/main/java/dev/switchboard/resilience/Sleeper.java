package dev.switchboard.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spends a wait: a retry back-off, a rate-limit pause, a quota reset. The policies never call
 * {@code Thread.sleep} themselves, so a test can hand in a sleeper that records the waits or
 * advances a test clock instead of sleeping.
 *
 * <pre>{@code
 * List<Duration> waits = new CopyOnWriteArrayList<>();
 * ResilienceConfig config = ResilienceConfig.builder().sleeper(waits::add).build();
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for the given duration; zero or negative durations return at once.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /** The default: really sleeps the calling thread. */
  static Sleeper real() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
      }
    };
  }
}
