package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallDeadline;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The threads an S3 call's work runs on besides its exchanges, which the {@link S3Client} sends in
 * the call's {@link CallMode}. Work that blocks without being an exchange (reading or hashing
 * content) goes through {@link #offload}, so that a non-blocking call never does it on the caller's
 * thread; cleanup that must be sent whatever became of the attempt goes through {@link #unscoped}.
 */
public final class S3Threads {
  private final S3Settings settings;
  private final OkHttpClient http;

  @Inject
  S3Threads(S3Settings settings, OkHttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * Where non-blocking calls read content and blob bytes: the executor of OkHttp's dispatcher,
   * whose threads run the enqueued exchanges too, so a non-blocking call never holds the caller's
   * thread and brings no pool of its own.
   */
  public Executor reader() {
    return http.dispatcher().executorService();
  }

  /**
   * Runs {@code work} that blocks but is no exchange (reading or hashing content) in {@code mode}:
   * now on this thread, or on {@link #reader()} with this thread's {@link CallScope} current, so
   * that the calls the stages after it start keep the attempt's deadline and cancellation. The
   * future fails with whatever {@code work} throws, an {@link Error} included, so that a multipart
   * upload aborts after any failure.
   */
  public <T> CompletableFuture<T> offload(CallMode mode, String operation, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (mode == CallMode.BLOCKING) {
      completeWith(result, work);
      return result;
    }
    CallScope scope = CallScope.current().orElse(null);
    onReader(
        operation,
        result,
        () -> {
          if (scope == null) {
            completeWith(result, work);
          } else {
            scope.enter(() -> completeWith(result, work));
          }
        });
    return result;
  }

  /**
   * Starts {@code call}, made in {@code mode}, outside the attempt's deadline and cancellation: for
   * cleanup, such as aborting a multipart upload, that must be sent even once the attempt's
   * deadline has passed or the attempt was cancelled. Blocking, it runs now on this thread {@link
   * CallDeadline#outside outside} the thread's {@link CallDeadline}; non-blocking, with no {@link
   * CallScope} current (started from {@link #reader()} when one is current here).
   */
  public <T> CompletableFuture<T> unscoped(
      CallMode mode, String operation, Supplier<CompletableFuture<T>> call) {
    if (mode == CallMode.BLOCKING) {
      return CallDeadline.outside(() -> Futures.start(call));
    }
    if (CallScope.current().isEmpty()) {
      return Futures.start(call);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    onReader(
        operation,
        result,
        () ->
            Futures.start(call)
                .whenComplete(
                    (value, failure) -> {
                      if (failure == null) {
                        result.complete(value);
                      } else {
                        result.completeExceptionally(Futures.unwrap(failure));
                      }
                    }));
    return result;
  }

  /** Runs {@code task} on {@link #reader()}; if it refuses, fails {@code result}: nothing sent. */
  private void onReader(String operation, CompletableFuture<?> result, Runnable task) {
    try {
      reader().execute(task);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new ProviderUnavailableException(
              "request not sent: OkHttp's dispatcher refused the work (shut down?)",
              ErrorContext.builder()
                  .provider(settings.provider())
                  .operation(operation)
                  .requestSent(false)
                  .build(),
              e));
    }
  }

  private static <T> void completeWith(CompletableFuture<T> result, Supplier<T> work) {
    T value;
    try {
      value = work.get();
    } catch (Throwable t) {
      result.completeExceptionally(t);
      return;
    }
    result.complete(value);
  }
}
