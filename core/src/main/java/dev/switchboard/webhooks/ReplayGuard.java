package dev.switchboard.webhooks;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which webhook deliveries (or tokens, or event ids) a verifier has already accepted, so
 * a captured request replayed by an attacker is refused.
 *
 * <p>A verifier first checks the signature and the timestamp tolerance, then calls {@link
 * #firstSight(String)} with the delivery's unique value (a signed token, a transmission id, an
 * event id). Keep the remembered window at least as long as the verifier's timestamp tolerance:
 * anything older is already refused by the timestamp check, so the guard never needs to remember
 * longer.
 *
 * <pre>{@code
 * ReplayGuard guard = ReplayGuard.inMemory(Duration.ofMinutes(10), Clock.systemUTC());
 * if (!guard.firstSight(token)) {
 *   throw new WebhookVerificationException(Problem.REPLAYED, "token already used", context);
 * }
 * }</pre>
 *
 * <p>The {@linkplain #inMemory in-memory guard} protects one process. Several instances behind a
 * load balancer need a shared store: implement this interface over it (a cache with a TTL and an
 * atomic "set if absent" is enough). Implementations are thread-safe.
 */
public interface ReplayGuard {
  /**
   * Records {@code id} and says whether this is the first time it is seen within the window.
   *
   * @param id the delivery's unique value; never logged by the in-memory guard
   * @return true the first time, false for a repeat still inside the window
   */
  boolean firstSight(String id);

  /**
   * A guard that remembers ids in memory for {@code window}, at most {@code maxEntries} at once
   * (the oldest are forgotten first beyond that, so memory stays bounded under a flood).
   *
   * @param window how long an id is remembered; positive
   * @param maxEntries how many ids are kept at most; positive
   * @param clock the time source
   */
  static ReplayGuard inMemory(Duration window, int maxEntries, Clock clock) {
    return new InMemoryReplayGuard(window, maxEntries, clock);
  }

  /** {@link #inMemory(Duration, int, Clock)} with room for 100,000 ids. */
  static ReplayGuard inMemory(Duration window, Clock clock) {
    return inMemory(window, 100_000, clock);
  }

  /**
   * A guard that remembers nothing: every id is a first sight. Only for verifiers run elsewhere.
   */
  static ReplayGuard none() {
    return id -> true;
  }
}
