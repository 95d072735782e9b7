package dev.switchboard.telemetry;

import dev.switchboard.http.CallScope;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ResilienceEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One port call in progress, kept in the OpenTelemetry {@link Context} next to its span: which
 * attempt each provider is at, which provider served, and whether the call moved. Confined to the
 * calling thread, like the call.
 */
final class PortCall {
  static final ContextKey<PortCall> KEY = ContextKey.named("switchboard.port-call");

  static final AttributeKey<String> PORT = AttributeKey.stringKey("switchboard.port");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("switchboard.operation");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.outcome");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("switchboard.provider");
  static final AttributeKey<Boolean> FAILOVER = AttributeKey.booleanKey("switchboard.failover");
  static final AttributeKey<String> FAILOVER_FROM =
      AttributeKey.stringKey("switchboard.failover.from");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Span span;
  private final Map<String, Integer> nextAttempt = new HashMap<>();
  private String provider;
  private String movedFrom;

  PortCall(Span span) {
    this.span = span;
  }

  /**
   * The port call on this thread, or null outside one: from the thread's context, else from what a
   * non-blocking call's step {@linkplain CallScope#carriedHere() carries}.
   */
  static PortCall current() {
    PortCall call = Context.current().get(KEY);
    if (call != null) {
      return call;
    }
    return CallScope.carriedHere().orElse(null) instanceof Context carried
        ? carried.get(KEY)
        : null;
  }

  /**
   * The context a call's HTTP attempt belongs under: the one its {@link CallScope} carries (the
   * attempt runs on OkHttp's thread, after the caller's thread has moved on), else this thread's.
   */
  static Context parentOf(okhttp3.Call call) {
    CallScope scope = call.tag(CallScope.class);
    if (scope != null && scope.carried().orElse(null) instanceof Context carried) {
      return carried;
    }
    return Context.current();
  }

  /** The attempt the provider's next HTTP call belongs to: 1, then 2 after its first retry. */
  int attempt(String provider) {
    return nextAttempt.getOrDefault(provider, 1);
  }

  void onEvent(ResilienceEvent event) {
    if (event instanceof ResilienceEvent.RetryScheduled retry) {
      nextAttempt.put(retry.provider(), retry.attempt() + 1);
      span.addEvent(
          "switchboard.retry",
          Attributes.of(
              PROVIDER,
              retry.provider(),
              ATTEMPT,
              (long) retry.attempt(),
              ERROR_TYPE,
              retry.cause().getClass().getName()));
    } else if (event instanceof ResilienceEvent.CallRefused refused) {
      span.addEvent(
          "switchboard.refused",
          Attributes.of(
              PROVIDER,
              refused.provider(),
              AttributeKey.stringKey("switchboard.refusal"),
              refused.reason().name().toLowerCase(Locale.ROOT)));
    } else if (event instanceof ResilienceEvent.CallCompleted completed) {
      if (provider == null || completed.succeeded()) {
        provider = completed.provider();
      }
      if (!completed.succeeded()) {
        // A later provider's answer must not be mistaken for this one's next attempt.
        nextAttempt.remove(completed.provider());
      }
    }
  }

  void onEvent(FailoverEvent event) {
    if (event instanceof FailoverEvent.ProviderSkipped skipped) {
      span.addEvent("switchboard.skipped", Attributes.of(PROVIDER, skipped.provider()));
    }
  }

  void moved(String from, String to) {
    movedFrom = from;
    provider = to;
  }

  /** Sets the outcome attributes; {@code failure} is null for a call that returned. */
  void end(Throwable failure) {
    if (provider != null) {
      span.setAttribute(PROVIDER, provider);
    }
    span.setAttribute(FAILOVER, movedFrom != null);
    if (movedFrom != null) {
      span.setAttribute(FAILOVER_FROM, movedFrom);
    }
    if (failure == null) {
      span.setAttribute(OUTCOME, "success");
    } else {
      span.setAttribute(OUTCOME, failure.getClass().getSimpleName());
      span.setAttribute(ERROR_TYPE, failure.getClass().getName());
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      span.recordException(failure);
    }
  }
}
