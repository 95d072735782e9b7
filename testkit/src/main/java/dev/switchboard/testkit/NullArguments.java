package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contracts' check that a null reference is treated as the bug it is: every method of a port,
 * called with {@code null} for one reference parameter and a valid value for every other, throws
 * {@link NullPointerException} whose message names that parameter ("request == null"), before
 * anything is sent.
 */
final class NullArguments {
  private NullArguments() {}

  /**
   * Calls each of {@code port}'s instance methods once per reference parameter, that parameter null
   * and every other one taken from {@code samples} by its type.
   *
   * @return the calls made, as {@code method(parameter)}, so that a test can show it checked some
   */
  static <T> List<String> assertEachRejected(Class<T> port, T subject, Map<Class<?>, ?> samples) {
    List<String> checked = new ArrayList<>();
    for (Method method : port.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Parameter[] parameters = method.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        Parameter nulled = parameters[i];
        if (nulled.getType().isPrimitive()) {
          continue;
        }
        assertThat(nulled.isNamePresent())
            .as("%s is compiled with -parameters, so its names can be checked", port.getName())
            .isTrue();
        Object[] args = new Object[parameters.length];
        for (int j = 0; j < parameters.length; j++) {
          args[j] = j == i ? null : sample(samples, parameters[j].getType(), method);
        }
        String call = method.getName() + "(" + nulled.getName() + ")";
        Throwable thrown = catchThrowable(() -> invoke(method, subject, args));
        assertThat(thrown)
            .as("%s with %s = null", method.getName(), nulled.getName())
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining(nulled.getName());
        checked.add(call);
      }
    }
    return checked;
  }

  private static Object sample(Map<Class<?>, ?> samples, Class<?> type, Method method) {
    if (type == boolean.class) {
      return false;
    }
    if (type.isPrimitive()) {
      return 0;
    }
    Object value = samples.get(type);
    assertThat(value).as("a sample %s for %s", type.getSimpleName(), method.getName()).isNotNull();
    return value;
  }

  private static void invoke(Method method, Object subject, Object[] args) throws Throwable {
    try {
      Object result = method.invoke(subject, args);
      if (result instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
