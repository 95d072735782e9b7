package dev.switchboard.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The outermost interceptor of one vendor's client: a {@code CLIENT} span around each HTTP attempt,
 * with the semantic-convention HTTP attributes, and the span's context injected into the request.
 */
final class AttemptSpans implements Interceptor {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private static final TextMapSetter<Request.Builder> HEADERS =
      (request, name, value) -> {
        if (request != null) {
          request.header(name, value);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String provider;

  AttemptSpans(Tracer tracer, TextMapPropagator propagator, String provider) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.provider = provider;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    Context parent = PortCall.parentOf(chain.call());
    PortCall call = parent.get(PortCall.KEY);
    Span span =
        tracer
            .spanBuilder(request.method())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(METHOD, request.method())
            .setAttribute(URL, redacted(url))
            .setAttribute(SERVER, url.host())
            .setAttribute(SERVER_PORT, (long) url.port())
            .setAttribute(PortCall.PROVIDER, provider)
            .setAttribute(PortCall.ATTEMPT, (long) (call == null ? 1 : call.attempt(provider)))
            .startSpan();
    try (Scope ignored = parent.with(span).makeCurrent()) {
      Request.Builder traced = request.newBuilder();
      propagator.inject(Context.current(), traced, HEADERS);
      Response response = chain.proceed(traced.build());
      span.setAttribute(STATUS, (long) response.code());
      if (response.code() >= 400) {
        span.setAttribute(PortCall.ERROR_TYPE, Integer.toString(response.code()));
        span.setStatus(StatusCode.ERROR);
      }
      return response;
    } catch (IOException | RuntimeException e) {
      span.setAttribute(PortCall.ERROR_TYPE, errorType(e));
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** What failed: the I/O failure under Switchboard's marker, else the exception itself. */
  private static String errorType(Exception e) {
    Throwable cause = e;
    if (cause.getClass().getName().equals("dev.switchboard.http.CallFailedException")
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getName();
  }

  /** The URL without user info and with every query value replaced by {@code REDACTED}. */
  static String redacted(HttpUrl url) {
    HttpUrl.Builder safe = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      safe.setQueryParameter(name, "REDACTED");
    }
    return safe.build().toString();
  }
}
