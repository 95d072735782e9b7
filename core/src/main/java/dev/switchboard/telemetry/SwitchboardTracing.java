package dev.switchboard.telemetry;

import dev.switchboard.email.EmailSender;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.VendorHttpConfig;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverListener;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.resilience.ResilienceListener;
import dev.switchboard.storage.BlobStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.lang.reflect.Proxy;
import okhttp3.Interceptor;

/**
 * OpenTelemetry tracing of every port call and every HTTP attempt it makes. OpenTelemetry's API
 * ({@code io.opentelemetry:opentelemetry-api}) is an optional dependency of core: only an
 * application that creates this class needs it, and without it no tracing class is loaded.
 *
 * <pre>{@code
 * Switchboard switchboard = Switchboard.builder(SwitchboardConfig.load())
 *     .tracing(SwitchboardTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>Spans, from the tracer named {@value #INSTRUMENTATION_NAME}:
 *
 * <ul>
 *   <li>one {@code INTERNAL} span per port call, named {@code <port> <operation>} such as {@code
 *       payments charge}, with {@code switchboard.port}, {@code switchboard.operation}, {@code
 *       switchboard.outcome} ({@code success}, or the simple name of the exception thrown), {@code
 *       switchboard.provider} (the provider that served the call, or the last one tried), {@code
 *       switchboard.failover} ({@code true} when the call moved off the provider it was meant for)
 *       and {@code switchboard.failover.from}; an event {@code switchboard.retry} per retry
 *       scheduled and {@code switchboard.refused} per call a policy refused itself; status {@code
 *       ERROR} with the exception recorded when the call fails;
 *   <li>one {@code CLIENT} span per HTTP attempt, a child of the port call's span, named after the
 *       method ({@code POST}), with the semantic-convention attributes {@code http.request.method},
 *       {@code url.full} (query values replaced by {@code REDACTED}), {@code server.address},
 *       {@code server.port}, {@code http.response.status_code} and {@code error.type} (the status
 *       code for a 4xx or 5xx answer, the exception's class name when no answer came), plus {@code
 *       switchboard.provider} and {@code switchboard.attempt} (1 for the first attempt at that
 *       provider, 2 for its first retry, ...). The span's context is injected into the request with
 *       the OpenTelemetry instance's propagator (W3C {@code traceparent} with the default SDK
 *       configuration), so the vendor's own traces can join.
 * </ul>
 *
 * <p>Ports built by hand (outside {@code Switchboard}) are traced with {@link #payments}, {@link
 * #email} and {@link #storage} plus {@link #httpClients} for their clients, and {@link #listener()}
 * added to their policies and failover composites.
 */
public final class SwitchboardTracing {
  /** The instrumentation scope the tracer is named after. */
  public static final String INSTRUMENTATION_NAME = "dev.switchboard";

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Listener listener = new Listener();

  private SwitchboardTracing(OpenTelemetry openTelemetry) {
    this.tracer =
        openTelemetry
            .tracerBuilder(INSTRUMENTATION_NAME)
            .setInstrumentationVersion(HttpClients.sdkVersion())
            .build();
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /**
   * Tracing through {@code openTelemetry}'s tracer provider and propagators.
   *
   * @throws NullPointerException naming {@code openTelemetry} if it is null
   */
  public static SwitchboardTracing create(OpenTelemetry openTelemetry) {
    if (openTelemetry == null) {
      throw new NullPointerException("openTelemetry == null");
    }
    return new SwitchboardTracing(openTelemetry);
  }

  /** {@code clients} with a {@code CLIENT} span around each HTTP attempt of every vendor client. */
  public HttpClients httpClients(HttpClients clients) {
    if (clients == null) {
      throw new NullPointerException("clients == null");
    }
    return clients.withInterceptor(this::interceptor);
  }

  /** The interceptor that makes one vendor's attempt spans. */
  Interceptor interceptor(VendorHttpConfig config) {
    return new AttemptSpans(tracer, propagator, config.provider());
  }

  /** {@code gateway} with an {@code INTERNAL} span around each call. */
  public PaymentGateway payments(PaymentGateway gateway) {
    return traced(PaymentGateway.class, "payments", gateway);
  }

  /** {@code sender} with an {@code INTERNAL} span around each call. */
  public EmailSender email(EmailSender sender) {
    return traced(EmailSender.class, "email", sender);
  }

  /** {@code store} with an {@code INTERNAL} span around each call. */
  public BlobStore storage(BlobStore store) {
    return traced(BlobStore.class, "storage", store);
  }

  /**
   * The listener that adds retries, refusals and failovers to the port call's span: add it to every
   * policy ({@code addListener}) and failover composite; {@code Switchboard} does.
   */
  public Listener listener() {
    return listener;
  }

  private <T> T traced(Class<T> type, String port, T target) {
    if (target == null) {
      throw new NullPointerException(port + " == null");
    }
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, new PortSpans(tracer, port, target)));
  }

  /** Adds what the policies and failover composites report to the current port call's span. */
  public static final class Listener implements ResilienceListener, FailoverListener {
    private Listener() {}

    @Override
    public void onEvent(ResilienceEvent event) {
      PortCall call = PortCall.current();
      if (call != null) {
        call.onEvent(event);
      }
    }

    @Override
    public void onEvent(FailoverEvent event) {
      PortCall call = PortCall.current();
      if (call != null) {
        call.onEvent(event);
      }
    }

    @Override
    public void callMoved(String from, String to, String operation) {
      PortCall call = PortCall.current();
      if (call != null) {
        call.moved(from, to);
      }
    }
  }
}
