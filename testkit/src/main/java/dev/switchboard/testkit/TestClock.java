package dev.switchboard.testkit;

import dev.switchboard.resilience.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that moves only when the test moves it, so nothing in a test waits for real time.
 * Hand it to an adapter, a simulator or {@code SwitchboardConfig.builder().clock(...)}, and hand
 * {@link #sleeper()} to the policies: every back-off they spend then moves this clock forward
 * instead of sleeping, and is recorded in {@link #waits()}.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2024-05-01T12:00:00Z"));
 * SwitchboardConfig config =
 *     SwitchboardConfig.builder().putAll(settings).clock(clock).sleeper(clock.sleeper()).build();
 * clock.advance(Duration.ofMinutes(5));
 * assertThat(clock.waits()).hasSize(1);
 * }</pre>
 *
 * <p>The zone is UTC unless {@link #withZone(ZoneId)} asks for another; a clock from {@code
 * withZone} shares its time and recorded waits with this one. Safe to read and move from several
 * threads.
 */
public final class TestClock extends Clock {
  /** Where {@link #start()} begins: {@code 2030-01-01T00:00:00Z}. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final List<Duration> waits;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, List<Duration> waits, ZoneId zone) {
    this.now = now;
    this.waits = waits;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static TestClock at(Instant start) {
    Objects.requireNonNull(start, "start == null");
    return new TestClock(
        new AtomicReference<>(start), new CopyOnWriteArrayList<>(), ZoneOffset.UTC);
  }

  /** A clock standing at {@link #DEFAULT_START}, in UTC. */
  public static TestClock start() {
    return at(DEFAULT_START);
  }

  /** Moves the clock by {@code duration}; a negative duration moves it back. */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    now.updateAndGet(t -> t.plus(duration));
  }

  /** Puts the clock at {@code instant}, forwards or back. */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant == null");
    now.set(instant);
  }

  /**
   * A {@link Sleeper} that spends each wait on this clock: it records the wait in {@link #waits()}
   * and moves the clock forward by it (a zero or negative wait is recorded and leaves the clock
   * where it is). It never blocks.
   */
  public Sleeper sleeper() {
    return duration -> {
      Objects.requireNonNull(duration, "duration == null");
      waits.add(duration);
      if (!duration.isNegative() && !duration.isZero()) {
        advance(duration);
      }
    };
  }

  /** Every wait {@link #sleeper()} was asked for so far, oldest first; a copy. */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone == null");
    return zone.equals(this.zone) ? this : new TestClock(now, waits, zone);
  }

  @Override
  public String toString() {
    return "TestClock[" + now.get() + ", " + zone + "]";
  }
}
