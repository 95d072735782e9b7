package dev.switchboard.deferred.internal;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Full-jitter exponential back-off: after attempt {@code n}, a delay drawn uniformly from {@code
 * [0, min(cap, base * 2^(n-1))]}, and never less than the vendor's {@code Retry-After}. Many calls
 * waiting on one vendor so spread their next attempts over the whole window instead of arriving
 * together when it recovers.
 */
public final class Backoff {
  private final Duration base;
  private final RandomGenerator random;

  public Backoff(Duration base, RandomGenerator random) {
    this.base = base;
    this.random = random;
  }

  /** The wait before the attempt after {@code attempts}, for a failure {@code failure}. */
  public Duration after(int attempts, Duration cap, SwitchboardException failure) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long ceiling = Math.min(cap.toMillis(), saturatedShift(base.toMillis(), doublings));
    Duration jittered = Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    Optional<Duration> hint = retryAfter(failure);
    return hint.filter(h -> h.compareTo(jittered) > 0).orElse(jittered);
  }

  private static long saturatedShift(long value, int doublings) {
    return value > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : value << doublings;
  }

  /** The longest {@code Retry-After} that the failure or any of its causes carries. */
  static Optional<Duration> retryAfter(Throwable failure) {
    Optional<Duration> best = Optional.empty();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      best = longer(best, hint(t));
      if (t instanceof AllProvidersUnavailableException all) {
        for (SwitchboardException cause : all.causes()) {
          best = longer(best, retryAfter(cause));
        }
      }
    }
    return best;
  }

  private static Optional<Duration> hint(Throwable t) {
    return t instanceof RateLimitedException limited ? limited.retryAfter() : Optional.empty();
  }

  private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
