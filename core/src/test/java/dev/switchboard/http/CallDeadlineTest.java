package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
  private static final long TEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /**
   * Waits until okio's watchdog has passed a point just after the deadline: it fires timeouts in
   * deadline order, so once this later one fired, the deadline's own turn is over.
   */
  private static void awaitWatchdogPast(Duration deadlineFromNow) throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(1);
    AsyncTimeout later =
        new AsyncTimeout() {
          @Override
          protected void timedOut() {
            fired.countDown();
          }
        };
    later.timeout(deadlineFromNow.plusMillis(5).toNanos(), TimeUnit.NANOSECONDS);
    later.enter();
    try {
      assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      later.exit();
    }
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
  void rejectsATimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> CallDeadline.start(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> CallDeadline.start(null)).isInstanceOf(InvalidRequestException.class);
  }
}
