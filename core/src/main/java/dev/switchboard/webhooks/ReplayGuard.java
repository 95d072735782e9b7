package dev.switchboard.webhooks;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which webhook deliveries (or tokens, or event ids) were already accepted, so a captured
 * request replayed by an attacker, or a vendor's redelivery of an event already handled, is
 * refused.
 *
 * <p>Two ways to use it:
 *
 * <ul>
 *   <li>A verifier checks the signature and the timestamp tolerance, then calls {@link
 *       #firstSight(String)} with the delivery's unique value (a signed token, a transmission id,
 *       an event id): true the first time, false for a repeat.
 *   <li>A receiver that handles events {@link #claim claims} each event id, and then either {@link
 *       #complete completes} it (a later delivery is a replay until the retention ends) or {@link
 *       #release releases} it when its handler failed, so the vendor's redelivery is processed. A
 *       claim neither completed nor released (the process died) lapses after the guard's lease, for
 *       the same reason.
 * </ul>
 *
 * <p>Keep the remembered window at least twice the verifier's timestamp tolerance: a delivery
 * stamped {@code t} is accepted from {@code t - tolerance} (a fast clock at the sender) until
 * {@code t + tolerance}, so a replay can arrive up to two tolerances after the first sight.
 *
 * <pre>{@code
 * ReplayGuard guard = ReplayGuard.inMemory(Duration.ofMinutes(10), Clock.systemUTC()); // tolerance 5 min
 * if (!guard.firstSight(token)) {
 *   throw new WebhookVerificationException(Problem.REPLAYED, "token already used", context);
 * }
 * }</pre>
 *
 * <p>The {@linkplain #inMemory in-memory guard} protects one process. Several instances behind a
 * load balancer share one through their state store ({@code switchboard.state.store}): {@code
 * switchboard.replayGuard("webhooks-acme")} hands out a guard every instance sees. Implementations
 * are thread-safe.
 */
public interface ReplayGuard {
  /** What {@link #claim} found. */
  enum Sighting {
    /** Nobody had claimed the id: the caller holds it now. */
    FIRST,
    /** Another delivery holds a claim on the id that is neither completed nor lapsed. */
    IN_PROGRESS,
    /** The id was completed and is remembered: a replay. */
    DONE
  }

  /**
   * Claims {@code id} for the caller, atomically across everyone sharing the guard.
   *
   * @param id the delivery's unique value; never logged
   * @return {@link Sighting#FIRST} when the caller now holds the claim
   */
  Sighting claim(String id);

  /**
   * Marks a claimed id as handled: it is refused as a replay until the guard's retention ends.
   * Completing an id that is not claimed records it as completed.
   */
  void complete(String id);

  /**
   * Gives up a claim so that a redelivery of the id can be processed. Releasing an id that is
   * completed or not claimed does nothing.
   */
  void release(String id);

  /**
   * Records {@code id} as seen and says whether this is the first time within the window: a claim
   * completed at once.
   *
   * @param id the delivery's unique value; never logged by the guards Switchboard ships
   * @return true the first time, false for a repeat still inside the window (or still claimed)
   */
  default boolean firstSight(String id) {
    if (claim(id) != Sighting.FIRST) {
      return false;
    }
    complete(id);
    return true;
  }

  /**
   * A guard that remembers ids in memory for {@code window}, at most {@code maxEntries} at once
   * (the oldest are forgotten first beyond that, so memory stays bounded under a flood). A claim
   * that is neither completed nor released lapses after {@code window} as well.
   *
   * @param window how long an id is remembered; positive
   * @param maxEntries how many ids are kept at most; positive
   * @param clock the time source
   */
  static ReplayGuard inMemory(Duration window, int maxEntries, Clock clock) {
    return new InMemoryReplayGuard(window, window, maxEntries, clock);
  }

  /** {@link #inMemory(Duration, int, Clock)} with room for 100,000 ids. */
  static ReplayGuard inMemory(Duration window, Clock clock) {
    return inMemory(window, 100_000, clock);
  }

  /**
   * A guard in memory that remembers completed ids for {@code retention} and lets a claim that is
   * neither completed nor released lapse after {@code lease}.
   *
   * @param retention how long a completed id is remembered; positive
   * @param lease how long an open claim holds; positive
   * @param maxEntries how many ids are kept at most; positive
   * @param clock the time source
   */
  static ReplayGuard inMemory(Duration retention, Duration lease, int maxEntries, Clock clock) {
    return new InMemoryReplayGuard(retention, lease, maxEntries, clock);
  }

  /**
   * A guard that remembers nothing: every id is a first sight. Only for verifiers run elsewhere.
   */
  static ReplayGuard none() {
    return new ReplayGuard() {
      @Override
      public Sighting claim(String id) {
        return Sighting.FIRST;
      }

      @Override
      public void complete(String id) {}

      @Override
      public void release(String id) {}

      @Override
      public String toString() {
        return "ReplayGuard.none()";
      }
    };
  }
}
