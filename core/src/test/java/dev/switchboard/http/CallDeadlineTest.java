package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
  private static final long TEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /**
   * Waits until the watchdog has passed a point just after the deadline: a deadline a little later,
   * on another thread, has fired, and each pass of the watchdog fires every deadline that is due.
   */
  private static void awaitWatchdogPast(Duration deadlineFromNow) throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(1);
    Thread later =
        new Thread(
            () -> {
              try (CallDeadline deadline = CallDeadline.start(deadlineFromNow.plusMillis(5))) {
                spinUntil(deadline::interruptedCaller);
                fired.countDown();
              }
            });
    later.start();
    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    later.join();
  }

  private static void spinUntil(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + TEST_TIMEOUT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("condition never became true");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void interruptsTheThreadAtTheDeadlineAndClearsThatInterruptOnClose() {
    CallDeadline deadline = CallDeadline.start(Duration.ofMillis(100));

    spinUntil(() -> Thread.currentThread().isInterrupted());
    assertThat(deadline.passed()).isTrue();
    deadline.close();

    assertThat(deadline.interruptedCaller()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(CallDeadline.current()).isEmpty();
  }

  @Test
  void wakesABlockedWaitAtTheDeadline() {
    try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(100))) {
      assertThatThrownBy(() -> new CountDownLatch(1).await(10, TimeUnit.SECONDS))
          .isInstanceOf(InterruptedException.class);
      assertThat(deadline.interruptedCaller()).isTrue();
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void leavesTheThreadAloneOnceTheTransportTookTheDeadlineOver() throws Exception {
    Duration timeout = Duration.ofMillis(300);
    try (CallDeadline deadline = CallDeadline.start(timeout)) {
      assertThat(CallDeadline.takeOver())
          .hasValueSatisfying(left -> assertThat(left).isPositive().isLessThanOrEqualTo(timeout));
      awaitWatchdogPast(timeout);

      assertThat(deadline.passed()).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(deadline.interruptedCaller()).isFalse();
    }
  }

  @Test
  void neverInterruptsAfterClose() throws Exception {
    Duration timeout = Duration.ofMillis(50);
    CallDeadline.start(timeout).close();

    awaitWatchdogPast(timeout);

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void keepsAnInterruptTheThreadAlreadyHad() {
    Thread.currentThread().interrupt();
    CallDeadline deadline = CallDeadline.start(Duration.ofMillis(50));

    spinUntil(deadline::interruptedCaller);
    deadline.close();

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void anInnerDeadlineEndsNoLaterThanTheOuterAndRestoresItOnClose() {
    assertThat(CallDeadline.current()).isEmpty();
    try (CallDeadline outer = CallDeadline.start(Duration.ofSeconds(10))) {
      try (CallDeadline inner = CallDeadline.start(Duration.ofSeconds(60))) {
        assertThat(inner.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CallDeadline.current())
            .hasValueSatisfying(
                left -> assertThat(left).isLessThanOrEqualTo(Duration.ofSeconds(10)));
      }
      assertThat(CallDeadline.current())
          .hasValueSatisfying(
              left -> assertThat(left).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10)));
      assertThat(outer.timeout()).isEqualTo(Duration.ofSeconds(10));
    }
    assertThat(CallDeadline.current()).isEmpty();
  }

  @Test
  void workOutsideADeadlineThatPassedSeesNoneAndTheDeadlineIsBackAfterwards() {
    try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(1))) {
      CallDeadline.takeOver();
      spinUntil(deadline::passed);

      Optional<Duration> inside = CallDeadline.outside(CallDeadline::current);
      Optional<Duration> startedInside =
          CallDeadline.outside(
              () -> {
                try (CallDeadline own = CallDeadline.start(Duration.ofSeconds(10))) {
                  return CallDeadline.current();
                }
              });

      assertThat(inside).isEmpty();
      assertThat(startedInside)
          .as("a deadline started inside is bounded by its own timeout only")
          .hasValueSatisfying(left -> assertThat(left).isGreaterThan(Duration.ofSeconds(5)));
      assertThat(CallDeadline.current())
          .hasValueSatisfying(left -> assertThat(left.isNegative() || left.isZero()).isTrue());
    }
    assertThat(CallDeadline.current()).isEmpty();
  }

  @Test
  void theDeadlineIsBackWhenTheWorkOutsideItThrows() {
    try (CallDeadline deadline = CallDeadline.start(Duration.ofSeconds(10))) {
      assertThatThrownBy(
              () ->
                  CallDeadline.outside(
                      () -> {
                        assertThat(CallDeadline.current()).isEmpty();
                        throw new IllegalStateException("cleanup failed");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cleanup failed");

      assertThat(CallDeadline.current()).hasValueSatisfying(left -> assertThat(left).isPositive());
    }
  }

  @Test
  void workOutsideTheDeadlineRunsWithoutTheWatchdogsInterruptWhichIsBackAfterwards() {
    CallDeadline deadline = CallDeadline.start(Duration.ofMillis(1));
    spinUntil(deadline::interruptedCaller);

    boolean interruptedInside = CallDeadline.outside(() -> Thread.currentThread().isInterrupted());

    assertThat(interruptedInside).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    deadline.close();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void theWatchdogLeavesWorkOutsideTheDeadlineAloneAndFiresOnceItIsBack() throws Exception {
    Duration timeout = Duration.ofMillis(100);
    try (CallDeadline deadline = CallDeadline.start(timeout)) {
      boolean interruptedInside =
          CallDeadline.outside(
              () -> {
                try {
                  awaitWatchdogPast(timeout);
                } catch (InterruptedException e) {
                  return true;
                }
                return Thread.currentThread().isInterrupted();
              });

      assertThat(deadline.passed()).isTrue();
      assertThat(interruptedInside).isFalse();
      spinUntil(deadline::interruptedCaller);
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void outsideWithNoDeadlineJustRunsTheWork() {
    assertThat(CallDeadline.outside(() -> "done")).isEqualTo("done");
    assertThat(CallDeadline.current()).isEmpty();
  }

  @Test
  void rejectsATimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> CallDeadline.start(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> CallDeadline.start(null)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aShorterDeadlineStartedAfterALongerOneStillFiresOnTime() throws Exception {
    CountDownLatch longStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread longer =
        new Thread(
            () -> {
              try (CallDeadline ignored = CallDeadline.start(Duration.ofSeconds(30))) {
                longStarted.countDown();
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    longer.start();
    try {
      assertThat(longStarted.await(10, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(100))) {
        spinUntil(deadline::interruptedCaller);
      }
      // The watchdog planned to sleep until the 30 s deadline; the 100 ms one woke it.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      release.countDown();
      longer.join();
    }
  }

  @Test
  void firesTheDeadlinesOfManyThreadsAndOnlyThoseThatPassed() throws Exception {
    int threads = 16;
    CountDownLatch done = new CountDownLatch(threads);
    java.util.concurrent.atomic.AtomicInteger wronglyInterrupted =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger fired =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < threads; i++) {
      boolean shortOne = i % 2 == 0;
      new Thread(
              () -> {
                try (CallDeadline deadline =
                    CallDeadline.start(shortOne ? Duration.ofMillis(50) : Duration.ofMinutes(5))) {
                  if (shortOne) {
                    spinUntil(deadline::interruptedCaller);
                    fired.incrementAndGet();
                  } else {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                    while (System.nanoTime() - end < 0) {
                      Thread.onSpinWait();
                    }
                    if (deadline.interruptedCaller() || Thread.currentThread().isInterrupted()) {
                      wronglyInterrupted.incrementAndGet();
                    }
                  }
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(fired).hasValue(threads / 2);
    assertThat(wronglyInterrupted).hasValue(0);
  }
}
