package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What every {@link RateState} built on Bucket4j shares: one bucket shape for a budget of {@code
 * limitForPeriod} calls per {@code period} (that capacity, refilled greedily over the period), one
 * key per budget and shape, and the clock adapter. Store modules use it so that a budget means the
 * same in memory, in a database and in Redis.
 */
public final class RateBudgets {
  private RateBudgets() {}

  /**
   * Checks a budget's shape.
   *
   * @throws InvalidRequestException if the limit is not positive or the period not positive
   */
  public static void check(int limitForPeriod, Duration period) {
    if (limitForPeriod <= 0) {
      throw InvalidRequestException.invalidField(
          "limitForPeriod", "limitForPeriod must be positive: " + limitForPeriod);
    }
    if (period == null || period.isZero() || period.isNegative()) {
      throw InvalidRequestException.invalidField("period", "period must be positive: " + period);
    }
  }

  /** The bucket's key: the budget's name with its shape, so a changed limit starts a new bucket. */
  public static String bucketKey(String name, int limitForPeriod, Duration period) {
    return name + ':' + limitForPeriod + '/' + period.toMillis() + "ms";
  }

  /** The bucket's one limit. */
  public static Bandwidth bandwidth(int limitForPeriod, Duration period) {
    return Bandwidth.builder()
        .capacity(limitForPeriod)
        .refillGreedy(limitForPeriod, period)
        .build();
  }

  /** The bucket's configuration, for Bucket4j's proxy managers. */
  public static BucketConfiguration configuration(int limitForPeriod, Duration period) {
    return BucketConfiguration.builder().addLimit(bandwidth(limitForPeriod, period)).build();
  }

  /** Bucket4j's view of a {@link Clock}, so that tests drive budgets with a test clock. */
  public static TimeMeter timeMeter(Clock clock) {
    Objects.requireNonNull(clock, "clock == null");
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}
