package dev.switchboard.http;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Timeout;

/**
 * How {@link HttpExecutor} turns each way a vendor call can end into exactly one exception of the
 * taxonomy, the same for a call run on the caller's thread and one enqueued with OkHttp: an I/O
 * failure by whether a request byte may have been sent, a non-2xx answer through the vendor's
 * {@link ErrorMapper}, an unreadable 2xx as an unknown outcome.
 */
final class HttpOutcomes {
  private final VendorHttpConfig config;
  private final ErrorMapper mapper;
  private final ErrorMapper fallback;

  HttpOutcomes(VendorHttpConfig config, ErrorMapper mapper) {
    this.config = config;
    this.mapper = mapper;
    this.fallback = DefaultErrorMapper.create(config);
  }

  /** Maps a parsed 2xx body, given the answer it came in. */
  interface Answer<T, R> {
    R map(T body, Response response);
  }

  /** A 2xx whose body is not the JSON expected: the vendor may well have acted. */
  OutcomeUnknownException unparseable(String operation, IdempotencyKey key, Exception e) {
    return new OutcomeUnknownException(
        "unparseable success body: " + e.getMessage(), context(operation, key, true).build(), e);
  }

  /**
   * A 2xx whose body could not be read into a result: the vendor may well have acted. The context
   * is built here, not for every answer, since a success never needs it.
   */
  OutcomeUnknownException unparseableSuccess(
      String operation, Response response, String why, Exception cause) {
    ErrorContext context =
        context(operation, keyOf(response.request()), true)
            .httpStatus(response.code())
            .vendorRequestId(config.vendorRequestId(response.headers()))
            .build();
    return new OutcomeUnknownException(
        "unparseable success body: " + why + requestIdSuffix(response.request()), context, cause);
  }

  static ProviderUnavailableException unavailable(OutcomeUnknownException e) {
    ProviderUnavailableException unavailable =
        new ProviderUnavailableException(
            e.reason(), e.context().toBuilder().vendorRetryHint(null).build(), e.getCause());
    unavailable.setStackTrace(e.getStackTrace());
    return unavailable;
  }

  /**
   * A vendor without idempotent replays may act twice on a second attempt, so its unknown outcomes
   * carry "do not retry" unless the vendor itself said otherwise.
   */
  OutcomeUnknownException unlessReplayed(OutcomeUnknownException e) {
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

  SwitchboardException ioFailure(String operation, IdempotencyKey key, IOException e) {
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

  SwitchboardException unexpected(String operation, IdempotencyKey key, Exception e) {
    return new OutcomeUnknownException(
        "unexpected failure: " + e.getClass().getName(), context(operation, key, true).build(), e);
  }

  SwitchboardException httpFailure(String operation, Response response, ResponseBody errorBody) {
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

  static void readBounded(ResponseBody body, HttpFailure.Builder failure) {
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

  static Charset charset(MediaType type) {
    return type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
  }

  Headers withoutSensitive(Headers headers) {
    Headers.Builder kept = headers.newBuilder();
    for (String name : headers.names()) {
      if (config.isSensitive(name)) {
        kept.removeAll(name);
      }
    }
    return kept.build();
  }

  /** The vendor's retry hint, when it sent one that reads {@code true} or {@code false}. */
  Boolean retryHint(Headers headers) {
    String value = config.retryHintHeader().map(headers::get).orElse(null);
    if ("true".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    return "false".equalsIgnoreCase(value) ? Boolean.FALSE : null;
  }

  /**
   * Bounds a call's OkHttp timeout by the time its deadline leaves (keeping a shorter timeout), so
   * that OkHttp ends the call at the deadline: the blocking {@link CallDeadline}'s or the
   * non-blocking {@link CallScope}'s. Returns the refusal to send when no time is left, else null
   * (also when there is no deadline).
   */
  ProviderUnavailableException timeLeft(
      String operation, IdempotencyKey key, Optional<Duration> remaining, Timeout timeout) {
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

  ErrorContext.Builder context(String operation, IdempotencyKey key, boolean sent) {
    return ErrorContext.builder()
        .provider(config.provider())
        .operation(operation)
        .idempotencyKey(key)
        .requestSent(sent);
  }

  static IdempotencyKey keyOf(Request request) {
    return request.tag(IdempotencyKey.class);
  }

  static String requestIdSuffix(Request request) {
    String id = request.header(VendorInterceptors.REQUEST_ID);
    return id == null ? "" : " (X-Request-Id " + id + ")";
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  SwitchboardException replayAware(SwitchboardException failure) {
    return failure instanceof OutcomeUnknownException unknown ? unlessReplayed(unknown) : failure;
  }

  <T, R> R parse(String operation, Response response, T body, Answer<T, R> mapping) {
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

  <T, R> R parseReplayAware(String operation, Response response, T body, Answer<T, R> mapping) {
    try {
      return parse(operation, response, body, mapping);
    } catch (OutcomeUnknownException e) {
      throw unlessReplayed(e);
    }
  }
}
