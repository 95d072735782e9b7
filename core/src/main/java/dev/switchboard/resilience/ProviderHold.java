package dev.switchboard.resilience;

import dev.switchboard.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps around a provider that rate-limits: after the vendor answered a call with a {@link
 * RateLimitedException}, every caller of the provider is held off until the vendor's {@code
 * retryAfter} has passed, instead of each paying a round trip to learn the same thing. Without a
 * hint the hold is {@code base}, doubled on each rate limit that follows, up to {@code max} (which
 * also caps a hint); a call the vendor answers clears the doubling. A refusal the policy made
 * itself never starts a hold.
 *
 * <p>Thread-safe; time comes from the policy's clock. A {@code max} of zero turns holds off.
 */
final class ProviderHold {
  private final Clock clock;
  private final Duration base;
  private final Duration max;
  private volatile Instant until = Instant.MIN;
  private volatile Duration nextDefault;
  private volatile Consumer<Instant> sharing;

  ProviderHold(Clock clock, Duration base, Duration max) {
    this.clock = clock;
    this.base = base.compareTo(max) > 0 ? max : base;
    this.max = max;
    this.nextDefault = this.base;
  }

  /**
   * How long calls are still held; zero when they may go. Every call asks, so this takes no lock:
   * {@code until} only moves later, under the lock, and a caller that reads it a moment early only
   * goes before a hold that had not begun when it asked.
   */
  Duration remaining() {
    if (until == Instant.MIN) {
      return Duration.ZERO; // never held: no need to read the clock
    }
    Instant now = clock.instant();
    Instant end = endAfter(now);
    return end == null ? Duration.ZERO : Duration.between(now, end);
  }

  /** When the hold ends, while the provider is held; empty when calls may go. */
  Optional<Instant> heldUntil() {
    return Optional.ofNullable(endAfter(clock.instant()));
  }

  /** The hold's end when it is after {@code now}, else null. */
  private Instant endAfter(Instant now) {
    Instant end = until;
    return now.isBefore(end) ? end : null;
  }

  /**
   * Holds the provider after the vendor rate-limited a call.
   *
   * @return how long the provider is now held, zero when holds are off or the failure was the
   *     policy's own refusal
   */
  Duration onRateLimited(RateLimitedException failure) {
    if (max.isZero() || ErrorPolicy.isLocalRefusal(failure)) {
      return Duration.ZERO;
    }
    Duration hold;
    Instant extendedTo = null;
    synchronized (this) {
      if (failure.retryAfter().isPresent() && !failure.retryAfter().get().isNegative()) {
        hold = failure.retryAfter().get();
      } else {
        hold = nextDefault;
        Duration doubled = nextDefault.multipliedBy(2);
        nextDefault = doubled.compareTo(max) > 0 ? max : doubled;
      }
      if (hold.compareTo(max) > 0) {
        hold = max;
      }
      Instant end = clock.instant().plus(hold);
      if (end.isAfter(until)) {
        until = end;
        extendedTo = end;
      }
    }
    Consumer<Instant> share = sharing;
    if (extendedTo != null && share != null) {
      share.accept(extendedTo);
    }
    return hold;
  }

  /**
   * Hands every new end of a hold to {@code share} (the provider's shared quota), so that the other
   * instances step around the provider too; null to keep holds to this instance.
   */
  void shareWith(Consumer<Instant> share) {
    this.sharing = share;
  }

  /** The vendor answered a call: the next hold without a hint starts again from {@code base}. */
  void onAnswered() {
    if (nextDefault != base) {
      synchronized (this) {
        nextDefault = base;
      }
    }
  }
}
