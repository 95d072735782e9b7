package dev.switchboard.resilience;

import dev.switchboard.AuthenticationException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost layer: runs the same attempt again while {@link ErrorPolicy#retryRule}, the attempt
 * limit and the {@link RetryBudget} allow, waiting the {@link Backoff} between attempts, and
 * chooses which failure to surface when the attempts end (see {@link #surfaced}).
 */
final class RetryLayer {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final ResilienceConfig config;
  private final Retry retry;
  private final RetryBudget budget;
  private final PolicyEvents events;
  private final Consumer<SwitchboardException> onFailure;
  private final ProviderHold hold;

  /**
   * @param onFailure told of every attempt's failure, before the retry is decided
   * @param hold the provider's hold: a rate-limited attempt is not retried before it ends
   */
  RetryLayer(
      String provider,
      ResilienceConfig config,
      RetryBudget budget,
      PolicyEvents events,
      Consumer<SwitchboardException> onFailure,
      ProviderHold hold) {
    this.provider = provider;
    this.hold = hold;
    this.config = config;
    this.budget = budget;
    this.events = events;
    this.onFailure = onFailure;
    Backoff backoff = new Backoff(provider, config);
    this.retry =
        Retry.of(
            provider,
            RetryConfig.custom()
                .maxAttempts(config.retryMaxAttempts())
                .retryOnException(ErrorPolicy::isRetryable)
                .intervalBiFunction(
                    (Integer attempt, Either<Throwable, Object> outcome) ->
                        backoff.delayMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
  }

  /**
   * Runs the attempt, and again while the rules allow, and completes with its result or the failure
   * {@link #surfaced} chooses. A blocking call sleeps between attempts; a non-blocking one
   * schedules the next attempt. A call whose thread is interrupted, or whose caller cancels it, is
   * not retried.
   */
  <T> CompletableFuture<T> execute(CallContext context, Supplier<CompletableFuture<T>> attempt) {
    Attempts<T> attempts = new Attempts<>(context, attempt);
    attempts.run(1);
    return attempts.result;
  }

  /** The state of one call's attempts. */
  private final class Attempts<T> {
    private final CallContext context;
    private final Supplier<CompletableFuture<T>> attempt;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Instant started;
    private final Retry.AsyncContext<T> retryContext = retry.asyncContext();
    private OutcomeUnknownException unknown;
    private SwitchboardException fromProvider;
    private boolean authenticationRetried;

    Attempts(CallContext context, Supplier<CompletableFuture<T>> attempt) {
      this.context = context;
      this.attempt = attempt;
      this.started = events.startedAt();
    }

    void run(int n) {
      CompletableFuture<T> future = attempt.get();
      if (future.isDone() && !future.isCompletedExceptionally()) {
        succeeded(n, future.join());
        return;
      }
      future.whenComplete(
          (value, error) -> {
            if (error == null) {
              succeeded(n, value);
            } else {
              failed(n, Futures.unwrap(error));
            }
          });
    }

    private void succeeded(int n, T value) {
      retryContext.onComplete();
      budget.onSuccess();
      if (log.isDebugEnabled()) {
        // Four arguments go as an array, built for every call unless the level is checked first.
        log.debug(
            "call succeeded provider={} operation={} attempt={} idempotencyKey={}"
                + " outcome=success",
            provider,
            context.operation(),
            n,
            context.idempotencyKey());
      }
      events.completed(context.operation(), n, started, null);
      result.complete(value);
    }

    private void failed(int n, Throwable error) {
      if (!(error instanceof SwitchboardException failure)) {
        result.completeExceptionally(error);
        return;
      }
      String operation = context.operation();
      if (!context.cancellation().requested()) {
        // A call its caller cancelled says nothing about the provider's health.
        onFailure.accept(failure);
      }
      if (failure instanceof OutcomeUnknownException outcomeUnknown) {
        unknown = outcomeUnknown;
      }
      if (!ErrorPolicy.isLocalRefusal(failure)) {
        fromProvider = failure;
      }
      long delay = nextDelay(context, n, failure, authenticationRetried, retryContext);
      if (delay < 0) {
        SwitchboardException surfaced = surfaced(failure, fromProvider, unknown);
        log.debug(
            "call failed provider={} operation={} attempt={} idempotencyKey={} outcome={}",
            provider,
            operation,
            n,
            context.idempotencyKey(),
            surfaced.getClass().getSimpleName());
        events.completed(operation, n, started, surfaced);
        result.completeExceptionally(surfaced);
        return;
      }
      if (failure instanceof AuthenticationException) {
        authenticationRetried = true;
      }
      Duration wait = Duration.ofMillis(delay);
      log.info(
          "retry scheduled provider={} operation={} attempt={} delay={}ms idempotencyKey={}"
              + " outcome={}",
          provider,
          operation,
          n,
          delay,
          context.idempotencyKey(),
          failure.getClass().getSimpleName());
      events.emit(
          new ResilienceEvent.RetryScheduled(provider, operation, n, wait, failure, events.now()));
      context.after(
          wait,
          () -> run(n + 1),
          stopped -> {
            SwitchboardException surfaced = surfaced(failure, fromProvider, unknown);
            surfaced.addSuppressed(stopped);
            events.completed(operation, n, started, surfaced);
            result.completeExceptionally(surfaced);
          });
    }
  }

  /**
   * The failure to throw when the attempts end: the last one, except that an earlier unknown
   * outcome wins over a later failure that does not settle it, and the provider's own last failure
   * wins over a refusal by the policy itself. The last failure is attached as suppressed to the one
   * chosen instead of it.
   */
  static SwitchboardException surfaced(
      SwitchboardException last,
      SwitchboardException lastFromProvider,
      OutcomeUnknownException unknown) {
    SwitchboardException chosen = last;
    if (unknown != null && !ErrorPolicy.settlesEarlierUnknownOutcome(last)) {
      chosen = unknown;
    } else if (lastFromProvider != null && ErrorPolicy.isLocalRefusal(last)) {
      chosen = lastFromProvider;
    }
    if (chosen != last) {
      chosen.addSuppressed(last);
    }
    return chosen;
  }

  private long nextDelay(
      CallContext context,
      int attempt,
      SwitchboardException failure,
      boolean authenticationRetried,
      Retry.AsyncContext<?> retryContext) {
    ErrorPolicy.RetryRule rule = ErrorPolicy.retryRule(failure);
    if (rule == ErrorPolicy.RetryRule.NEVER || context.stopping()) {
      return -1;
    }
    AuthenticationFailureHook hook = null;
    if (rule == ErrorPolicy.RetryRule.ONCE_AFTER_CREDENTIAL_REFRESH) {
      hook = config.onAuthenticationFailure().orElse(null);
      if (hook == null || authenticationRetried) {
        return -1;
      }
    }
    long delay = retryContext.onError(failure);
    if (delay < 0) {
      return -1;
    }
    if (hook != null && !refreshCredentials(context, hook, (AuthenticationException) failure)) {
      return -1;
    }
    if (failure instanceof RateLimitedException && hold.remaining().toMillis() > delay) {
      // The hold would refuse the retry: move on now rather than spend the budget on it.
      return -1;
    }
    if (!budget.tryAcquireRetry(failure)) {
      log.info(
          "retry budget exhausted provider={} operation={} attempt={} available={} outcome={}",
          provider,
          context.operation(),
          attempt,
          budget.available(),
          failure.getClass().getSimpleName());
      events.emit(
          new ResilienceEvent.RetryBudgetExhausted(
              provider, context.operation(), budget.available(), failure, events.now()));
      return -1;
    }
    return delay;
  }

  private boolean refreshCredentials(
      CallContext context, AuthenticationFailureHook hook, AuthenticationException failure) {
    try {
      hook.onAuthenticationFailure(failure);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      log.warn(
          "credential refresh failed provider={} operation={} outcome={}",
          provider,
          context.operation(),
          e.getClass().getSimpleName());
      return false;
    }
    log.info(
        "credentials refreshed, retrying once provider={} operation={}",
        provider,
        context.operation());
    events.emit(
        new ResilienceEvent.AuthenticationRetried(
            provider, context.operation(), failure, events.now()));
    return true;
  }
}
