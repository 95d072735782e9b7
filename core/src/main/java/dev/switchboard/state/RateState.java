package dev.switchboard.state;

import java.time.Duration;
import java.util.Optional;

/**
 * Rate state that every instance sharing a store sees: the quota a vendor last reported to any of
 * them, and client-side rate budgets enforced across them as one.
 *
 * <pre>{@code
 * rates.publishQuota("acme-pay", new QuotaSnapshot(100, 3, resetAt, now));
 * rates.quota("acme-pay");                                 // seen by every instance
 * Duration wait = rates.tryAcquire("acme-pay", 50, Duration.ofSeconds(1));
 * if (!wait.isZero()) {
 *   // the fleet used its 50 calls this second; a permit frees up after wait
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; a failure to reach the store is a {@link
 * StateStoreException}.
 */
public interface RateState {
  /**
   * Records the quota {@code provider} reported. A snapshot older than the one stored (by {@link
   * QuotaSnapshot#observedAt()}) does not replace it.
   */
  void publishQuota(String provider, QuotaSnapshot snapshot);

  /** The latest quota any instance saw for {@code provider}, if any. */
  Optional<QuotaSnapshot> quota(String provider);

  /**
   * Takes one permit from the shared budget {@code name} of {@code limitForPeriod} calls per {@code
   * period}, refilled steadily (a token bucket of that capacity).
   *
   * @return zero when a permit was taken; otherwise how long until one is free, nothing taken
   */
  Duration tryAcquire(String name, int limitForPeriod, Duration period);
}
