package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureInjectorTest {
  private final FailureInjector injector = new FailureInjector("fake", 7);
  private final AtomicInteger acted = new AtomicInteger();

  private String call() {
    return injector.run("charge", IdempotencyKey.of("k1"), () -> "ok#" + acted.incrementAndGet());
  }

  @Test
  void failsExactlyTheNextNCallsThenSucceeds() {
    injector.failNext(2, Failure.unavailable());

    assertThatThrownBy(this::call).isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(this::call).isInstanceOf(ProviderUnavailableException.class);
    assertThat(call()).isEqualTo("ok#1");
    assertThat(injector.calls()).isEqualTo(3);
  }

  @Test
  void injectedExceptionsCarryProviderOperationAndKey() {
    injector.failNext(1, Failure.rateLimited(Duration.ofSeconds(3)));

    assertThatThrownBy(this::call)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.provider()).contains("fake");
              assertThat(e.operation()).contains("charge");
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("k1"));
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
              assertThat(e.httpStatus()).hasValue(429);
            });
  }

  @Test
  void beforeFailuresDoNotActAfterFailuresDo() {
    injector.failNext(1, Failure.outcomeUnknown());
    assertThatThrownBy(this::call).isInstanceOf(OutcomeUnknownException.class);
    assertThat(acted).hasValue(0);

    injector.failNext(1, Failure.outcomeUnknownAfterActing());
    assertThatThrownBy(this::call)
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    assertThat(acted).hasValue(1);
  }

  @Test
  void downFailsEveryCallUntilRecovered() {
    injector.goDown();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(this::call).isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(injector.isDown()).isTrue();

    injector.recover();
    assertThat(call()).isEqualTo("ok#1");
  }

  @Test
  void randomFailuresRepeatForTheSameSeed() {
    assertThat(outcomes(new FailureInjector("fake", 99)))
        .isEqualTo(outcomes(new FailureInjector("fake", 99)))
        .contains(true, false);
  }

  private static List<Boolean> outcomes(FailureInjector injector) {
    injector.failRandomly(0.5, Failure.unavailable());
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      try {
        injector.run("send", null, () -> "ok");
        failed.add(false);
      } catch (ProviderUnavailableException e) {
        failed.add(true);
      }
    }
    return failed;
  }

  @Test
  void latencyIsSpentThroughTheSleeper() {
    List<Duration> slept = new ArrayList<>();
    injector.sleeper(slept::add).latency(Duration.ofMillis(250));

    call();
    call();

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void hangBlocksCallsUntilReleased() throws Exception {
    injector.hang();
    CompletableFuture<String> pending = CompletableFuture.supplyAsync(this::call);

    assertThat(pending).isNotDone();
    assertThat(acted).hasValue(0);

    injector.release();
    assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo("ok#1");
  }

  @Test
  void resetClearsEverything() {
    injector.failNext(3, Failure.unavailable()).goDown().latency(Duration.ofDays(1));
    injector.failRandomly(1.0, Failure.authentication());

    injector.reset();

    assertThat(call()).isEqualTo("ok#1");
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> injector.failNext(-1, Failure.unavailable()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> injector.failRandomly(1.5, Failure.unavailable()))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> injector.latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
