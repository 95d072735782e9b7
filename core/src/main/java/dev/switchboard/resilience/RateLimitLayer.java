package dev.switchboard.resilience;

import dev.switchboard.RateLimitedException;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStoreException;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits an attempt under the vendor's reported quota and the client-side rate limit (shared by
 * every instance when configured, else this instance's own), holding it up to the configured waits
 * or refusing it with a {@link RateLimitedException} before anything is sent. After the vendor
 * rate-limited an attempt, every attempt is refused at once while the {@link ProviderHold} lasts
 * ({@link RefusalReason#VENDOR_HOLD}).
 */
final class RateLimitLayer {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final ResilienceConfig config;
  private final Sleeper sleeper;
  private final PolicyEvents events;
  private final QuotaTracker quota;
  private final AtomicRateLimiter rateLimiter;
  private final ProviderHold hold;

  RateLimitLayer(String provider, ResilienceConfig config, PolicyEvents events, ProviderHold hold) {
    this.provider = provider;
    this.hold = hold;
    this.config = config;
    this.sleeper = config.sleeper();
    this.events = events;
    this.quota =
        config
            .quotaTracker()
            .orElseGet(() -> new QuotaTracker(config.quotaReserve(), config.clock()));
    this.rateLimiter = config.rateLimitLimitForPeriod() == 0 ? null : rateLimiter(provider, config);
    hold.shareWith(quota::holdUntil);
  }

  QuotaTracker quota() {
    return quota;
  }

  /**
   * Admits the attempt, runs the rest of it, and holds the provider when the vendor rate-limits it;
   * an attempt the vendor served starts the hold's doubling again.
   */
  <T> T execute(CallContext context, Supplier<T> inner) {
    admit(context);
    try {
      T result = inner.get();
      hold.onAnswered();
      return result;
    } catch (RateLimitedException e) {
      if (e.scope() == RateLimitedException.Scope.PROVIDER) {
        hold.onRateLimited(e);
      }
      throw e;
    }
  }

  /**
   * Returns once the attempt may be sent, after any wait the limits call for.
   *
   * @throws RateLimitedException when a limit refuses the attempt
   * @throws dev.switchboard.ProviderUnavailableException when the caller is interrupted waiting
   */
  void admit(CallContext context) {
    Duration held = hold.remaining();
    if (!held.isZero()) {
      throw events.refused(
          context,
          RefusalReason.VENDOR_HOLD,
          new RateLimitedException(
              "provider held after the vendor's rate limit",
              context.errorContext(false),
              held,
              new LocalRefusal(RefusalReason.VENDOR_HOLD)));
    }
    Duration untilReset = quota.admit();
    if (!untilReset.isZero()) {
      if (untilReset.compareTo(config.quotaMaxWait()) > 0) {
        throw events.refused(
            context,
            RefusalReason.QUOTA_RESERVE,
            new RateLimitedException(
                "vendor quota at reserve until its reset",
                context.errorContext(false),
                untilReset,
                new LocalRefusal(RefusalReason.QUOTA_RESERVE)));
      }
      log.debug(
          "holding call for quota reset provider={} operation={} delay={}ms",
          provider,
          context.operation(),
          untilReset.toMillis());
      pause(context, untilReset);
    }
    if (rateLimiter != null && !sharedPermit(context)) {
      long nanos = rateLimiter.reservePermission();
      if (nanos < 0) {
        long nanosToWait = rateLimiter.getDetailedMetrics().getNanosToWait();
        throw events.refused(
            context,
            RefusalReason.RATE_LIMITED,
            new RateLimitedException(
                "client-side rate limit reached",
                context.errorContext(false),
                nanosToWait > 0 ? Duration.ofNanos(nanosToWait) : null,
                RequestNotPermitted.createRequestNotPermitted(rateLimiter)));
      }
      if (nanos > 0) {
        pause(context, Duration.ofNanos(nanos));
      }
    }
  }

  /**
   * Takes a permit from the budget the instances share, waiting up to {@code rate-limit.max-wait}
   * for one, or refuses the call; false when there is no shared budget or its store cannot be
   * reached, so that the instance's own limiter decides.
   */
  private boolean sharedPermit(CallContext context) {
    RateState shared = config.sharedRateLimit().orElse(null);
    if (shared == null) {
      return false;
    }
    String budget = "rate-limit:" + provider;
    try {
      Duration wait =
          shared.tryAcquire(budget, config.rateLimitLimitForPeriod(), config.rateLimitPeriod());
      if (!wait.isZero() && wait.compareTo(config.rateLimitMaxWait()) <= 0) {
        pause(context, wait);
        wait =
            shared.tryAcquire(budget, config.rateLimitLimitForPeriod(), config.rateLimitPeriod());
      }
      if (!wait.isZero()) {
        throw events.refused(
            context,
            RefusalReason.RATE_LIMITED,
            new RateLimitedException(
                "client-side rate limit reached (shared by every instance)",
                context.errorContext(false),
                wait,
                new LocalRefusal(RefusalReason.RATE_LIMITED)));
      }
      return true;
    } catch (StateStoreException e) {
      log.warn(
          "shared rate limit unavailable, using this instance's provider={} error={}",
          provider,
          e.reason());
      return false;
    }
  }

  private void pause(CallContext context, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw events.interrupted(context, e);
    }
  }

  private static AtomicRateLimiter rateLimiter(String provider, ResilienceConfig config) {
    Clock clock = config.clock();
    RateLimiterConfig limiterConfig =
        RateLimiterConfig.custom()
            .limitForPeriod(config.rateLimitLimitForPeriod())
            .limitRefreshPeriod(config.rateLimitPeriod())
            .timeoutDuration(config.rateLimitMaxWait())
            .build();
    return new AtomicRateLimiter(
        provider,
        limiterConfig,
        () -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
  }
}
