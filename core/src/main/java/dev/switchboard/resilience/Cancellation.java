package dev.switchboard.resilience;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A non-blocking call's cancellation, from the future handed to the caller down to the step running
 * now: the HTTP exchange in flight, a scheduled back-off or a wait for a permit. Each step, as it
 * starts, names how to stop it; {@link #cancel()} stops the current one, and every later step sees
 * {@link #requested()} and does not start. The call then ends through its layers as usual (the
 * breaker ignores it, nothing is retried or failed over), and {@link #outcome} says what the caller
 * is told.
 */
final class Cancellation {
  /** What the call carries from the thread that started it ({@link CallScope#carrying}). */
  private final Object carried;

  private boolean requested;
  private Runnable current;

  /** Names how to stop the step starting now; if cancellation was already requested, stops it. */
  void onCancel(Runnable stop) {
    synchronized (this) {
      if (!requested) {
        current = stop;
        return;
      }
    }
    stop.run();
  }

  /** A blocking call's cancellation: its steps all run on its caller's thread. */
  Cancellation() {
    this.carried = null;
  }

  private Cancellation(Object carried) {
    this.carried = carried;
  }

  /**
   * A non-blocking call's cancellation, carrying what this thread's call {@linkplain
   * CallScope#carriedHere() carries} to the threads that run the call's steps.
   */
  static Cancellation carryingHere() {
    return new Cancellation(CallScope.carriedHere().orElse(null));
  }

  /** What the call carries from the thread that started it, or null. */
  Object carried() {
    return carried;
  }

  synchronized boolean requested() {
    return requested;
  }

  /** Stops the current step; later steps do not start. Cancelling twice does nothing. */
  void cancel() {
    Runnable stop;
    synchronized (this) {
      if (requested) {
        return;
      }
      requested = true;
      stop = current;
      current = null;
    }
    if (stop != null) {
      stop.run();
    }
  }

  /**
   * The future handed to the caller: it completes as {@code pipeline} does, and cancelling it
   * cancels the call. A call cancelled before anything was sent completes with a {@link
   * CancellationException}; one cancelled after its request may have been sent completes with an
   * {@link OutcomeUnknownException}, since the vendor may have acted.
   */
  <T> CompletableFuture<T> future(CompletableFuture<T> pipeline) {
    return Futures.cancelling(pipeline, this::cancel, this::outcome);
  }

  /**
   * Starts a non-blocking call with a cancellation of its own and returns the caller's future; a
   * call that throws instead of returning fails the future.
   */
  static <T> CompletableFuture<T> start(Function<Cancellation, CompletableFuture<T>> call) {
    Cancellation cancellation = carryingHere();
    return cancellation.future(Futures.start(() -> call.apply(cancellation)));
  }

  /** What a call's failure is reported as, given whether it was cancelled. */
  Throwable outcome(Throwable failure) {
    return requested() ? CallScope.cancelledOutcome(failure) : failure;
  }
}
