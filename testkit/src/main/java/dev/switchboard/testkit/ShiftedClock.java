package dev.switchboard.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by whatever the test asked: time still flows, and the test jumps
 * minutes or hours ahead without sleeping. Use it where something polls on the clock
 * (db-scheduler's workers wait on theirs, so a {@link TestClock}, which never moves by itself,
 * would stop them).
 *
 * <pre>{@code
 * ShiftedClock clock = new ShiftedClock();
 * clock.advance(Duration.ofHours(25));   // past a 24-hour deadline, at once
 * }</pre>
 */
public final class ShiftedClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock forward by {@code by}, for good. */
  public void advance(Duration by) {
    offset.updateAndGet(o -> o.plus(by));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
