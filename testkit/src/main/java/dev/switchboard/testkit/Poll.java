package dev.switchboard.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, within a bound, for work that runs on threads the test does not drive (db-scheduler's
 * workers behind the deferred calls and the webhook inbox), nudging them each round. Time itself is
 * never waited for: advance a {@link ShiftedClock} or {@link TestClock} to make work due; this only
 * lets the workers pick it up.
 *
 * <pre>{@code
 * Poll.until("the event is handled", inbox::wakeUp, () -> handled.size() == 1, inbox::depth);
 * }</pre>
 */
public final class Poll {
  /** How long {@link #until} waits at most: 30 seconds. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Poll() {}

  /**
   * Returns once {@code done} is true, calling {@code nudge} and pausing 20 ms between looks.
   *
   * @param what what is awaited, for the failure
   * @param state what the failure should show of where things stand
   * @throws AssertionError after {@link #TIMEOUT}, or if interrupted
   */
  public static void until(String what, Runnable nudge, BooleanSupplier done, Supplier<?> state) {
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting until " + what + "; " + state.get());
      }
      nudge.run();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
