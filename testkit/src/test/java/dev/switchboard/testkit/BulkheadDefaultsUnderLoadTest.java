package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the default resilience settings, 64 callers at once against two healthy providers stay on
 * the primary: its bulkhead has room for all of them, so none is shed to the backup.
 */
class BulkheadDefaultsUnderLoadTest {
  private static final int CALLERS = 64;

  @Test
  void sixtyFourConcurrentCallersAreAllServedByAHealthyPrimary() throws Exception {
    // Every charge waits inside its provider until all 64 are in flight, whichever provider has
    // them, so the primary sees the full concurrency at once; then they all answer.
    CountDownLatch inFlight = new CountDownLatch(CALLERS);
    FakePaymentGateway primary = fake("primary", 1, inFlight);
    FakePaymentGateway backup = fake("backup", 2, inFlight);
    List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(primary, ResiliencePolicy.of("primary", ResilienceConfig.defaults()))
            .add(backup, ResiliencePolicy.of("backup", ResilienceConfig.defaults()))
            .listener(events::add)
            .build();
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    List<Future<Payment>> results = new ArrayList<>();
    try {
      for (int i = 0; i < CALLERS; i++) {
        String key = "order-" + i;
        results.add(
            callers.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return gateway.charge(charge(key));
                }));
      }
      int onPrimary = 0;
      for (Future<Payment> result : results) {
        if (result.get(30, TimeUnit.SECONDS).id().provider().equals("primary")) {
          onPrimary++;
        }
      }

      assertThat(onPrimary).as("served by the primary").isGreaterThanOrEqualTo(CALLERS * 99 / 100);
      assertThat(backup.payments()).isEmpty();
      assertThat(events).as("no outage was reported").isEmpty();
      assertThat(gateway.health())
          .allSatisfy(health -> assertThat(health.lastError()).isEmpty())
          .extracting(ProviderHealth::provider)
          .containsExactly("primary", "backup");
    } finally {
      callers.shutdownNow();
    }
  }

  private static FakePaymentGateway fake(String provider, long seed, CountDownLatch inFlight) {
    FakePaymentGateway fake = FakePaymentGateway.builder().provider(provider).seed(seed).build();
    fake.failures()
        .latency(Duration.ofNanos(1))
        .sleeper(
            wait -> {
              inFlight.countDown();
              inFlight.await(10, TimeUnit.SECONDS);
            });
    return fake;
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(
            PaymentSource.token("primary", FakePaymentGateway.TOKEN_SUCCEEDS)
                .orToken("backup", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }
}
