package dev.switchboard.testkit;

import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test clock that only moves when told (or when a policy "sleeps"), and policies that run on it:
 * no real waiting, no threads (the whole-call timeout is off).
 */
final class FailoverTesting {
  static final Duration WAIT_IN_OPEN = Duration.ofSeconds(30);

  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  final List<Duration> waits = new CopyOnWriteArrayList<>();
  private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  /**
   * A policy whose breaker opens once 4 calls in a window of 4 failed at 50 %, waits 30 s in open,
   * and lets one trial call through half-open.
   */
  ResiliencePolicy policy(String provider, int attempts) {
    return ResiliencePolicy.of(provider, config(attempts).build());
  }

  ResilienceConfig.Builder config(int attempts) {
    return ResilienceConfig.builder()
        .retryMaxAttempts(attempts)
        .breakerSlidingWindowSize(4)
        .breakerMinimumCalls(4)
        .breakerFailureRateThreshold(50)
        .breakerWaitInOpen(WAIT_IN_OPEN)
        .breakerHalfOpenCalls(1)
        .timeoutCall(Duration.ZERO)
        .clock(clock)
        .random(new Random(7))
        .sleeper(
            d -> {
              waits.add(d);
              advance(d);
            })
        .scheduler(
            (d, task) -> {
              waits.add(d);
              advance(d);
              task.run();
              return () -> {};
            });
  }
}
