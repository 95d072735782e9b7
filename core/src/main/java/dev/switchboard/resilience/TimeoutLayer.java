package dev.switchboard.resilience;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallDeadline;
import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt on the caller's thread under a {@link CallDeadline} of {@code timeout.call}
 * (none when it is zero). The transport ends its call at the deadline, or the watchdog interrupts
 * the thread; an attempt that then ends with an unknown outcome becomes an {@link
 * OutcomeUnknownException} "call did not finish within", and one that succeeded anyway returns its
 * result. A call that throws anything but a {@link SwitchboardException} is an adapter bug, wrapped
 * in an {@link OutcomeUnknownException}.
 */
final class TimeoutLayer {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final Duration timeout;

  TimeoutLayer(String provider, Duration timeout) {
    this.provider = provider;
    this.timeout = timeout;
  }

  /**
   * Runs one attempt under the deadline, and {@code ended} once the attempt has really ended: for a
   * non-blocking attempt cut off at the deadline, that is when its work stops, not at the deadline.
   */
  <T> CompletableFuture<T> execute(
      CallContext context, Supplier<CompletableFuture<T>> call, Runnable ended) {
    if (!context.blocking()) {
      return executeNonBlocking(context, call, ended);
    }
    try {
      if (timeout.isZero()) {
        return invoke(context, call);
      }
      CallDeadline deadline = CallDeadline.start(timeout);
      CompletableFuture<T> attempt;
      try (deadline) {
        attempt = invoke(context, call);
      }
      return attempt.isDone() && attempt.isCompletedExceptionally()
          ? Futures.failed(afterDeadline(context, deadline.passed(), failureOf(attempt)))
          : attempt;
    } finally {
      ended.run();
    }
  }

  /**
   * The attempt runs in a {@link CallScope} with the deadline: the HTTP layer sets OkHttp's call
   * timeout from it and registers its call, so that at the deadline (or when the caller cancels)
   * the call is cancelled and ends through its own failure. Work that registered nothing to cancel
   * (a fake, a custom port) is reported at the deadline as not finished, outcome unknown.
   */
  private <T> CompletableFuture<T> executeNonBlocking(
      CallContext context, Supplier<CompletableFuture<T>> call, Runnable ended) {
    CallScope scope = CallScope.start(timeout, context.cancellation().carried());
    CompletableFuture<T> result = new CompletableFuture<>();
    context
        .cancellation()
        .onCancel(
            () -> {
              if (!scope.cancel()) {
                result.completeExceptionally(
                    unexpectedEnd(context, "call cancelled by the caller before it finished"));
              }
            });
    CompletableFuture<T> attempt = scope.enter(() -> invoke(context, call));
    Runnable unschedule =
        timeout.isZero()
            ? () -> {}
            : context
                .scheduler()
                .schedule(
                    timeout,
                    () -> {
                      if (!scope.cancel()) {
                        result.completeExceptionally(
                            unexpectedEnd(context, "call did not finish within " + timeout));
                      }
                    });
    // The stages waiting for the attempt run with its scope current, as they do when the HTTP
    // layer completes it: also when it completed before they were attached (a quick answer),
    // so that what the call carries reaches them on whichever thread this is.
    attempt.whenComplete(
        (value, error) ->
            scope.enter(
                () -> {
                  unschedule.run();
                  ended.run();
                  if (error == null) {
                    result.complete(value);
                  } else {
                    result.completeExceptionally(
                        afterDeadline(context, scope.passed(), asFailure(context, error)));
                  }
                }));
    return result;
  }

  private OutcomeUnknownException unexpectedEnd(CallContext context, String why) {
    log.info(
        "call ended without an answer provider={} operation={} reason={} idempotencyKey={}"
            + " outcome=OutcomeUnknownException",
        provider,
        context.operation(),
        why,
        context.idempotencyKey());
    return new OutcomeUnknownException(why, context.errorContext(true));
  }

  private SwitchboardException failureOf(CompletableFuture<?> failed) {
    Throwable failure = Futures.failure(failed);
    if (failure instanceof SwitchboardException thrown) {
      return thrown;
    }
    if (failure instanceof Error fatal) {
      throw fatal;
    }
    throw new IllegalStateException(failure);
  }

  /**
   * The failure to report for an attempt that failed: itself, unless the deadline passed and its
   * outcome is unknown, which is then said to be the timeout, keeping the failure's context (its
   * key and retry hint) and the failure as the cause. A failure that settles the call (nothing was
   * sent, or the vendor answered) is reported as it is.
   */
  private SwitchboardException afterDeadline(
      CallContext context, boolean passed, SwitchboardException failure) {
    if (!(failure instanceof OutcomeUnknownException) || !passed) {
      return failure;
    }
    log.info(
        "call timed out provider={} operation={} timeout={}ms idempotencyKey={}"
            + " outcome=OutcomeUnknownException",
        provider,
        context.operation(),
        timeout.toMillis(),
        context.idempotencyKey());
    return new OutcomeUnknownException(
        "call did not finish within " + timeout, failure.context(), failure);
  }

  /**
   * Starts the attempt; whatever it fails with that is not a {@link SwitchboardException} is an
   * adapter bug, reported as an unknown outcome.
   */
  private <T> CompletableFuture<T> invoke(
      CallContext context, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> attempt;
    try {
      attempt = call.get();
    } catch (SwitchboardException e) {
      return Futures.failed(e);
    } catch (RuntimeException e) {
      return Futures.failed(unexpected(context, e));
    }
    if (attempt == null) {
      return Futures.failed(
          unexpected(context, new NullPointerException("the call returned no future")));
    }
    if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
      return attempt;
    }
    return attempt.handle(
        (value, error) -> {
          if (error != null) {
            throw new CompletionException(asFailure(context, error));
          }
          return value;
        });
  }

  private SwitchboardException asFailure(CallContext context, Throwable error) {
    Throwable failure = Futures.unwrap(error);
    if (failure instanceof SwitchboardException thrown) {
      return thrown;
    }
    if (failure instanceof Error fatal) {
      throw fatal;
    }
    return unexpected(context, failure);
  }

  private OutcomeUnknownException unexpected(CallContext context, Throwable cause) {
    log.warn(
        "adapter threw a non-Switchboard exception provider={} operation={} outcome={}",
        provider,
        context.operation(),
        cause.getClass().getName());
    return new OutcomeUnknownException(
        "call failed with an unexpected " + cause.getClass().getName(),
        context.errorContext(true),
        cause);
  }
}
