package dev.switchboard.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A clock that moves only when the story (or a policy's wait) advances it, so that the examples
 * print the same times on every run.
 *
 * <p>The deferred queue's workers (db-scheduler) wait on this clock between polls, so with it they
 * never poll on their own: the examples configure a polling interval longer than the story and
 * {@linkplain DeferredQueueWatch#wake wake} the workers at the points the story chooses. A real
 * application uses the system clock and lets the workers poll.
 */
final class SimulatedClock extends Clock {
  private final Instant start;
  private volatile Instant now;

  SimulatedClock(Instant start) {
    this.start = start;
    this.now = start;
  }

  /** An instant as the stories print it: seconds since the clock started, {@code t+ 6.081s}. */
  String sinceStart(Instant at) {
    Duration t = Duration.between(start, at);
    return String.format(Locale.ROOT, "t+%3d.%03ds", t.toSeconds(), t.toMillisPart());
  }

  /** Moves the clock forward; called by the story and, as its sleeper, by the policies' waits. */
  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Moves the clock to {@code instant} if that is later than now. */
  synchronized void advanceTo(Instant instant) {
    if (instant.isAfter(now)) {
      now = instant;
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
