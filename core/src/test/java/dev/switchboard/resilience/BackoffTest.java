package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static Backoff backoff(Random random) {
    return new Backoff(
        "acme",
        ResilienceConfig.builder()
            .retryBaseDelay(Duration.ofMillis(100))
            .retryMaxDelay(Duration.ofMillis(1_000))
            .retryMaxRetryAfter(Duration.ofSeconds(5))
            .random(random)
            .build());
  }

  @Test
  void doublesTheCeilingPerAttemptUpToTheCap() {
    Backoff backoff = backoff(new Random(1));

    assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
    assertThat(backoff.ceilingMillis(2)).isEqualTo(200);
    assertThat(backoff.ceilingMillis(4)).isEqualTo(800);
    assertThat(backoff.ceilingMillis(5)).isEqualTo(1_000);
  }

  @Test
  void staysAtTheCapInsteadOfOverflowingAfterManyAttempts() {
    Backoff backoff = backoff(new Random(1));

    assertThat(backoff.ceilingMillis(63)).isEqualTo(1_000);
    assertThat(backoff.ceilingMillis(64)).isEqualTo(1_000);
    assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(1_000);
  }

  @Test
  void drawsFullJitterBetweenZeroAndTheCeilingInclusive() {
    Backoff backoff = backoff(new Random(7));
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 2_000; i++) {
      long delay = backoff.delayMillis(2, Failures.unavailable());
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }

    assertThat(min).isBetween(0L, 5L);
    assertThat(max).isBetween(195L, 200L);
  }

  @Test
  void waitsAtLeastTheRetryAfterHintRoundedUpToTheMillisecond() {
    Backoff backoff = backoff(new Random(3));

    assertThat(backoff.delayMillis(1, Failures.rateLimited(Duration.ofNanos(2_500_000_001L))))
        .isEqualTo(2_501);
  }

  @Test
  void givesUpOnAHintLongerThanTheMaximumRetryAfter() {
    Backoff backoff = backoff(new Random(3));

    assertThat(backoff.delayMillis(1, Failures.rateLimited(Duration.ofSeconds(6)))).isEqualTo(-1);
    assertThat(backoff.delayMillis(1, Failures.rateLimited(Duration.ofSeconds(5))))
        .isEqualTo(5_000);
  }
}
