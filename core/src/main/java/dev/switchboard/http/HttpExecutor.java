package dev.switchboard.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Timeout;
import retrofit2.Call;
import retrofit2.Converter;

/**
 * Runs one vendor call, on the caller's thread or (with {@link CallMode#NON_BLOCKING}) enqueued
 * with OkHttp, and turns every way it can fail into exactly one exception of the taxonomy, the same
 * in both modes. This is where money safety is decided:
 *
 * <ul>
 *   <li>an I/O failure before any request byte was written (connection refused, connect timeout,
 *       DNS, TLS handshake, no route) is a {@link ProviderUnavailableException} with {@code
 *       requestSent=false}: the vendor certainly did nothing, so a failover may go elsewhere;
 *   <li>an I/O failure after bytes may have been written (read timeout, reset, end of stream), or
 *       whenever it cannot be told, is an {@link OutcomeUnknownException} with {@code
 *       requestSent=true};
 *   <li>a non-2xx answer goes to the adapter's {@link ErrorMapper} as an {@link HttpFailure}
 *       (falling back to {@link DefaultErrorMapper} when it returns null or throws);
 *   <li>a 2xx whose body cannot be read into the expected type (malformed JSON, wrong types, an
 *       empty body, or a required field the mapping function finds missing) is an {@link
 *       OutcomeUnknownException} "unparseable success body", never a {@code NullPointerException};
 *   <li>for a vendor that does not {@linkplain VendorHttpConfig#replaysIdempotentRequests() replay
 *       idempotent requests}, every {@link OutcomeUnknownException} carries {@code
 *       vendorRetryHint=false}, so the policy does not send it again to the same provider.
 * </ul>
 *
 * <pre>{@code
 * HttpExecutor executor = HttpExecutor.create(config, new AcmeErrorMapper(DefaultErrorMapper.create(config)));
 * Payment payment = policy.execute("charge", key,
 *     () -> executor.execute("charge", service.charge(body, key), mapper::toPayment));
 * }</pre>
 *
 * <p>Calls must come from a client built by {@link HttpClients#forVendor} (directly or through
 * {@link RetrofitFactory}): its interceptors and event listener are what record whether bytes were
 * sent. With any other client, every I/O failure is conservatively an outcome unknown.
 *
 * <p>A {@link CallDeadline} open on the calling thread (the policy's {@code timeout.call}) caps
 * every call: its OkHttp call timeout becomes the time left when that is shorter, and a call whose
 * deadline already passed is not sent ({@link ProviderUnavailableException}, {@code
 * requestSent=false}). A call cut off at the deadline after bytes were sent is an {@link
 * OutcomeUnknownException} like any other "call timeout".
 *
 * <p>It never retries: wrap it in {@code ResiliencePolicy.execute}. The idempotency key in errors
 * is the request's {@link IdempotencyKey} tag. A call that was already executed is cloned, so a
 * retry that hands in the same {@link Call} object still sends the request again, unchanged.
 */
public final class HttpExecutor {
  /** The operation health probes are run as, in errors and logs. */
  public static final String PROBE = "probe";

  private final VendorHttpConfig config;
  private final HttpOutcomes outcomes;
  private final EnqueuedCalls enqueued;

  private HttpExecutor(VendorHttpConfig config, ErrorMapper mapper) {
    this.config = config;
    this.outcomes = new HttpOutcomes(config, mapper);
    this.enqueued = new EnqueuedCalls(outcomes);
  }

  /** An executor that maps non-2xx answers with {@link DefaultErrorMapper} alone. */
  public static HttpExecutor create(VendorHttpConfig config) {
    return create(config, DefaultErrorMapper.create(config));
  }

  /**
   * An executor for the vendor described by the config, mapping non-2xx answers with the mapper.
   *
   * @throws NullPointerException if either is null
   */
  public static HttpExecutor create(VendorHttpConfig config, ErrorMapper mapper) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    if (mapper == null) {
      throw new NullPointerException("mapper == null");
    }
    return new HttpExecutor(config, mapper);
  }

  /**
   * Executes the call and returns its parsed 2xx body.
   *
   * @param operation the port operation, such as {@code charge}, for errors
   * @throws SwitchboardException as described above
   */
  public <T> T execute(String operation, Call<T> call) {
    return execute(operation, call, Function.identity());
  }

  /**
   * Executes the call and maps its parsed 2xx body. The mapping may throw Moshi's {@link
   * JsonDataException} when a field it needs is missing; that, or a null result, is an "unparseable
   * success body".
   */
  public <T, R> R execute(
      String operation, Call<T> call, Function<? super T, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    return run(operation, call, (body, response) -> mapping.apply(body));
  }

  /**
   * {@link #execute(String, Call, Function)}, handing the mapping the answer's {@linkplain
   * VendorHttpConfig#vendorRequestIdHeader() vendor request id} beside the body, so that a result
   * can quote it; null when the answer carries none, or the vendor has no such header, or it is
   * {@linkplain VendorHttpConfig#isSensitive sensitive}.
   */
  public <T, R> R executeWithVendorRequestId(
      String operation, Call<T> call, BiFunction<? super T, String, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    return run(
        operation,
        call,
        (body, response) -> mapping.apply(body, config.vendorRequestId(response.headers())));
  }

  private <T, R> R run(String operation, Call<T> call, HttpOutcomes.Answer<T, R> mapping) {
    try {
      retrofit2.Response<T> response = send(operation, call);
      return outcomes.parse(operation, response.raw(), response.body(), mapping);
    } catch (OutcomeUnknownException e) {
      throw outcomes.unlessReplayed(e);
    }
  }

  /**
   * Executes a plain OkHttp call and reads its 2xx body with {@code converter}, then maps it: the
   * same outcomes as {@link #execute(String, Call, Function)}, for a request an adapter builds
   * without Retrofit (a hot path where Retrofit's per-call request building would be most of the
   * cost). Take the converter from the adapter's {@code Retrofit} ({@code
   * retrofit.responseBodyConverter(type, annotations)}), so the body is read exactly as a Retrofit
   * call's would be; a 204 or 205 has no body, which is an "unparseable success body: empty".
   *
   * @throws SwitchboardException as described in the class comment
   */
  public <T, R> R execute(
      String operation,
      okhttp3.Call call,
      Converter<ResponseBody, T> converter,
      Function<? super T, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    return run(operation, call, converter, (body, response) -> mapping.apply(body));
  }

  /**
   * {@link #execute(String, okhttp3.Call, Converter, Function)}, handing the mapping the answer's
   * vendor request id beside the body, as {@link #executeWithVendorRequestId(String, Call,
   * BiFunction)} does.
   */
  public <T, R> R executeWithVendorRequestId(
      String operation,
      okhttp3.Call call,
      Converter<ResponseBody, T> converter,
      BiFunction<? super T, String, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    return run(
        operation,
        call,
        converter,
        (body, response) -> mapping.apply(body, config.vendorRequestId(response.headers())));
  }

  private <T, R> R run(
      String operation,
      okhttp3.Call call,
      Converter<ResponseBody, T> converter,
      HttpOutcomes.Answer<T, R> mapping) {
    if (converter == null) {
      throw new NullPointerException("converter == null");
    }
    try {
      Response response = sendRaw(operation, call);
      IdempotencyKey key = HttpOutcomes.keyOf(response.request());
      T body;
      try (ResponseBody raw = response.body()) {
        body = response.code() == 204 || response.code() == 205 ? null : converter.convert(raw);
      } catch (JsonEncodingException | JsonDataException e) {
        throw outcomes.unparseable(operation, key, e);
      } catch (IOException e) {
        throw outcomes.ioFailure(operation, key, e);
      }
      return outcomes.parse(operation, response, body, mapping);
    } catch (OutcomeUnknownException e) {
      throw outcomes.unlessReplayed(e);
    }
  }

  /**
   * Executes a call whose 2xx body does not matter (such as {@code Call<Void>}).
   *
   * @return the answer's vendor request id, as {@link #executeWithVendorRequestId(String, Call,
   *     BiFunction)} hands it over; null when there is none to quote
   */
  public String executeWithoutBody(String operation, Call<?> call) {
    try {
      return config.vendorRequestId(send(operation, call).headers());
    } catch (OutcomeUnknownException e) {
      throw outcomes.unlessReplayed(e);
    }
  }

  /**
   * Runs a health probe's call ({@code dev.switchboard.resilience.HealthProbe}): a read with no
   * side effect whose 2xx body does not matter, as operation {@value #PROBE}. Since the probe
   * cannot have acted, an answer that was lost or unreadable (a 5xx, a reset) is the provider being
   * unavailable rather than an unknown outcome; every other failure is mapped as usual.
   *
   * @throws SwitchboardException as described in the class comment, with that exception
   */
  public void probe(Call<?> call) {
    try {
      send(PROBE, call);
    } catch (OutcomeUnknownException e) {
      throw HttpOutcomes.unavailable(e);
    }
  }

  /** {@link #probe(Call)} for a plain OkHttp call; the response is closed. */
  public void probe(okhttp3.Call call) {
    try {
      sendRaw(PROBE, call).close();
    } catch (OutcomeUnknownException e) {
      throw HttpOutcomes.unavailable(e);
    }
  }

  /**
   * Executes a plain OkHttp call, for streaming bodies. A 2xx response is returned open: the caller
   * must close it. Any other answer is mapped and thrown.
   */
  public Response executeRaw(String operation, okhttp3.Call call) {
    try {
      return sendRaw(operation, call);
    } catch (OutcomeUnknownException e) {
      throw outcomes.unlessReplayed(e);
    }
  }

  private Response sendRaw(String operation, okhttp3.Call call) {
    checkOperation(operation);
    if (call == null) {
      throw new NullPointerException("call == null");
    }
    okhttp3.Call fresh = call.isExecuted() ? call.clone() : call;
    IdempotencyKey key = fresh.request().tag(IdempotencyKey.class);
    applyDeadline(operation, key, fresh.timeout());
    Response response;
    try {
      response = fresh.execute();
    } catch (IOException e) {
      throw outcomes.ioFailure(operation, key, e);
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw outcomes.unexpected(operation, key, e);
    }
    if (response.isSuccessful()) {
      return response;
    }
    throw outcomes.httpFailure(operation, response, response.body());
  }

  private <T> retrofit2.Response<T> send(String operation, Call<T> call) {
    checkOperation(operation);
    if (call == null) {
      throw new NullPointerException("call == null");
    }
    Call<T> fresh = call.isExecuted() ? call.clone() : call;
    IdempotencyKey key;
    try {
      key = fresh.request().tag(IdempotencyKey.class);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(
          "request could not be built: " + e.getMessage(),
          outcomes.context(operation, null, false).build(),
          null,
          e);
    }
    applyDeadline(operation, key, fresh.timeout());
    retrofit2.Response<T> response;
    try {
      response = fresh.execute();
    } catch (JsonEncodingException | JsonDataException e) {
      throw outcomes.unparseable(operation, key, e);
    } catch (IOException e) {
      throw outcomes.ioFailure(operation, key, e);
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw outcomes.unexpected(operation, key, e);
    }
    if (!response.isSuccessful()) {
      throw outcomes.httpFailure(operation, response.raw(), response.errorBody());
    }
    return response;
  }

  /**
   * Takes this thread's {@link CallDeadline} over: the call's OkHttp timeout becomes the time left
   * when that is shorter, so OkHttp ends the call at the deadline; with no time left nothing is
   * sent.
   */
  private void applyDeadline(String operation, IdempotencyKey key, Timeout timeout) {
    ProviderUnavailableException late =
        outcomes.timeLeft(operation, key, CallDeadline.takeOver(), timeout);
    if (late != null) {
      throw late;
    }
  }

  static void checkOperation(String operation) {
    InvalidRequestException.requireName("operation", operation);
  }

  // The same calls in either mode. NON_BLOCKING enqueues the call with OkHttp under the attempt's
  // CallScope; the answer is classified exactly as a blocking call's is.

  /**
   * {@link #execute(String, Call, Function)} in the given mode: {@link CallMode#BLOCKING} runs it
   * now and returns a completed future; {@link CallMode#NON_BLOCKING} enqueues it and returns at
   * once. The future fails with the same {@link SwitchboardException} the blocking call throws.
   */
  public <T, R> CompletableFuture<R> execute(
      CallMode mode, String operation, Call<T> call, Function<? super T, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    if (mode == CallMode.BLOCKING) {
      return Futures.call(() -> execute(operation, call, mapping));
    }
    return enqueued.enqueue(operation, call, (body, response) -> mapping.apply(body));
  }

  /** {@link #executeWithVendorRequestId(String, Call, BiFunction)} in the given mode. */
  public <T, R> CompletableFuture<R> executeWithVendorRequestId(
      CallMode mode,
      String operation,
      Call<T> call,
      BiFunction<? super T, String, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    if (mode == CallMode.BLOCKING) {
      return Futures.call(() -> executeWithVendorRequestId(operation, call, mapping));
    }
    return enqueued.enqueue(
        operation,
        call,
        (body, response) -> mapping.apply(body, config.vendorRequestId(response.headers())));
  }

  /** {@link #executeWithVendorRequestId(String, okhttp3.Call, Converter, BiFunction)} in a mode. */
  public <T, R> CompletableFuture<R> executeWithVendorRequestId(
      CallMode mode,
      String operation,
      okhttp3.Call call,
      Converter<ResponseBody, T> converter,
      BiFunction<? super T, String, ? extends R> mapping) {
    if (mapping == null) {
      throw new NullPointerException("mapping == null");
    }
    if (mode == CallMode.BLOCKING) {
      return Futures.call(() -> executeWithVendorRequestId(operation, call, converter, mapping));
    }
    if (converter == null) {
      throw new NullPointerException("converter == null");
    }
    return enqueued
        .enqueueRaw(operation, call)
        .thenApply(
            response -> {
              IdempotencyKey key = HttpOutcomes.keyOf(response.request());
              T body;
              try (ResponseBody raw = response.body()) {
                body =
                    response.code() == 204 || response.code() == 205
                        ? null
                        : converter.convert(raw);
              } catch (JsonEncodingException | JsonDataException e) {
                throw outcomes.unlessReplayed(outcomes.unparseable(operation, key, e));
              } catch (IOException e) {
                throw outcomes.replayAware(outcomes.ioFailure(operation, key, e));
              }
              return outcomes.parseReplayAware(
                  operation,
                  response,
                  body,
                  (parsed, answer) ->
                      mapping.apply(parsed, config.vendorRequestId(answer.headers())));
            });
  }

  /** {@link #executeWithoutBody(String, Call)} in the given mode. */
  public CompletableFuture<String> executeWithoutBody(
      CallMode mode, String operation, Call<?> call) {
    if (mode == CallMode.BLOCKING) {
      return Futures.call(() -> executeWithoutBody(operation, call));
    }
    return enqueued
        .enqueueResponse(operation, call)
        .thenApply(response -> config.vendorRequestId(response.headers()));
  }

  /**
   * {@link #executeRaw(String, okhttp3.Call)} in the given mode; the 2xx response is open, and the
   * caller must close it.
   */
  public CompletableFuture<Response> executeRaw(
      CallMode mode, String operation, okhttp3.Call call) {
    if (mode == CallMode.BLOCKING) {
      return Futures.call(() -> executeRaw(operation, call));
    }
    return enqueued.enqueueRaw(operation, call);
  }
}
