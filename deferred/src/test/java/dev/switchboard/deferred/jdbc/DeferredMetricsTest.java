package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.Failure;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredMetricsTest {
  @TempDir Path dir;

  @Test
  void publishesDepthPerStateTheOldestOpenCallAndExecutionsByOutcome() throws InterruptedException {
    FakePaymentGateway vendor = FakePaymentGateway.create();
    ShiftedClock clock = new ShiftedClock();
    try (JdbcDeferredCalls queue =
        JdbcDeferredCalls.builder()
            .url("jdbc:h2:file:" + dir.resolve("metrics"))
            .payments(vendor)
            .clock(clock)
            .pollingInterval(Duration.ofMillis(50))
            .build()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      DeferredMetrics.create(registry).bind(queue);
      queue.charge(charge("m-ok", FakePaymentGateway.TOKEN_SUCCEEDS));
      queue.charge(charge("m-declined", FakePaymentGateway.TOKEN_CARD_DECLINED));
      awaitCount(queue, 2, DeferredState.SUCCEEDED, DeferredState.FAILED);
      vendor.failures().failNext(1, Failure.rateLimited(Duration.ofHours(1)));
      queue.charge(charge("m-waits", FakePaymentGateway.TOKEN_SUCCEEDS));
      awaitCount(queue, 1, DeferredState.WAITING);
      clock.advance(Duration.ofMinutes(2));

      assertThat(registry.get("switchboard.deferred.calls").tag("state", "WAITING").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("switchboard.deferred.calls").tag("state", "DEAD").gauge().value())
          .isZero();
      assertThat(
              registry
                  .get("switchboard.deferred.executions")
                  .tag("outcome", "failed")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("switchboard.deferred.executions")
                  .tag("outcome", "retry")
                  .functionCounter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      assertThat(registry.get("switchboard.deferred.oldest.open").gauge().value())
          .isGreaterThanOrEqualTo(120);
    }
  }

  private static void awaitCount(DeferredCalls queue, long count, DeferredState... states)
      throws InterruptedException {
    Poll.until(
        count + " calls in " + java.util.Arrays.toString(states),
        () -> {},
        () -> {
          DeferredHealth health = queue.health();
          long n = 0;
          for (DeferredState state : states) {
            n += health.count(state);
          }
          return n == count;
        },
        queue::health);
  }

  private static ChargeRequest charge(String key, String token) {
    return ChargeRequest.builder()
        .amount(Money.of("1.00", "EUR"))
        .source(PaymentSource.token("fake", token))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }
}
