package dev.switchboard.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private final MutableClock clock = MutableClock.start();

  @Test
  void refusesARepeatInsideTheWindow() {
    ReplayGuard guard = ReplayGuard.inMemory(Duration.ofMinutes(5), clock);
    assertThat(guard.firstSight("tok-1")).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(guard.firstSight("tok-1")).isFalse();
    assertThat(guard.firstSight("tok-2")).isTrue();
  }

  @Test
  void forgetsAnIdOnceItsWindowHasPassed() {
    ReplayGuard guard = ReplayGuard.inMemory(Duration.ofMinutes(5), clock);
    guard.firstSight("tok-1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(guard.firstSight("tok-1")).isTrue();
  }

  @Test
  void staysBoundedByForgettingTheOldestFirst() {
    ReplayGuard guard = ReplayGuard.inMemory(Duration.ofHours(1), 2, clock);
    guard.firstSight("a");
    guard.firstSight("b");
    guard.firstSight("c");
    assertThat(guard.firstSight("c")).isFalse();
    assertThat(guard.firstSight("b")).isFalse();
    assertThat(guard.firstSight("a")).as("evicted as the oldest").isTrue();
  }

  @Test
  void noneRemembersNothing() {
    ReplayGuard guard = ReplayGuard.none();
    assertThat(guard.firstSight("x")).isTrue();
    assertThat(guard.firstSight("x")).isTrue();
  }

  @Test
  void refusesBadSettingsAndEmptyIdsNamingTheField() {
    assertThatThrownBy(() -> ReplayGuard.inMemory(Duration.ZERO, clock))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("window"));
    assertThatThrownBy(() -> ReplayGuard.inMemory(Duration.ofMinutes(1), 0, clock))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("maxEntries"));
    assertThatThrownBy(() -> ReplayGuard.inMemory(Duration.ofMinutes(1), clock).firstSight(""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("id"));
  }
}
