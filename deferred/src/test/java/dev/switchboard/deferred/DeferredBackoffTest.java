package dev.switchboard.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.deferred.internal.Backoff;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeferredBackoffTest {
  private static final Duration CAP = Duration.ofMinutes(5);
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), new Random(1));
  private final SwitchboardException down =
      new ProviderUnavailableException("down", ErrorContext.empty());

  @Test
  void waitsAreSpreadOverTheWholeDoublingWindowAndCapped() {
    Set<Long> seconds = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Duration wait = backoff.after(3, CAP, down);
      assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(4));
      seconds.add(wait.toSeconds());
    }
    assertThat(seconds).contains(0L, 1L, 2L, 3L).isSubsetOf(0L, 1L, 2L, 3L, 4L);
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.after(60, CAP, down)).isLessThanOrEqualTo(CAP);
    }
  }

  @Test
  void retryAfterIsAFloorEvenWhenItIsBeyondTheCap() {
    RateLimitedException limited =
        new RateLimitedException("slow down", ErrorContext.empty(), Duration.ofMinutes(30));
    assertThat(backoff.after(1, CAP, limited)).isEqualTo(Duration.ofMinutes(30));

    AllProvidersUnavailableException all =
        new AllProvidersUnavailableException(
            "all out", ErrorContext.empty(), List.of(down, limited));
    assertThat(backoff.after(1, CAP, all)).isEqualTo(Duration.ofMinutes(30));
  }
}
