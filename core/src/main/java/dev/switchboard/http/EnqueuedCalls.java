package dev.switchboard.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Callback;
import okhttp3.Response;
import okio.Timeout;
import retrofit2.Call;

/**
 * {@link HttpExecutor}'s non-blocking calls: each is enqueued with OkHttp under the attempt's
 * {@link CallScope} (its deadline becomes the OkHttp call timeout, its cancellation cancels the
 * call), and the answer is classified by {@link HttpOutcomes} exactly as a blocking call's is. The
 * future completes on OkHttp's dispatcher thread, with the scope current again.
 */
final class EnqueuedCalls {
  private final HttpOutcomes outcomes;

  EnqueuedCalls(HttpOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  <T, R> CompletableFuture<R> enqueue(
      String operation, Call<T> call, HttpOutcomes.Answer<T, R> mapping) {
    return enqueueResponse(operation, call)
        .thenApply(
            response ->
                outcomes.parseReplayAware(operation, response.raw(), response.body(), mapping));
  }

  <T> CompletableFuture<retrofit2.Response<T>> enqueueResponse(String operation, Call<T> call) {
    HttpExecutor.checkOperation(operation);
    if (call == null) {
      throw new NullPointerException("call == null");
    }
    Call<T> fresh = call.isExecuted() ? call.clone() : call;
    IdempotencyKey key;
    try {
      key = fresh.request().tag(IdempotencyKey.class);
    } catch (RuntimeException e) {
      return Futures.failed(
          new InvalidRequestException(
              "request could not be built: " + e.getMessage(),
              outcomes.context(operation, null, false).build(),
              null,
              e));
    }
    CallScope scope = CallScope.current().orElse(null);
    SwitchboardException late = start(operation, key, fresh.timeout(), scope, fresh::cancel);
    if (late != null) {
      return Futures.failed(late);
    }
    CompletableFuture<retrofit2.Response<T>> result = new CompletableFuture<>();
    fresh.enqueue(
        new retrofit2.Callback<T>() {
          @Override
          public void onResponse(Call<T> done, retrofit2.Response<T> response) {
            if (response.isSuccessful()) {
              complete(scope, result, response, null);
            } else {
              complete(
                  scope,
                  result,
                  null,
                  outcomes.replayAware(
                      outcomes.httpFailure(operation, response.raw(), response.errorBody())));
            }
          }

          @Override
          public void onFailure(Call<T> done, Throwable t) {
            complete(
                scope, result, null, outcomes.replayAware(asyncFailure(operation, key, t, null)));
          }
        });
    return result;
  }

  CompletableFuture<Response> enqueueRaw(String operation, okhttp3.Call call) {
    HttpExecutor.checkOperation(operation);
    if (call == null) {
      throw new NullPointerException("call == null");
    }
    okhttp3.Call fresh = call.isExecuted() ? call.clone() : call;
    IdempotencyKey key = fresh.request().tag(IdempotencyKey.class);
    CallScope scope = CallScope.current().orElse(null);
    SwitchboardException late = start(operation, key, fresh.timeout(), scope, fresh::cancel);
    if (late != null) {
      return Futures.failed(late);
    }
    CompletableFuture<Response> result = new CompletableFuture<>();
    fresh.enqueue(
        new Callback() {
          @Override
          public void onResponse(okhttp3.Call done, Response response) {
            if (response.isSuccessful()) {
              complete(scope, result, response, null);
            } else {
              complete(
                  scope,
                  result,
                  null,
                  outcomes.replayAware(outcomes.httpFailure(operation, response, response.body())));
            }
          }

          @Override
          public void onFailure(okhttp3.Call done, IOException e) {
            complete(
                scope, result, null, outcomes.replayAware(asyncFailure(operation, key, e, done)));
          }
        });
    return result;
  }

  /**
   * Completes the future with the attempt's scope current, so the stages waiting on it (the
   * attempt's next request) run under the same deadline and cancellation.
   */
  static <V> void complete(
      CallScope scope, CompletableFuture<V> result, V value, SwitchboardException failure) {
    Runnable completion =
        failure == null
            ? () -> {
              // A future someone completed or cancelled meanwhile will never read the answer.
              if (!result.complete(value) && value instanceof Response response) {
                response.close();
              }
            }
            : () -> result.completeExceptionally(failure);
    if (scope == null) {
      completion.run();
    } else {
      scope.enter(completion);
    }
  }

  /**
   * The failure of an enqueued call. OkHttp reports what a blocking call throws: an I/O failure,
   * the converter's failure to read the body, or (wrapped in an {@code IOException}) an exception
   * an interceptor threw. A call cancelled or cut off before its chain began sent nothing.
   */
  SwitchboardException asyncFailure(
      String operation, IdempotencyKey key, Throwable failure, okhttp3.Call call) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SwitchboardException thrown) {
        return thrown;
      }
    }
    if (failure instanceof JsonEncodingException || failure instanceof JsonDataException) {
      return outcomes.unparseable(operation, key, (Exception) failure);
    }
    if (failure instanceof IOException io) {
      if (CallFailedException.find(io) == null && neverStarted(io, call)) {
        return new ProviderUnavailableException(
            "request not sent: " + HttpOutcomes.describe(io),
            outcomes.context(operation, key, false).build(),
            io);
      }
      return outcomes.ioFailure(operation, key, io);
    }
    return outcomes.unexpected(
        operation, key, failure instanceof Exception e ? e : new IllegalStateException(failure));
  }

  /**
   * Whether an I/O failure the vendor client's chain did not mark came before any request byte
   * could leave. A call cancelled while it waited in OkHttp's queue still runs the chain, which
   * marks the failure, so an unmarked failure came outside it: OkHttp's dispatcher refusing the
   * call ({@code executor rejected}, nothing sent), or, for a plain OkHttp call, whatever its
   * {@link SendTracker} saw. Anything else unmarked is taken as sent: OkHttp fails a call that is
   * cancelled just after its chain returned an answer with an unmarked {@code "Canceled"}, and a
   * Retrofit call's body is read outside the chain.
   */
  static boolean neverStarted(IOException failure, okhttp3.Call call) {
    if (failure instanceof InterruptedIOException
        && "executor rejected".equals(failure.getMessage())) {
      return true;
    }
    if (call == null) {
      return false;
    }
    SendTracker tracker = SendTracker.of(call);
    return tracker != null && !tracker.requestStarted();
  }

  /**
   * What starting a call in {@code scope} takes: nothing sent once the scope was cancelled or its
   * deadline has passed (the refusal is returned), else the call's OkHttp timeout bounded by the
   * time left ({@link HttpOutcomes#timeLeft}, as for a blocking call) and {@code cancel} registered
   * with the scope. Null when the call may be enqueued.
   */
  private SwitchboardException start(
      String operation, IdempotencyKey key, Timeout timeout, CallScope scope, Runnable cancel) {
    if (scope == null) {
      return null;
    }
    if (scope.cancelled()) {
      return new ProviderUnavailableException(
          "request not sent: the call was cancelled",
          outcomes.context(operation, key, false).build());
    }
    SwitchboardException late = outcomes.timeLeft(operation, key, scope.remaining(), timeout);
    if (late == null) {
      scope.onCancel(cancel);
    }
    return late;
  }
}
