package dev.switchboard.deferred.jdbc.internal;

import dev.switchboard.SwitchboardException;
import dev.switchboard.resilience.ErrorPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Full-jitter exponential back-off: after attempt {@code n}, a delay drawn uniformly from {@code
 * [0, min(cap, base * 2^(n-1))]}, added to the wait the failure asks for ({@link
 * ErrorPolicy#retryAfter}: a {@code Retry-After}, or the rest of an open breaker's wait; for every
 * provider out, the soonest any of them may take the call). Many calls waiting on one vendor so
 * spread their next attempts over the whole window after the vendor's own wait, instead of all
 * arriving the moment it ends.
 */
public final class Backoff {
  private final Duration base;
  private final RandomGenerator random;

  public Backoff(Duration base, RandomGenerator random) {
    this.base = base;
    this.random = random;
  }

  /**
   * The wait before the attempt after {@code attempts}, which ended in {@code failure} at {@code
   * now}.
   */
  public Duration after(int attempts, Duration cap, SwitchboardException failure, Instant now) {
    Duration jittered = dev.switchboard.resilience.Backoff.fullJitter(base, cap, attempts, random);
    return ErrorPolicy.retryAfter(failure, now).map(jittered::plus).orElse(jittered);
  }
}
