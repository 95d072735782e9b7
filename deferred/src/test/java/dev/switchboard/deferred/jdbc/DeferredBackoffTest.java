package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.deferred.jdbc.internal.Backoff;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeferredBackoffTest {
  private static final Duration CAP = Duration.ofMinutes(5);
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-12-06T12:00:00Z");
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), new Random(1));
  private final SwitchboardException down =
      new ProviderUnavailableException("down", ErrorContext.empty());

  @Test
  void waitsAreSpreadOverTheWholeDoublingWindowAndCapped() {
    Set<Long> seconds = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Duration wait = backoff.after(3, CAP, down, NOW);
      assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(4));
      seconds.add(wait.toSeconds());
    }
    assertThat(seconds).contains(0L, 1L, 2L, 3L).isSubsetOf(0L, 1L, 2L, 3L, 4L);
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.after(60, CAP, down, NOW)).isLessThanOrEqualTo(CAP);
    }
  }

  @Test
  void theVendorsWaitComesFirstAndTheJitterSpreadsCallsAfterIt() {
    RateLimitedException limited =
        new RateLimitedException("slow down", ErrorContext.empty(), Duration.ofMinutes(30));
    Set<Long> millis = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration wait = backoff.after(2, CAP, limited, NOW);
      assertThat(wait).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusSeconds(2));
      millis.add(wait.toMillis());
    }
    assertThat(millis).as("spread, not one instant").hasSizeGreaterThan(100);

    // Every provider out: the soonest may take the call, and one with no hint may take it now.
    RateLimitedException soon =
        new RateLimitedException("slow down", ErrorContext.empty(), Duration.ofMinutes(2));
    assertThat(
            backoff.after(
                1,
                CAP,
                new AllProvidersUnavailableException(
                    "all out", ErrorContext.empty(), List.of(limited, soon)),
                NOW))
        .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plusSeconds(1));
    assertThat(
            backoff.after(
                1,
                CAP,
                new AllProvidersUnavailableException(
                    "all out", ErrorContext.empty(), List.of(limited, down)),
                NOW))
        .isBetween(Duration.ZERO, Duration.ofSeconds(1));
  }
}
