package dev.switchboard.resilience;

import dev.switchboard.RateLimitedException;
import java.time.Duration;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait before a retry: {@code random(0, min(max-delay, base-delay * 2^(attempt-1)))} (full
 * jitter), or at least a {@link RateLimitedException}'s hint, rounded up to the millisecond. A hint
 * above {@code retry.max-retry-after} is not waited for.
 *
 * <p>{@link #fullJitter} is the same draw for other modules that space attempts (the deferred
 * queue's back-off).
 */
public final class Backoff {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final long baseMillis;
  private final long capMillis;
  private final Duration maxRetryAfter;
  private final Random random;

  Backoff(String provider, ResilienceConfig config) {
    this.provider = provider;
    this.baseMillis = config.retryBaseDelay().toMillis();
    this.capMillis = config.retryMaxDelay().toMillis();
    this.maxRetryAfter = config.retryMaxRetryAfter();
    this.random = config.random();
  }

  /**
   * The delay in milliseconds before the retry after the given attempt (1 for the first), or -1
   * when the failure's retry hint is longer than the policy waits for.
   */
  long delayMillis(int attempt, Throwable failure) {
    long ceiling = ceilingMillis(baseMillis, capMillis, attempt);
    long jitter = random.nextLong(ceiling + 1);
    if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
      Duration hint = limited.retryAfter().get();
      if (hint.compareTo(maxRetryAfter) > 0) {
        log.info(
            "retry-after hint too long provider={} hint={}ms max={}ms outcome=not-retried",
            provider,
            hint.toMillis(),
            maxRetryAfter.toMillis());
        return -1;
      }
      long hintMillis = (hint.toNanos() + 999_999L) / 1_000_000L;
      return Math.max(hintMillis, jitter);
    }
    return jitter;
  }

  /**
   * A full-jitter wait after the given attempt (1 for the first): uniform in {@code [0, min(cap,
   * base * 2^(attempt-1))]}, to the millisecond.
   */
  public static Duration fullJitter(
      Duration base, Duration cap, int attempt, java.util.random.RandomGenerator random) {
    return Duration.ofMillis(
        random.nextLong(ceilingMillis(base.toMillis(), cap.toMillis(), Math.max(attempt, 1)) + 1));
  }

  /** The upper bound of the jitter after the given attempt, never above the cap nor overflowing. */
  long ceilingMillis(int attempt) {
    return ceilingMillis(baseMillis, capMillis, attempt);
  }

  private static long ceilingMillis(long baseMillis, long capMillis, int attempt) {
    int doublings = attempt - 1;
    if (doublings >= Long.SIZE - 2 || baseMillis > (capMillis >> doublings)) {
      return capMillis;
    }
    return baseMillis << doublings;
  }
}
