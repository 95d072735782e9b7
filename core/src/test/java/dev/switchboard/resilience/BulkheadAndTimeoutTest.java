package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallDeadline;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkheadAndTimeoutTest {
  private static final long TEST_TIMEOUT_SECONDS = 10;

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private ResiliencePolicy policy;

  @AfterEach
  void cleanUp() {
    release.countDown();
    callers.shutdownNow();
    if (policy != null) {
      policy.close();
    }
  }

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    policy =
        ResiliencePolicy.of(
            "acme", builder.random(new Random(9)).sleeper(new RecordingSleeper(null)).build());
    policy.addListener(events::add);
    return policy;
  }

  @Test
  void refusesAThirdCallerAtOnceWhileTwoCallsAreBlocked() throws Exception {
    policy(ResilienceConfig.builder().bulkheadMaxConcurrentCalls(2).timeoutCall(Duration.ZERO));
    CountDownLatch started = new CountDownLatch(2);
    Supplier<String> blocked = blockedCall(started, release, new CountDownLatch(1));
    Future<String> first = callers.submit(() -> policy.execute("put", null, blocked));
    Future<String> second = callers.submit(() -> policy.execute("put", null, blocked));
    assertThat(started.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    Scripted third = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("put", null, third))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("bulkhead full");
              assertThat(e.requestSent()).isFalse();
              assertThat(e.getCause()).isInstanceOf(LocalRefusal.class);
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.BULKHEAD_FULL);
            });
    assertThat(third.invocations()).isZero();
    assertThat(events)
        .filteredOn(ResilienceEvent.CallRefused.class::isInstance)
        .extracting(event -> ((ResilienceEvent.CallRefused) event).reason())
        .containsExactly(RefusalReason.BULKHEAD_FULL);

    release.countDown();
    assertThat(first.get(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(second.get(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(policy.execute("put", null, Scripted.succeeding())).isEqualTo("ok");
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void interruptsABlockingCallAtTheDeadlineAndReportsWhatItSaid() {
    policy(
        ResilienceConfig.builder()
            .retryMaxAttempts(1)
            .bulkheadMaxConcurrentCalls(1)
            .timeoutCall(Duration.ofMillis(200)));
    IdempotencyKey key = IdempotencyKey.of("charge-7");
    CountDownLatch interrupted = new CountDownLatch(1);

    assertThatThrownBy(
            () ->
                policy.execute(
                    "charge",
                    key,
                    () -> {
                      try {
                        release.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        throw new IllegalStateException("never interrupted");
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw new IllegalStateException("interrupted", e);
                      }
                    }))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("call did not finish within PT0.2S");
              assertThat(e.requestSent()).isTrue();
              assertThat(e.idempotencyKey()).contains(key);
              assertThat(e.operation()).contains("charge");
              assertThat(e.getCause())
                  .isInstanceOf(OutcomeUnknownException.class)
                  .hasRootCauseInstanceOf(InterruptedException.class);
            });
    assertThat(interrupted.getCount()).as("the watchdog interrupted the call").isZero();
    assertThat(Thread.currentThread().isInterrupted())
        .as("the interrupt the watchdog caused is cleared")
        .isFalse();
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void passesOnWhatABlockingFakeSaysWhenInterruptedAtTheDeadline() {
    policy(ResilienceConfig.builder().retryMaxAttempts(1).timeoutCall(Duration.ofMillis(200)));
    ProviderUnavailableException notSent = Failures.unavailable();

    assertThatThrownBy(
            () ->
                policy.execute(
                    "charge",
                    null,
                    () -> {
                      try {
                        release.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        return "released";
                      } catch (InterruptedException e) {
                        throw notSent;
                      }
                    }))
        .isSameAs(notSent);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallThatIgnoresTheInterruptKeepsItsSlotAndItsResultWhenItEnds() throws Exception {
    policy(
        ResilienceConfig.builder()
            .retryMaxAttempts(1)
            .bulkheadMaxConcurrentCalls(1)
            .timeoutCall(Duration.ofMillis(200)));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicReference<Boolean> interruptFlagAfter = new AtomicReference<>();
    Future<String> hung =
        callers.submit(
            () -> {
              String result =
                  policy.execute("charge", null, blockedCall(started, release, interrupted));
              interruptFlagAfter.set(Thread.currentThread().isInterrupted());
              return result;
            });
    assertThat(interrupted.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("interrupted at the deadline")
        .isTrue();

    assertThat(policy.availableConcurrentCalls()).as("the hung call still holds its slot").isZero();
    assertThatThrownBy(() -> policy.execute("charge", null, Scripted.succeeding()))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("bulkhead full");

    release.countDown();
    assertThat(hung.get(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("a call that succeeded after the deadline is not turned into an unknown outcome")
        .isEqualTo("ok");
    assertThat(interruptFlagAfter.get()).isFalse();
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void runsAttemptsOnTheCallersThreadUnderItsDeadline() {
    policy(ResilienceConfig.builder().timeoutCall(Duration.ofMillis(300)));
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicReference<Optional<Duration>> deadline = new AtomicReference<>();

    policy.execute(
        "get",
        null,
        () -> {
          worker.set(Thread.currentThread());
          deadline.set(CallDeadline.current());
          return "ok";
        });

    assertThat(worker.get()).isSameAs(Thread.currentThread());
    assertThat(deadline.get())
        .hasValueSatisfying(
            left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300)));
    assertThat(CallDeadline.current()).as("closed with the attempt").isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("switchboard-acme-"));
  }

  @Test
  void passesTheCallsOwnFailuresThrough() {
    policy(ResilienceConfig.builder().retryMaxAttempts(1));
    ProviderUnavailableException failure = Failures.unavailable();

    assertThatThrownBy(() -> policy.execute("get", null, Scripted.failing(failure)))
        .isSameAs(failure);
    assertThatThrownBy(
            () ->
                policy.execute(
                    "get",
                    null,
                    () -> {
                      throw new IllegalStateException("adapter bug");
                    }))
        .isInstanceOf(OutcomeUnknownException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                policy.execute(
                    "get",
                    null,
                    () -> {
                      throw new AssertionError("boom");
                    }))
        .isInstanceOf(AssertionError.class);
    assertThat(policy.availableConcurrentCalls()).isEqualTo(64);
  }

  @Test
  void refusesCallsOnceClosed() {
    policy(ResilienceConfig.builder());
    policy.close();
    policy.close();
    Scripted call = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("get", null, call))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.POLICY_CLOSED));
    assertThat(call.invocations()).isZero();
  }

  @Test
  void keepsTheInterruptOfACallerInterruptedByItsOwnerAndDoesNotRetry() throws Exception {
    policy(
        ResilienceConfig.builder()
            .bulkheadMaxConcurrentCalls(1)
            .timeoutCall(Duration.ofSeconds(TEST_TIMEOUT_SECONDS)));
    CountDownLatch started = new CountDownLatch(1);
    ProviderUnavailableException notSent = Failures.unavailable();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    AtomicInteger invocations = new AtomicInteger();
    Thread caller =
        new Thread(
            () -> {
              try {
                policy.execute(
                    "charge",
                    null,
                    () -> {
                      invocations.incrementAndGet();
                      started.countDown();
                      try {
                        release.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        return "released";
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw notSent;
                      }
                    });
              } catch (RuntimeException e) {
                thrown.set(e);
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    assertThat(started.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(TEST_TIMEOUT_SECONDS));

    assertThat(thrown.get()).isSameAs(notSent);
    assertThat(invocations.get()).isEqualTo(1);
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void refusesTheRetryWhenThePolicyIsClosedMeanwhile() {
    policy(ResilienceConfig.builder());
    ProviderUnavailableException failure = Failures.unavailable();
    Supplier<String> closesThenFails =
        () -> {
          policy.close();
          throw failure;
        };

    assertThatThrownBy(() -> policy.execute("get", null, closesThenFails))
        .isSameAs(failure)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(
                        refusal ->
                            assertThat(ErrorPolicy.localRefusal(refusal))
                                .contains(RefusalReason.POLICY_CLOSED)));
    assertThat(policy.availableConcurrentCalls()).isEqualTo(64);
  }

  @Test
  void wrapsACheckedExceptionThrownPastTheCompilerOnEitherPath() {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(TEST_TIMEOUT_SECONDS))) {
      ResiliencePolicy sneaky =
          policy(ResilienceConfig.builder().retryMaxAttempts(1).timeoutCall(timeout));

      assertThatThrownBy(
              () -> sneaky.execute("get", null, () -> BulkheadAndTimeoutTest.<String>sneakyThrow()))
          .isInstanceOf(OutcomeUnknownException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      sneaky.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Exception> T sneakyThrowAs(Exception e) throws E {
    throw (E) e;
  }

  private static <T> T sneakyThrow() {
    return BulkheadAndTimeoutTest.<T, RuntimeException>sneakyThrowAs(
        new java.io.IOException("socket closed"));
  }

  /** A call that hangs until released, ignoring interrupts as a stuck socket read would. */
  private static Supplier<String> blockedCall(
      CountDownLatch started, CountDownLatch release, CountDownLatch interrupted) {
    return () -> {
      started.countDown();
      while (true) {
        try {
          if (release.await(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return "ok";
          }
          throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
      }
    };
  }
}
