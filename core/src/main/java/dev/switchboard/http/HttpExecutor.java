package dev.switchboard.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Timeout;
import retrofit2.Call;
import retrofit2.Converter;

/**
 * Runs one vendor call synchronously and turns every way it can fail into exactly one exception of
 * the taxonomy. This is where money safety is decided:
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
  private final ErrorMapper mapper;
  private final ErrorMapper fallback;

  private HttpExecutor(VendorHttpConfig config, ErrorMapper mapper) {
    this.config = config;
    this.mapper = mapper;
    this.fallback = DefaultErrorMapper.create(config);
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

  private <T, R> R run(String operation, Call<T> call, Answer<T, R> mapping) {
    try {
      retrofit2.Response<T> response = send(operation, call);
      return parse(operation, response.raw(), response.body(), mapping);
    } catch (OutcomeUnknownException e) {
      throw unlessReplayed(e);
    }
  }

  /** Maps a parsed 2xx body, given the answer it came in. */
  private interface Answer<T, R> {
    R map(T body, Response response);
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
      Answer<T, R> mapping) {
    if (converter == null) {
      throw new NullPointerException("converter == null");
    }
    try {
      Response response = sendRaw(operation, call);
      IdempotencyKey key = keyOf(response.request());
      T body;
      try (ResponseBody raw = response.body()) {
        body = response.code() == 204 || response.code() == 205 ? null : converter.convert(raw);
      } catch (JsonEncodingException | JsonDataException e) {
        throw unparseable(operation, key, e);
      } catch (IOException e) {
        throw ioFailure(operation, key, e);
      }
      return parse(operation, response, body, mapping);
    } catch (OutcomeUnknownException e) {
      throw unlessReplayed(e);
    }
  }

  /** A 2xx whose body is not the JSON expected: the vendor may well have acted. */
  private OutcomeUnknownException unparseable(String operation, IdempotencyKey key, Exception e) {
    return new OutcomeUnknownException(
        "unparseable success body: " + e.getMessage(), context(operation, key, true).build(), e);
  }

  private <T, R> R parse(String operation, Response response, T body, Answer<T, R> mapping) {
    if (body == null) {
      throw unparseableSuccess(operation, response, "empty", null);
    }
    R result;
    try {
      result = mapping.map(body, response);
    } catch (JsonDataException e) {
      throw unparseableSuccess(operation, response, e.getMessage(), e);
    }
    if (result == null) {
      throw unparseableSuccess(operation, response, "nothing could be read from it", null);
    }
    return result;
  }

  /**
   * A 2xx whose body could not be read into a result: the vendor may well have acted. The context
   * is built here, not for every answer, since a success never needs it.
   */
  private OutcomeUnknownException unparseableSuccess(
      String operation, Response response, String why, Exception cause) {
    ErrorContext context =
        context(operation, keyOf(response.request()), true)
            .httpStatus(response.code())
            .vendorRequestId(config.vendorRequestId(response.headers()))
            .build();
    return new OutcomeUnknownException(
        "unparseable success body: " + why + requestIdSuffix(response.request()), context, cause);
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
      throw unlessReplayed(e);
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
      throw unavailable(e);
    }
  }

  /** {@link #probe(Call)} for a plain OkHttp call; the response is closed. */
  public void probe(okhttp3.Call call) {
    try {
      sendRaw(PROBE, call).close();
    } catch (OutcomeUnknownException e) {
      throw unavailable(e);
    }
  }

  private static ProviderUnavailableException unavailable(OutcomeUnknownException e) {
    ProviderUnavailableException unavailable =
        new ProviderUnavailableException(
            e.reason(), e.context().toBuilder().vendorRetryHint(null).build(), e.getCause());
    unavailable.setStackTrace(e.getStackTrace());
    return unavailable;
  }

  /**
   * Executes a plain OkHttp call, for streaming bodies. A 2xx response is returned open: the caller
   * must close it. Any other answer is mapped and thrown.
   */
  public Response executeRaw(String operation, okhttp3.Call call) {
    try {
      return sendRaw(operation, call);
    } catch (OutcomeUnknownException e) {
      throw unlessReplayed(e);
    }
  }

  /**
   * A vendor without idempotent replays may act twice on a second attempt, so its unknown outcomes
   * carry "do not retry" unless the vendor itself said otherwise.
   */
  private OutcomeUnknownException unlessReplayed(OutcomeUnknownException e) {
    if (config.replaysIdempotentRequests() || e.context().vendorRetryHint().isPresent()) {
      return e;
    }
    OutcomeUnknownException marked =
        new OutcomeUnknownException(
            e.reason(), e.context().toBuilder().vendorRetryHint(false).build(), e.getCause());
    marked.setStackTrace(e.getStackTrace());
    for (Throwable suppressed : e.getSuppressed()) {
      marked.addSuppressed(suppressed);
    }
    return marked;
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
      throw ioFailure(operation, key, e);
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(operation, key, e);
    }
    if (response.isSuccessful()) {
      return response;
    }
    throw httpFailure(operation, response, response.body());
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
          context(operation, null, false).build(),
          null,
          e);
    }
    applyDeadline(operation, key, fresh.timeout());
    retrofit2.Response<T> response;
    try {
      response = fresh.execute();
    } catch (JsonEncodingException | JsonDataException e) {
      throw unparseable(operation, key, e);
    } catch (IOException e) {
      throw ioFailure(operation, key, e);
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(operation, key, e);
    }
    if (!response.isSuccessful()) {
      throw httpFailure(operation, response.raw(), response.errorBody());
    }
    return response;
  }

  /**
   * Takes this thread's {@link CallDeadline} over: the call's OkHttp timeout becomes the time left
   * when that is shorter, so OkHttp ends the call at the deadline; with no time left nothing is
   * sent.
   */
  private void applyDeadline(String operation, IdempotencyKey key, Timeout timeout) {
    Optional<Duration> remaining = CallDeadline.takeOver();
    if (remaining.isEmpty()) {
      return;
    }
    long nanos = remaining.get().toNanos();
    if (nanos <= 0) {
      throw new ProviderUnavailableException(
          "request not sent: the call's deadline passed before sending",
          context(operation, key, false).build());
    }
    long existing = timeout.timeoutNanos();
    if (existing == 0 || nanos < existing) {
      timeout.timeout(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private SwitchboardException ioFailure(String operation, IdempotencyKey key, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VendorInterceptors.ChainVerdict verdict) {
        return (SwitchboardException) verdict.getCause();
      }
    }
    CallFailedException marker = CallFailedException.find(e);
    if (marker == null) {
      // Every failure inside a vendor client's chain is marked; only reading the body happens
      // outside it, so the response had begun and the vendor may well have acted.
      return new OutcomeUnknownException(
          "success body cut off or unreadable: " + describe(e),
          context(operation, key, true).build(),
          e);
    }
    String what = describe(marker.getCause());
    if (e != marker && e instanceof InterruptedIOException) {
      what = "call timeout, " + what;
    }
    String suffix = " (X-Request-Id " + marker.requestId() + ")";
    if (!marker.requestSent()) {
      return new ProviderUnavailableException(
          "request not sent: " + what + suffix, context(operation, key, false).build(), e);
    }
    return new OutcomeUnknownException(
        "no answer after the request was sent: " + what + suffix,
        context(operation, key, true).build(),
        e);
  }

  private SwitchboardException unexpected(String operation, IdempotencyKey key, Exception e) {
    return new OutcomeUnknownException(
        "unexpected failure: " + e.getClass().getName(), context(operation, key, true).build(), e);
  }

  private SwitchboardException httpFailure(
      String operation, Response response, ResponseBody errorBody) {
    Request request = response.request();
    ErrorContext.Builder context =
        context(operation, keyOf(request), true)
            .vendorRequestId(config.vendorRequestId(response.headers()))
            .vendorRetryHint(retryHint(response.headers()));
    int status = response.code();
    if (status < 100 || status > 599) {
      errorBody.close();
      return new OutcomeUnknownException(
          "HTTP " + status + ": unexpected status" + requestIdSuffix(request), context.build());
    }
    HttpFailure.Builder failure =
        HttpFailure.builder()
            .status(status)
            .headers(withoutSensitive(response.headers()))
            .requestId(request.header(VendorInterceptors.REQUEST_ID))
            .context(context.httpStatus(status).build());
    readBounded(errorBody, failure);
    HttpFailure built = failure.build();
    SwitchboardException mapped;
    try {
      mapped = mapper.map(built);
    } catch (RuntimeException e) {
      SwitchboardException instead = fallback.map(built);
      instead.addSuppressed(e);
      return instead;
    }
    return mapped != null ? mapped : fallback.map(built);
  }

  private static void readBounded(ResponseBody body, HttpFailure.Builder failure) {
    try (ResponseBody closing = body) {
      BufferedSource source = closing.source();
      source.request(HttpFailure.BODY_LIMIT + 1L);
      Buffer buffer = source.getBuffer();
      long size = Math.min(buffer.size(), HttpFailure.BODY_LIMIT);
      failure.bodyTruncated(buffer.size() > HttpFailure.BODY_LIMIT);
      failure.body(buffer.readString(size, charset(closing.contentType())));
    } catch (IOException e) {
      // The interceptor chain already buffered the bounded body, so this read cannot really fail;
      // if it did, the status alone still says what happened.
      failure.body("");
    }
  }

  private static Charset charset(MediaType type) {
    return type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
  }

  private Headers withoutSensitive(Headers headers) {
    Headers.Builder kept = headers.newBuilder();
    for (String name : headers.names()) {
      if (config.isSensitive(name)) {
        kept.removeAll(name);
      }
    }
    return kept.build();
  }

  /** The vendor's retry hint, when it sent one that reads {@code true} or {@code false}. */
  private Boolean retryHint(Headers headers) {
    String value = config.retryHintHeader().map(headers::get).orElse(null);
    if ("true".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    return "false".equalsIgnoreCase(value) ? Boolean.FALSE : null;
  }

  private ErrorContext.Builder context(String operation, IdempotencyKey key, boolean sent) {
    return ErrorContext.builder()
        .provider(config.provider())
        .operation(operation)
        .idempotencyKey(key)
        .requestSent(sent);
  }

  private static IdempotencyKey keyOf(Request request) {
    return request.tag(IdempotencyKey.class);
  }

  private static String requestIdSuffix(Request request) {
    String id = request.header(VendorInterceptors.REQUEST_ID);
    return id == null ? "" : " (X-Request-Id " + id + ")";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void checkOperation(String operation) {
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
    return enqueue(operation, call, (body, response) -> mapping.apply(body));
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
    return enqueue(
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
    return enqueueRaw(operation, call)
        .thenApply(
            response -> {
              IdempotencyKey key = keyOf(response.request());
              T body;
              try (ResponseBody raw = response.body()) {
                body =
                    response.code() == 204 || response.code() == 205
                        ? null
                        : converter.convert(raw);
              } catch (JsonEncodingException | JsonDataException e) {
                throw unlessReplayed(unparseable(operation, key, e));
              } catch (IOException e) {
                throw replayAware(ioFailure(operation, key, e));
              }
              return parseReplayAware(
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
    return enqueueResponse(operation, call)
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
    return enqueueRaw(operation, call);
  }

  private <T, R> CompletableFuture<R> enqueue(
      String operation, Call<T> call, Answer<T, R> mapping) {
    return enqueueResponse(operation, call)
        .thenApply(
            response -> parseReplayAware(operation, response.raw(), response.body(), mapping));
  }

  private <T, R> R parseReplayAware(
      String operation, Response response, T body, Answer<T, R> mapping) {
    try {
      return parse(operation, response, body, mapping);
    } catch (OutcomeUnknownException e) {
      throw unlessReplayed(e);
    }
  }

  private <T> CompletableFuture<retrofit2.Response<T>> enqueueResponse(
      String operation, Call<T> call) {
    checkOperation(operation);
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
              context(operation, null, false).build(),
              null,
              e));
    }
    CallScope scope = CallScope.current().orElse(null);
    SwitchboardException late = scopeDeadline(operation, key, fresh.timeout(), scope);
    if (late != null) {
      return Futures.failed(late);
    }
    CompletableFuture<retrofit2.Response<T>> result = new CompletableFuture<>();
    if (scope != null) {
      scope.onCancel(fresh::cancel);
    }
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
                  replayAware(httpFailure(operation, response.raw(), response.errorBody())));
            }
          }

          @Override
          public void onFailure(Call<T> done, Throwable t) {
            complete(scope, result, null, replayAware(asyncFailure(operation, key, t, null)));
          }
        });
    return result;
  }

  private CompletableFuture<Response> enqueueRaw(String operation, okhttp3.Call call) {
    checkOperation(operation);
    if (call == null) {
      throw new NullPointerException("call == null");
    }
    okhttp3.Call fresh = call.isExecuted() ? call.clone() : call;
    IdempotencyKey key = fresh.request().tag(IdempotencyKey.class);
    CallScope scope = CallScope.current().orElse(null);
    SwitchboardException late = scopeDeadline(operation, key, fresh.timeout(), scope);
    if (late != null) {
      return Futures.failed(late);
    }
    CompletableFuture<Response> result = new CompletableFuture<>();
    if (scope != null) {
      scope.onCancel(fresh::cancel);
    }
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
                  replayAware(httpFailure(operation, response, response.body())));
            }
          }

          @Override
          public void onFailure(okhttp3.Call done, IOException e) {
            complete(scope, result, null, replayAware(asyncFailure(operation, key, e, done)));
          }
        });
    return result;
  }

  /**
   * Completes the future with the attempt's scope current, so the stages waiting on it (the
   * attempt's next request) run under the same deadline and cancellation.
   */
  private static <V> void complete(
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
  private SwitchboardException asyncFailure(
      String operation, IdempotencyKey key, Throwable failure, okhttp3.Call call) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SwitchboardException thrown) {
        return thrown;
      }
    }
    if (failure instanceof JsonEncodingException || failure instanceof JsonDataException) {
      return unparseable(operation, key, (Exception) failure);
    }
    if (failure instanceof IOException io) {
      if (CallFailedException.find(io) == null && neverStarted(io, call)) {
        return new ProviderUnavailableException(
            "request not sent: " + describe(io), context(operation, key, false).build(), io);
      }
      return ioFailure(operation, key, io);
    }
    return unexpected(
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
  private static boolean neverStarted(IOException failure, okhttp3.Call call) {
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

  private SwitchboardException replayAware(SwitchboardException failure) {
    return failure instanceof OutcomeUnknownException unknown ? unlessReplayed(unknown) : failure;
  }

  /**
   * Applies the attempt's deadline to the call's OkHttp timeout, as {@link #applyDeadline} does for
   * a blocking call; the refusal to send when no time is left, else null.
   */
  private SwitchboardException scopeDeadline(
      String operation, IdempotencyKey key, Timeout timeout, CallScope scope) {
    Optional<Duration> remaining = scope == null ? Optional.empty() : scope.remaining();
    if (scope != null && scope.cancelled()) {
      return new ProviderUnavailableException(
          "request not sent: the call was cancelled", context(operation, key, false).build());
    }
    if (remaining.isEmpty()) {
      return null;
    }
    long nanos = remaining.get().toNanos();
    if (nanos <= 0) {
      return new ProviderUnavailableException(
          "request not sent: the call's deadline passed before sending",
          context(operation, key, false).build());
    }
    long existing = timeout.timeoutNanos();
    if (existing == 0 || nanos < existing) {
      timeout.timeout(nanos, TimeUnit.NANOSECONDS);
    }
    return null;
  }
}
