package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.QuotaSnapshot;
import dev.switchboard.state.RateState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the quota a vendor reports in its {@code X-RateLimit-*} headers, so that calls slow down
 * before the vendor answers 429, not after.
 *
 * <p>The HTTP layer feeds every response's headers to {@link #observe}. Between two observations
 * each admitted call counts one against the remaining quota. When the remaining quota is at or
 * below the reserve and the vendor's window resets later, the {@link ResiliencePolicy} holds the
 * next call until the reset if that is within {@code quota.max-wait} (default 1 s), and otherwise
 * fails it at once with a {@code RateLimitedException} whose {@code retryAfter} is the time to the
 * reset. Once the reset time has passed the vendor's window has restarted and calls flow again.
 *
 * <pre>{@code
 * policy.quota().observe(100, 3, Instant.ofEpochSecond(resetHeader));
 * OptionalLong left = policy.quota().remaining(); // for a gauge
 * }</pre>
 *
 * <p>Thread-safe; time comes from the policy's injected {@link Clock}.
 */
public final class QuotaTracker {
  /** How often a shared tracker reads what the other instances saw, at most. */
  static final Duration SHARED_READ_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(QuotaTracker.class);

  private final long reserve;
  private final Clock clock;
  private final RateState shared;
  private final String name;
  private long limit = -1;
  private long remaining = -1;
  private volatile Instant resetAt;
  private Instant observedAt;
  private volatile Instant lastRead;

  QuotaTracker(long reserve, Clock clock) {
    this(reserve, clock, null, null);
  }

  private QuotaTracker(long reserve, Clock clock, RateState shared, String name) {
    this.reserve = reserve;
    this.clock = clock;
    this.shared = shared;
    this.name = name;
  }

  /**
   * A tracker to share between a provider's HTTP client and its policy ({@link
   * ResilienceConfig.Builder#quotaTracker}); a policy otherwise makes its own.
   *
   * @param reserve the remaining quota at or below which calls slow down, {@code quota.reserve}
   * @param clock the clock that decides when the vendor's window has reset
   */
  public static QuotaTracker create(long reserve, Clock clock) {
    if (reserve < 0) {
      throw InvalidRequestException.invalidField("quota.reserve", "must be >= 0, was " + reserve);
    }
    Objects.requireNonNull(clock, "clock == null");
    return new QuotaTracker(reserve, clock);
  }

  /**
   * A tracker whose vendor quota every instance sharing {@code rates} sees: what this instance
   * observes is published, and what another observed later is read at most once a second, so a
   * vendor that told one instance to slow down slows them all. A store that cannot be reached
   * leaves each instance with what it saw itself.
   *
   * @param provider the provider whose quota this is, the same name in every instance
   */
  public static QuotaTracker shared(long reserve, Clock clock, RateState rates, String provider) {
    create(reserve, clock);
    Objects.requireNonNull(rates, "rates == null");
    InvalidRequestException.requireName("provider", provider);
    return new QuotaTracker(reserve, clock, rates, provider);
  }

  /**
   * Records what the vendor reported on its latest response.
   *
   * @param limit the calls allowed per window
   * @param remaining the calls left in the current window
   * @param resetAt when the current window ends
   * @throws InvalidRequestException if a count is negative
   * @throws NullPointerException if the reset time is null
   */
  public void observe(long limit, long remaining, Instant resetAt) {
    if (limit < 0) {
      throw InvalidRequestException.invalidField("limit", "limit must be at least 0, was " + limit);
    }
    if (remaining < 0) {
      throw InvalidRequestException.invalidField(
          "remaining", "remaining must be at least 0, was " + remaining);
    }
    Objects.requireNonNull(resetAt, "resetAt == null");
    QuotaSnapshot seen = new QuotaSnapshot(limit, remaining, resetAt, clock.instant());
    synchronized (this) {
      adopt(seen);
    }
    publish(seen);
  }

  /**
   * Shares a hold: the vendor rate-limited the provider, and this instance holds it until {@code
   * until}. A shared tracker publishes it as a quota with nothing left until then, so the other
   * instances hold or refuse their calls as for a vendor quota at its reserve; a tracker of one
   * instance does nothing, the policy's own hold covering it. A later reset this tracker already
   * knows is kept.
   */
  void holdUntil(Instant until) {
    if (shared == null) {
      return;
    }
    QuotaSnapshot hold;
    synchronized (this) {
      hold = new QuotaSnapshot(Math.max(limit, 0), 0, until, clock.instant());
      if (resetAt == null || !resetAt.isAfter(until)) {
        adopt(hold);
      }
    }
    publish(hold);
  }

  private void publish(QuotaSnapshot snapshot) {
    if (shared == null) {
      return;
    }
    try {
      shared.publishQuota(name, snapshot);
    } catch (RuntimeException e) {
      log.debug("vendor quota not shared provider={} error={}", name, e.toString());
    }
  }

  /** Adopts what another instance observed later than this one, at most once a second. */
  private void readShared() {
    if (shared == null) {
      return;
    }
    Instant now = clock.instant();
    Instant last = lastRead;
    if (shared == null || (last != null && now.isBefore(last.plus(SHARED_READ_INTERVAL)))) {
      return;
    }
    lastRead = now;
    QuotaSnapshot seen;
    try {
      seen = shared.quota(name).orElse(null);
    } catch (RuntimeException e) {
      log.debug("shared vendor quota not read provider={} error={}", name, e.toString());
      return;
    }
    if (seen == null) {
      return;
    }
    synchronized (this) {
      if (observedAt == null || seen.observedAt().isAfter(observedAt)) {
        adopt(seen);
      }
    }
  }

  /** Takes {@code seen} as the quota known now; the caller holds the lock. */
  private void adopt(QuotaSnapshot seen) {
    limit = seen.limit();
    remaining = seen.remaining();
    resetAt = seen.resetAt();
    observedAt = seen.observedAt();
  }

  /**
   * The calls left in the vendor's current window as far as this tracker knows: the last reported
   * value less the calls admitted since, or the full limit once the reported window has ended.
   * Empty until the vendor reported a quota.
   */
  public synchronized OptionalLong remaining() {
    if (resetAt == null) {
      return OptionalLong.empty();
    }
    if (resetAt.isAfter(clock.instant())) {
      return OptionalLong.of(remaining);
    }
    // A limit of 0 comes from a shared hold of a vendor that reports no quota: nothing is known.
    return limit == 0 ? OptionalLong.empty() : OptionalLong.of(limit);
  }

  /** When the vendor's reported window ends; empty until the vendor reported a quota. */
  public synchronized Optional<Instant> resetAt() {
    return Optional.ofNullable(resetAt);
  }

  /**
   * The calls the tracker keeps in reserve: it holds calls once the remaining quota is this low.
   */
  public long reserve() {
    return reserve;
  }

  /**
   * Admits one call: zero when it may go now (it is counted against the remaining quota), else how
   * long until the vendor's window resets.
   */
  Duration admit() {
    readShared();
    return admitLocally();
  }

  private Duration admitLocally() {
    // Most vendors report no quota, and a reported window ends: neither needs the lock.
    Instant reset = resetAt;
    if (reset == null || !reset.isAfter(clock.instant())) {
      return Duration.ZERO;
    }
    synchronized (this) {
      return admitHoldingLock();
    }
  }

  private Duration admitHoldingLock() {
    if (resetAt == null) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    if (!resetAt.isAfter(now)) {
      return Duration.ZERO;
    }
    if (remaining > reserve) {
      remaining--;
      return Duration.ZERO;
    }
    return Duration.between(now, resetAt);
  }

  @Override
  public String toString() {
    OptionalLong left = remaining();
    return "QuotaTracker{remaining="
        + (left.isPresent() ? Long.toString(left.getAsLong()) : "unknown")
        + ", reserve="
        + reserve
        + "}";
  }
}
