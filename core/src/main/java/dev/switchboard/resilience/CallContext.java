package dev.switchboard.resilience;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The parts of one {@link ResiliencePolicy} call that every layer quotes in errors and logs, and
 * how the call spends its waits: in {@link CallMode#BLOCKING} mode the {@link Sleeper} sleeps the
 * caller's thread; in {@link CallMode#NON_BLOCKING} mode the {@link Scheduler} runs the next step
 * later, and the {@link Cancellation} can stop the wait.
 */
final class CallContext {
  private final String provider;
  private final String operation;
  private final IdempotencyKey idempotencyKey;
  private final CallMode mode;
  private final Cancellation cancellation;
  private final Sleeper sleeper;
  private final Scheduler scheduler;

  /** A blocking call that sleeps for real, for the layers' own tests. */
  CallContext(String provider, String operation, IdempotencyKey idempotencyKey) {
    this(
        provider,
        operation,
        idempotencyKey,
        CallMode.BLOCKING,
        new Cancellation(),
        Sleeper.real(),
        Scheduler.shared());
  }

  CallContext(
      String provider,
      String operation,
      IdempotencyKey idempotencyKey,
      CallMode mode,
      Cancellation cancellation,
      Sleeper sleeper,
      Scheduler scheduler) {
    this.provider = provider;
    this.operation = operation;
    this.idempotencyKey = idempotencyKey;
    this.mode = mode;
    this.cancellation = cancellation;
    this.sleeper = sleeper;
    this.scheduler = scheduler;
  }

  String provider() {
    return provider;
  }

  String operation() {
    return operation;
  }

  IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  CallMode mode() {
    return mode;
  }

  boolean blocking() {
    return mode == CallMode.BLOCKING;
  }

  Cancellation cancellation() {
    return cancellation;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Whether the call should stop: its caller cancelled it, or (blocking) its thread is interrupted.
   */
  boolean stopping() {
    return cancellation.requested() || (blocking() && Thread.currentThread().isInterrupted());
  }

  ErrorContext errorContext(boolean requestSent) {
    return ErrorContext.builder()
        .provider(provider)
        .operation(operation)
        .idempotencyKey(idempotencyKey)
        .requestSent(requestSent)
        .build();
  }

  /**
   * Runs {@code next} once {@code wait} has passed, or {@code stopped} instead when the wait is
   * interrupted (blocking) or cancelled (non-blocking). A zero wait runs {@code next} at once.
   */
  void after(Duration wait, Runnable next, Consumer<Exception> stopped) {
    if (blocking() && (wait.isZero() || wait.isNegative())) {
      next.run();
      return;
    }
    if (blocking()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped.accept(e);
        return;
      }
      next.run();
      return;
    }
    if (cancellation.requested()) {
      stopped.accept(new CancellationException("cancelled while waiting " + wait));
      return;
    }
    if (wait.isZero() || wait.isNegative()) {
      next.run();
      return;
    }
    AtomicBoolean claimed = new AtomicBoolean();
    Runnable unschedule =
        scheduler.schedule(
            wait,
            () -> {
              if (claimed.compareAndSet(false, true)) {
                carrying(next);
              }
            });
    cancellation.onCancel(
        () -> {
          if (claimed.compareAndSet(false, true)) {
            unschedule.run();
            stopped.accept(new CancellationException("cancelled while waiting " + wait));
          }
        });
  }

  /**
   * Runs {@code step} on this thread (one the call hopped to: the scheduler's, a store call's) with
   * what the call {@linkplain CallScope#carrying carries} available to it, as it was on the thread
   * that started the call.
   */
  void carrying(Runnable step) {
    CallScope.carrying(
        cancellation.carried(),
        () -> {
          step.run();
          return null;
        });
  }
}
