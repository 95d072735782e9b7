package dev.switchboard.telemetry;

import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A port whose calls each run in an {@code INTERNAL} span named {@code <port> <operation>}. Methods
 * that ask no vendor anything (the provider's name, request checks, health probes, presigning) and
 * {@link Object}'s methods pass straight through.
 *
 * <p>The port's {@code async()} form is traced the same way: its span ends when the call's future
 * completes, before the future the caller holds does (cancelling that one cancels the call), and
 * the span's context is {@linkplain CallScope#carrying carried} with the call, so the HTTP attempts
 * that OkHttp's threads run later are children of it.
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
    if (method.getName().equals("async") && method.getParameterCount() == 0) {
      Class<?> type = method.getReturnType();
      return Proxy.newProxyInstance(
          type.getClassLoader(),
          new Class<?>[] {type},
          new PortSpans(tracer, port, call(method, args)));
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
    Context context = Context.current().with(span).with(PortCall.KEY, call);
    Object result;
    try (Scope ignored = context.makeCurrent()) {
      result = carrying(context, method, args);
    } catch (Throwable e) {
      call.end(e);
      span.end();
      throw e;
    }
    if (result instanceof CompletableFuture<?> future) {
      // The caller's future completes once the span has ended (so whoever sees the result finds
      // the span finished), and cancelling it cancels the call's own future, which stops the call.
      return Futures.cancelling(
          future.whenComplete(
              (value, failure) -> {
                call.end(failure == null ? null : Futures.unwrap(failure));
                span.end();
              }),
          () -> future.cancel(true),
          failure -> failure);
    }
    call.end(null);
    span.end();
    return result;
  }

  /** Calls the target with {@code context} carried to the threads that run the call's steps. */
  private Object carrying(Context context, Method method, Object[] args) throws Throwable {
    Throwable[] thrown = new Throwable[1];
    Object result =
        CallScope.carrying(
            context,
            () -> {
              try {
                return call(method, args);
              } catch (Throwable e) {
                thrown[0] = e;
                return null;
              }
            });
    if (thrown[0] != null) {
      throw thrown[0];
    }
    return result;
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
