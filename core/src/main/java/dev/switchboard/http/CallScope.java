package dev.switchboard.http;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One non-blocking attempt's deadline and cancellation: the counterpart, for calls that hold no
 * thread, of the {@link CallDeadline} a blocking attempt keeps on its thread. A {@code
 * ResiliencePolicy} opens one around each non-blocking attempt and makes it {@linkplain #current()
 * current} while the attempt starts; {@link HttpExecutor} reads it when it enqueues a call: it sets
 * the OkHttp call timeout to the time left (or keeps a shorter one), sends nothing when none is
 * left, and registers the call so that {@link #cancel()} cancels it. When the call's answer
 * arrives, the scope is made current again while the stages that wait for it run, so a second
 * request of the same attempt (an OAuth token, then the order) is bound by the same deadline.
 *
 * <pre>{@code
 * CallScope scope = CallScope.start(Duration.ofSeconds(30));
 * CompletableFuture<Payment> attempt = scope.enter(() -> adapter.async().charge(request));
 * scope.cancel(); // cancels the HTTP call in flight, if any
 * }</pre>
 *
 * <p>A scope also carries what its call took along from the thread that started it (a tracing
 * context, say: {@link #carrying}), to the threads that run the call's later steps. The vendor
 * clients of {@link HttpClients} tag each OkHttp call started in a scope with it ({@code
 * call.tag(CallScope.class)}), so that an interceptor on OkHttp's dispatcher thread can find what
 * the caller's thread had.
 *
 * <p>Thread-safe.
 */
public final class CallScope {
  private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Object> CARRYING = new ThreadLocal<>();

  private final long deadlineNanos;
  private final boolean bounded;
  private final List<Runnable> onCancel = new ArrayList<>(2);
  private final Object carried;
  private boolean cancelled;
  private boolean registered;

  private CallScope(Duration timeout, Object carried) {
    this.bounded = timeout != null && !timeout.isZero() && !timeout.isNegative();
    this.deadlineNanos = bounded ? System.nanoTime() + capped(timeout) : 0;
    this.carried = carried;
  }

  /**
   * A scope whose deadline is {@code timeout} from now (none when it is null or zero), carrying
   * what this thread's call {@linkplain #carriedHere() carries}.
   */
  public static CallScope start(Duration timeout) {
    return new CallScope(timeout, carriedHere().orElse(null));
  }

  /**
   * A scope whose deadline is {@code timeout} from now (none when it is null or zero), carrying
   * {@code carried} (may be null): for a step of a call that started on another thread.
   */
  public static CallScope start(Duration timeout, Object carried) {
    return new CallScope(timeout, carried);
  }

  /**
   * Runs {@code work} with {@code carried} as what the non-blocking calls it starts carry to the
   * threads that run their steps, then restores what this thread carried before. A tracing
   * integration passes its context here, and reads it back on OkHttp's thread from the call's
   * {@code CallScope} tag.
   */
  public static <T> T carrying(Object carried, Supplier<T> work) {
    return with(CARRYING, carried, work);
  }

  /**
   * What the call running on this thread carries: its current scope's, else what {@link #carrying}
   * set; empty when neither holds anything.
   */
  public static Optional<Object> carriedHere() {
    CallScope scope = CURRENT.get();
    if (scope != null && scope.carried != null) {
      return Optional.of(scope.carried);
    }
    return Optional.ofNullable(CARRYING.get());
  }

  /** What this scope's call carries from the thread that started it, if anything. */
  public Optional<Object> carried() {
    return Optional.ofNullable(carried);
  }

  /**
   * Starts an adapter's non-blocking call so that its caller can cancel it: in a scope of its own,
   * whose cancellation reaches the HTTP exchange in flight, unless a scope is current already (the
   * call runs inside a policy's attempt, which cancels it). Cancelling the returned future cancels
   * the call, which then fails as {@link #cancelledOutcome} says. A call that throws instead of
   * returning a future fails the future.
   */
  public static <T> CompletableFuture<T> cancellable(
      Supplier<? extends CompletableFuture<T>> call) {
    if (CURRENT.get() != null) {
      return Futures.start(call);
    }
    CallScope scope = new CallScope(null, carriedHere().orElse(null));
    return Futures.cancelling(
        scope.enter(() -> Futures.start(call)),
        scope::cancel,
        failure -> scope.cancelled() ? cancelledOutcome(failure) : failure);
  }

  /**
   * What a call its caller cancelled is reported as: a {@link CancellationException}, with the
   * call's own failure as the cause, when nothing was sent; an {@link OutcomeUnknownException} once
   * the request may have reached the vendor, since the vendor may have acted.
   */
  public static Throwable cancelledOutcome(Throwable failure) {
    if (failure instanceof CancellationException) {
      return failure;
    }
    if (failure instanceof SwitchboardException thrown && thrown.requestSent()) {
      return new OutcomeUnknownException(
          "cancelled by the caller after the request may have been sent; the vendor may have acted",
          thrown.context().toBuilder().requestSent(true).build(),
          thrown);
    }
    CancellationException cancelled =
        new CancellationException("cancelled by the caller before the request was sent");
    cancelled.initCause(failure);
    return cancelled;
  }

  /** The scope current on this thread, if any. */
  public static Optional<CallScope> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Runs {@code work} with this scope current on this thread, then makes the scope that was current
   * before current again.
   */
  public <T> T enter(Supplier<T> work) {
    return with(CURRENT, this, work);
  }

  /** Runs {@code work} with {@code value} in {@code local}, then puts back what was there. */
  private static <V, T> T with(ThreadLocal<V> local, V value, Supplier<T> work) {
    V outer = local.get();
    local.set(value);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        local.remove();
      } else {
        local.set(outer);
      }
    }
  }

  /** {@link #enter(Supplier)} for work without a result. */
  public void enter(Runnable work) {
    enter(
        () -> {
          work.run();
          return null;
        });
  }

  /** The time left before the deadline, zero or negative once it passed; empty without one. */
  public Optional<Duration> remaining() {
    return bounded
        ? Optional.of(Duration.ofNanos(deadlineNanos - System.nanoTime()))
        : Optional.empty();
  }

  /** Whether the scope has a deadline and it has passed. */
  public boolean passed() {
    return bounded && deadlineNanos - System.nanoTime() <= 0;
  }

  /**
   * Runs {@code action} when the scope is cancelled, or now if it already was. An action that
   * throws is ignored: cancelling is best effort.
   */
  public void onCancel(Runnable action) {
    synchronized (onCancel) {
      registered = true;
      if (!cancelled) {
        onCancel.add(action);
        return;
      }
    }
    quietly(action);
  }

  /**
   * Cancels the work registered in the scope; cancelling twice does nothing.
   *
   * @return whether any work was ever registered, so that its own failure will end the attempt
   */
  public boolean cancel() {
    List<Runnable> actions;
    synchronized (onCancel) {
      if (cancelled) {
        return registered;
      }
      cancelled = true;
      actions = new ArrayList<>(onCancel);
      onCancel.clear();
    }
    actions.forEach(CallScope::quietly);
    synchronized (onCancel) {
      return registered;
    }
  }

  /** Whether {@link #cancel()} was called. */
  public boolean cancelled() {
    synchronized (onCancel) {
      return cancelled;
    }
  }

  @Override
  public String toString() {
    return "CallScope{remaining="
        + remaining().map(Duration::toString).orElse("none")
        + ", cancelled="
        + cancelled()
        + "}";
  }

  private static void quietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // Cancelling is best effort; the work ends by its own deadline otherwise.
    }
  }

  private static long capped(Duration timeout) {
    Duration longest = Duration.ofDays(365);
    return (timeout.compareTo(longest) > 0 ? longest : timeout).toNanos();
  }
}
