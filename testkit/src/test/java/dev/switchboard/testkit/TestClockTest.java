package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.resilience.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void standsStillUntilMoved() {
    TestClock clock = TestClock.at(T0);

    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void startsAtTheDocumentedDefault() {
    assertThat(TestClock.start().instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void advanceMovesByTheGivenDurationEitherWay() {
    TestClock clock = TestClock.at(T0);

    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));

    clock.advance(Duration.ofSeconds(-60));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(240));
  }

  @Test
  void setPutsTheClockAtAnInstant() {
    TestClock clock = TestClock.at(T0);

    clock.set(T0.minusSeconds(3600));

    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(3600));
  }

  @Test
  void sleeperRecordsEachWaitAndMovesTheClockWithoutBlocking() throws InterruptedException {
    TestClock clock = TestClock.at(T0);
    Sleeper sleeper = clock.sleeper();

    sleeper.sleep(Duration.ofDays(1));
    sleeper.sleep(Duration.ofMillis(250));

    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(1)).plusMillis(250));
    assertThat(clock.waits()).containsExactly(Duration.ofDays(1), Duration.ofMillis(250));
  }

  @Test
  void sleeperRecordsButDoesNotMoveForZeroOrNegativeWaits() throws InterruptedException {
    TestClock clock = TestClock.at(T0);

    clock.sleeper().sleep(Duration.ZERO);
    clock.sleeper().sleep(Duration.ofSeconds(-1));

    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.waits()).containsExactly(Duration.ZERO, Duration.ofSeconds(-1));
  }

  @Test
  void waitsIsASnapshotTheCallerCannotChange() throws InterruptedException {
    TestClock clock = TestClock.at(T0);
    clock.sleeper().sleep(Duration.ofSeconds(1));

    var before = clock.waits();
    clock.sleeper().sleep(Duration.ofSeconds(2));

    assertThat(before).containsExactly(Duration.ofSeconds(1));
    assertThat(clock.waits()).hasSize(2);
  }

  @Test
  void aClockInAnotherZoneSharesTheSameTime() {
    TestClock clock = TestClock.at(T0);
    ZoneId paris = ZoneId.of("Europe/Paris");

    Clock inParis = clock.withZone(paris);
    clock.advance(Duration.ofHours(1));

    assertThat(inParis.getZone()).isEqualTo(paris);
    assertThat(inParis.instant()).isEqualTo(T0.plusSeconds(3600));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }
}
