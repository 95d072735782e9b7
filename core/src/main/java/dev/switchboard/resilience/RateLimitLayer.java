package dev.switchboard.resilience;

import dev.switchboard.RateLimitedException;
import dev.switchboard.internal.Futures;
import dev.switchboard.internal.StoreCalls;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStoreException;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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
  private final PolicyEvents events;
  private final QuotaTracker quota;
  private final AtomicRateLimiter rateLimiter;
  private final ProviderHold hold;

  RateLimitLayer(String provider, ResilienceConfig config, PolicyEvents events, ProviderHold hold) {
    this.provider = provider;
    this.hold = hold;
    this.config = config;
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
  <T> CompletableFuture<T> execute(CallContext context, Supplier<CompletableFuture<T>> inner) {
    CompletableFuture<T> result = new CompletableFuture<>();
    admit(
        context,
        () ->
            inner
                .get()
                .whenComplete(
                    (value, error) -> {
                      if (error == null) {
                        hold.onAnswered();
                        result.complete(value);
                        return;
                      }
                      Throwable failure = Futures.unwrap(error);
                      if (failure instanceof RateLimitedException limited
                          && limited.scope() == RateLimitedException.Scope.PROVIDER) {
                        hold.onRateLimited(limited);
                      }
                      result.completeExceptionally(failure);
                    }),
        result::completeExceptionally);
    return result;
  }

  /**
   * Runs {@code admitted} once the attempt may be sent, after any wait the limits call for, or
   * hands {@code refused} a {@link RateLimitedException} when a limit refuses the attempt (or a
   * {@link dev.switchboard.ProviderUnavailableException} when the wait is interrupted or
   * cancelled). Nothing is sent before {@code admitted} runs.
   */
  private void admit(CallContext context, Runnable admitted, Consumer<Throwable> refused) {
    Duration held = hold.remaining();
    if (!held.isZero()) {
      refused.accept(
          events.refused(
              context,
              RefusalReason.VENDOR_HOLD,
              new RateLimitedException(
                  "provider held after the vendor's rate limit",
                  context.errorContext(false),
                  held,
                  new LocalRefusal(RefusalReason.VENDOR_HOLD))));
      return;
    }
    Duration untilReset = quota.admit();
    if (untilReset.isZero()) {
      admitByRate(context, admitted, refused);
      return;
    }
    if (untilReset.compareTo(config.quotaMaxWait()) > 0) {
      refused.accept(
          events.refused(
              context,
              RefusalReason.QUOTA_RESERVE,
              new RateLimitedException(
                  "vendor quota at reserve until its reset",
                  context.errorContext(false),
                  untilReset,
                  new LocalRefusal(RefusalReason.QUOTA_RESERVE))));
      return;
    }
    log.debug(
        "holding call for quota reset provider={} operation={} delay={}ms",
        provider,
        context.operation(),
        untilReset.toMillis());
    context.after(
        untilReset,
        () -> admitByRate(context, admitted, refused),
        e -> refused.accept(events.interrupted(context, e)));
  }

  /** The client-side rate limit's part of {@link #admit}: shared by every instance, or its own. */
  private void admitByRate(CallContext context, Runnable admitted, Consumer<Throwable> refused) {
    if (rateLimiter == null) {
      admitted.run();
      return;
    }
    askShared(
        context,
        refused,
        shared -> {
          if (shared == SharedPermit.GRANTED) {
            admitted.run();
          } else if (shared instanceof SharedPermit.Wait wait) {
            context.after(
                wait.duration(),
                () ->
                    askShared(
                        context, refused, again -> afterWait(context, again, admitted, refused)),
                e -> refused.accept(events.interrupted(context, e)));
          } else if (shared instanceof SharedPermit.Refused refusal) {
            refused.accept(refusal.failure());
          } else {
            admitByOwnLimiter(context, admitted, refused);
          }
        });
  }

  /** What the shared budget said when asked again after the wait it asked for. */
  private void afterWait(
      CallContext context, SharedPermit again, Runnable admitted, Consumer<Throwable> refused) {
    if (again == SharedPermit.GRANTED) {
      admitted.run();
    } else if (again == SharedPermit.NONE) {
      admitByOwnLimiter(context, admitted, refused);
    } else {
      refused.accept(
          again instanceof SharedPermit.Wait later
              ? sharedRefusal(context, later.duration())
              : ((SharedPermit.Refused) again).failure());
    }
  }

  /**
   * Asks the shared budget for a permit and hands the answer to {@code then}: on this thread for a
   * blocking call, or when there is no shared budget; else on {@link StoreCalls#shared()}, since
   * the store's round trip must not hold the caller's thread (an event loop, say) or the
   * scheduler's. A pool that refuses the question counts as a store that cannot be reached: this
   * instance's own limiter decides.
   */
  private void askShared(
      CallContext context, Consumer<Throwable> refused, Consumer<SharedPermit> then) {
    if (context.blocking() || config.sharedRateLimit().isEmpty()) {
      then.accept(sharedPermit(context));
      return;
    }
    try {
      StoreCalls.shared()
          .execute(
              () ->
                  context.carrying(
                      () -> {
                        try {
                          then.accept(sharedPermit(context));
                        } catch (RuntimeException e) {
                          refused.accept(e);
                        }
                      }));
    } catch (RejectedExecutionException e) {
      log.warn(
          "shared rate limit not asked, its pool is full; using this instance's provider={}",
          provider);
      then.accept(SharedPermit.NONE);
    }
  }

  private void admitByOwnLimiter(
      CallContext context, Runnable admitted, Consumer<Throwable> refused) {
    long nanos = rateLimiter.reservePermission();
    if (nanos < 0) {
      long nanosToWait = rateLimiter.getDetailedMetrics().getNanosToWait();
      refused.accept(
          events.refused(
              context,
              RefusalReason.RATE_LIMITED,
              new RateLimitedException(
                  "client-side rate limit reached",
                  context.errorContext(false),
                  nanosToWait > 0 ? Duration.ofNanos(nanosToWait) : null,
                  RequestNotPermitted.createRequestNotPermitted(rateLimiter))));
      return;
    }
    context.after(
        Duration.ofNanos(nanos), admitted, e -> refused.accept(events.interrupted(context, e)));
  }

  /** What the budget the instances share says about one more call. */
  private sealed interface SharedPermit {
    /** There is no shared budget, or its store cannot be reached: this instance's own decides. */
    SharedPermit NONE = new None();

    SharedPermit GRANTED = new Granted();

    record None() implements SharedPermit {}

    record Granted() implements SharedPermit {}

    /** No permit now; ask again after this wait, which is within {@code rate-limit.max-wait}. */
    record Wait(Duration duration) implements SharedPermit {}

    record Refused(RateLimitedException failure) implements SharedPermit {}
  }

  /**
   * Asks the budget the instances share for a permit; {@link SharedPermit#NONE} when there is no
   * shared budget or its store cannot be reached, so that the instance's own limiter decides.
   */
  private SharedPermit sharedPermit(CallContext context) {
    RateState shared = config.sharedRateLimit().orElse(null);
    if (shared == null) {
      return SharedPermit.NONE;
    }
    try {
      Duration wait =
          shared.tryAcquire(
              "rate-limit:" + provider, config.rateLimitLimitForPeriod(), config.rateLimitPeriod());
      if (wait.isZero()) {
        return SharedPermit.GRANTED;
      }
      if (wait.compareTo(config.rateLimitMaxWait()) <= 0) {
        return new SharedPermit.Wait(wait);
      }
      return new SharedPermit.Refused(sharedRefusal(context, wait));
    } catch (StateStoreException e) {
      log.warn(
          "shared rate limit unavailable, using this instance's provider={} error={}",
          provider,
          e.reason());
      return SharedPermit.NONE;
    }
  }

  private RateLimitedException sharedRefusal(CallContext context, Duration wait) {
    return events.refused(
        context,
        RefusalReason.RATE_LIMITED,
        new RateLimitedException(
            "client-side rate limit reached (shared by every instance)",
            context.errorContext(false),
            wait,
            new LocalRefusal(RefusalReason.RATE_LIMITED)));
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
