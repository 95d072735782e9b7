package dev.switchboard.internal;

import dev.switchboard.SwitchboardException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The few {@link CompletableFuture} idioms the blocking and non-blocking paths share: running a
 * call that may throw as a future, and waiting for one while rethrowing its failure as itself.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class Futures {
  private Futures() {}

  /** A future that failed with {@code failure}. */
  public static <T> CompletableFuture<T> failed(Throwable failure) {
    CompletableFuture<T> future = new CompletableFuture<>();
    future.completeExceptionally(failure);
    return future;
  }

  /**
   * Runs a blocking call now, on this thread, and returns its result or its failure as a completed
   * future; an {@link Error} is thrown as it is.
   */
  public static <T> CompletableFuture<T> call(Supplier<? extends T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (Exception e) {
      // Exception, not RuntimeException: a checked exception thrown past the compiler is a failure
      // like any other.
      return failed(e);
    }
  }

  /**
   * Starts a non-blocking call now and returns its future; a call that throws instead of returning
   * a future, or returns null, is a future failed with that.
   */
  public static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (Exception e) {
      return failed(e);
    }
    if (stage == null) {
      return failed(new NullPointerException("the call returned no future"));
    }
    return stage.toCompletableFuture();
  }

  /**
   * The failure a future completed with, without the {@link CompletionException} or {@link
   * ExecutionException} wrappers a dependent stage adds.
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The failure a completed future ended with, unwrapped as {@link #unwrap} does; null when it
   * succeeded.
   *
   * @throws IllegalStateException if the future has not completed
   */
  public static Throwable failure(CompletableFuture<?> done) {
    if (!done.isDone()) {
      throw new IllegalStateException("the future has not completed");
    }
    if (!done.isCompletedExceptionally()) {
      return null;
    }
    try {
      done.join();
      return null;
    } catch (CompletionException | CancellationException e) {
      return unwrap(e);
    }
  }

  /**
   * The future a caller gets for a call that can be cancelled: it completes as {@code pipeline}
   * does, a failure first passed through {@code reported}, and its {@code cancel} runs {@code
   * cancel} (which stops the call, whose pipeline then ends it) instead of completing it at once.
   */
  public static <T> CompletableFuture<T> cancelling(
      CompletableFuture<T> pipeline, Runnable cancel, UnaryOperator<Throwable> reported) {
    CompletableFuture<T> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) {
              return false;
            }
            cancel.run();
            return true;
          }

          @Override
          public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
          }
        };
    pipeline.whenComplete(
        (value, error) -> {
          if (error == null) {
            future.complete(value);
          } else {
            future.completeExceptionally(reported.apply(unwrap(error)));
          }
        });
    return future;
  }

  /**
   * Waits for the future and returns its result; its failure is thrown as itself: a {@link
   * SwitchboardException}, any other unchecked exception or error, or a {@link
   * CancellationException}. A wait that is interrupted leaves the thread's interrupt set and throws
   * {@link CancellationException}.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw rethrow(unwrap(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while waiting");
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new CompletionException(failure);
  }
}
