package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  @Test
  void chargesMoreForRetryingAnUnknownOutcome() {
    RetryBudget budget = new RetryBudget(100, 5, 10);

    assertThat(budget.tryAcquireRetry(Failures.unavailable())).isTrue();
    assertThat(budget.available()).isEqualTo(95);
    assertThat(budget.tryAcquireRetry(Failures.unknown())).isTrue();
    assertThat(budget.available()).isEqualTo(85);
  }

  @Test
  void refusesWhatItCannotPayAndTakesNothing() {
    RetryBudget budget = new RetryBudget(12, 5, 10);
    budget.tryAcquireRetry(Failures.unavailable());

    assertThat(budget.tryAcquireRetry(Failures.unknown())).isFalse();
    assertThat(budget.available()).isEqualTo(7);
  }

  @Test
  void refillsOneTokenPerSuccessUpToTheCapacity() {
    RetryBudget budget = new RetryBudget(10, 5, 10);
    budget.tryAcquireRetry(Failures.unavailable());

    for (int i = 0; i < 20; i++) {
      budget.onSuccess();
    }

    assertThat(budget.available()).isEqualTo(10);
    assertThat(budget.capacity()).isEqualTo(10);
    assertThat(budget).hasToString("RetryBudget{available=10, capacity=10}");
  }

  @Test
  void neverPaysForMoreRetriesThanItHoldsUnderContention() throws Exception {
    RetryBudget budget = new RetryBudget(100, 5, 10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger granted = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int j = 0; j < 100; j++) {
                    if (budget.tryAcquireRetry(Failures.unavailable())) {
                      granted.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(granted).hasValue(20);
    assertThat(budget.available()).isZero();
  }

  @Test
  void rejectsNonsensicalSizes() {
    assertThatThrownBy(() -> new RetryBudget(0, 5, 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retry-budget.capacity");
    assertThatThrownBy(() -> new RetryBudget(10, -1, 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retry-budget.retry-cost");
    assertThatThrownBy(() -> new RetryBudget(10, 5, -1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("retry-budget.outcome-unknown-retry-cost");
  }

  @Test
  void stopsRetriesDuringASustainedOutageAtWhatTheBucketPaysFor() {
    List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    ResiliencePolicy policy = outagePolicy(20);
    policy.addListener(events::add);
    AtomicInteger invocations = new AtomicInteger();
    Supplier<String> down =
        () -> {
          invocations.incrementAndGet();
          throw Failures.unavailable();
        };

    for (int call = 0; call < 50; call++) {
      assertThatThrownBy(() -> policy.execute("charge", null, down))
          .isInstanceOf(ProviderUnavailableException.class);
    }

    assertThat(invocations)
        .as("50 first attempts and the 4 retries 20 tokens pay for")
        .hasValue(54);
    assertThat(policy.retryBudget().available()).isZero();
    assertThat(events)
        .filteredOn(ResilienceEvent.RetryBudgetExhausted.class::isInstance)
        .hasSize(48)
        .allSatisfy(
            event ->
                assertThat(((ResilienceEvent.RetryBudgetExhausted) event).available()).isZero());
    assertThat(policy.health().retryBudgetTokens()).isZero();
  }

  @Test
  void successesRefillTheBudgetSoRetriesResume() {
    ResiliencePolicy policy = outagePolicy(10);
    for (int call = 0; call < 5; call++) {
      assertThatThrownBy(
              () ->
                  policy.execute(
                      "charge",
                      null,
                      () -> {
                        throw Failures.unavailable();
                      }))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThat(policy.retryBudget().available()).isZero();

    for (int call = 0; call < 5; call++) {
      policy.execute("charge", null, Scripted.succeeding());
    }
    Scripted flaky = Scripted.failing(Failures.unavailable());

    assertThat(policy.execute("charge", null, flaky)).isEqualTo("ok");
    assertThat(flaky.invocations()).isEqualTo(2);
    assertThat(policy.retryBudget().available()).isEqualTo(1);
  }

  private static ResiliencePolicy outagePolicy(int capacity) {
    return ResiliencePolicy.of(
        "acme",
        ResilienceConfig.builder()
            .retryBudgetCapacity(capacity)
            .breakerEnabled(false)
            .timeoutCall(Duration.ZERO)
            .random(new Random(3))
            .sleeper(wait -> {})
            .build());
  }
}
