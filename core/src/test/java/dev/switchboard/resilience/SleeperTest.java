package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {
  @Test
  void returnsAtOnceForNothingToWait() {
    assertThatCode(
            () -> {
              Sleeper.real().sleep(Duration.ZERO);
              Sleeper.real().sleep(Duration.ofSeconds(-5));
            })
        .doesNotThrowAnyException();
  }

  @Test
  void givesUpAtOnceOnAnInterruptedThread() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Sleeper.real().sleep(Duration.ofHours(1)))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
