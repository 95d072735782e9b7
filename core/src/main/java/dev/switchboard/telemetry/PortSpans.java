package dev.switchboard.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * A port whose calls each run in an {@code INTERNAL} span named {@code <port> <operation>}. Methods
 * that ask no vendor anything (the provider's name, request checks, health probes, presigning) and
 * {@link Object}'s methods pass straight through.
 */
final class PortSpans implements InvocationHandler {
  private static final Set<String> LOCAL =
      Set.of("provider", "supports", "check", "healthProbe", "presign", "listAll");

  private final Tracer tracer;
  private final String port;
  private final Object target;

  PortSpans(Tracer tracer, String port, Object target) {
    this.tracer = tracer;
    this.port = port;
    this.target = target;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    if (LOCAL.contains(method.getName())) {
      return call(method, args);
    }
    String operation = method.getName();
    Span span =
        tracer
            .spanBuilder(port + " " + operation)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(PortCall.PORT, port)
            .setAttribute(PortCall.OPERATION, operation)
            .startSpan();
    PortCall call = new PortCall(span);
    try (Scope ignored = Context.current().with(span).with(PortCall.KEY, call).makeCurrent()) {
      Object result = call(method, args);
      call.end(null);
      return result;
    } catch (Throwable e) {
      call.end(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> call(method, args);
    };
  }
}
