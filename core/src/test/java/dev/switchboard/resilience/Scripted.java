package dev.switchboard.resilience;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A call that throws the given failures in order, then returns its result every time. */
final class Scripted implements Supplier<String> {
  private final Deque<RuntimeException> failures;
  private final AtomicInteger invocations = new AtomicInteger();

  private Scripted(List<RuntimeException> failures) {
    this.failures = new ArrayDeque<>(failures);
  }

  static Scripted failing(RuntimeException... failures) {
    return new Scripted(List.of(failures));
  }

  static Scripted succeeding() {
    return new Scripted(List.of());
  }

  @Override
  public synchronized String get() {
    invocations.incrementAndGet();
    RuntimeException next = failures.poll();
    if (next != null) {
      throw next;
    }
    return "ok";
  }

  int invocations() {
    return invocations.get();
  }
}
