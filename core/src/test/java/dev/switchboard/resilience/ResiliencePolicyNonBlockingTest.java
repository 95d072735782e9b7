package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policy's non-blocking form: the same rules as the blocking one, with every wait on the
 * scheduler and cancellation that reaches the call in flight.
 */
class ResiliencePolicyNonBlockingTest {
  private final MutableClock clock = MutableClock.start();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<ResiliencePolicy> policies = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    policies.forEach(ResiliencePolicy::close);
  }

  private ResilienceConfig.Builder config() {
    return ResilienceConfig.builder()
        .clock(clock)
        .random(new Random(7))
        .scheduler(scheduler)
        .sleeper(
            d -> {
              throw new AssertionError("a non-blocking call slept for " + d);
            });
  }

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    ResiliencePolicy policy = ResiliencePolicy.of("acme", builder.build());
    policies.add(policy);
    return policy;
  }

  /** Hands out the given futures in order, counting the attempts. */
  private static final class Attempts implements Supplier<CompletableFuture<String>> {
    private final Deque<CompletableFuture<String>> futures;
    private final AtomicInteger count = new AtomicInteger();

    @SafeVarargs
    Attempts(CompletableFuture<String>... futures) {
      this.futures = new ArrayDeque<>(List.of(futures));
    }

    @Override
    public synchronized CompletableFuture<String> get() {
      count.incrementAndGet();
      return futures.isEmpty() ? CompletableFuture.completedFuture("ok") : futures.poll();
    }

    int count() {
      return count.get();
    }
  }

  @Test
  void schedulesTheRetryInsteadOfSleeping() {
    Attempts attempts = new Attempts(Futures.failed(Failures.unavailable()));

    CompletableFuture<String> result = policy(config()).executeAsync("charge", null, attempts);

    assertThat(result).isNotDone();
    assertThat(attempts.count()).isEqualTo(1);
    assertThat(scheduler.pending()).singleElement().satisfies(d -> assertThat(d).isPositive());

    scheduler.advance(scheduler.pending().get(0));

    assertThat(result).isCompletedWithValue("ok");
    assertThat(attempts.count()).isEqualTo(2);
  }

  @Test
  void failsWithTheSameExceptionTheBlockingCallThrows() {
    SwitchboardException invalid = Failures.invalid();

    CompletableFuture<String> result =
        policy(config()).executeAsync("charge", null, () -> Futures.failed(invalid));

    assertThatThrownBy(() -> Futures.join(result)).isSameAs(invalid);
    assertThatThrownBy(
            () ->
                policy(config())
                    .execute(
                        "charge",
                        null,
                        () -> {
                          throw invalid;
                        }))
        .isSameAs(invalid);
  }

  @Test
  void cancellingDuringTheBackOffStopsTheRetriesAndReportsNothingSent() {
    Attempts attempts = new Attempts(Futures.failed(Failures.unavailable()));
    CompletableFuture<String> result = policy(config()).executeAsync("charge", null, attempts);

    assertThat(result.cancel(true)).isTrue();
    scheduler.advance(Duration.ofMinutes(1));

    assertThat(result).isCancelled();
    assertThatThrownBy(() -> Futures.join(result))
        .isInstanceOf(CancellationException.class)
        .hasCauseInstanceOf(ProviderUnavailableException.class);
    assertThat(attempts.count()).isEqualTo(1);
    assertThat(scheduler.pending()).isEmpty();
  }

  @Test
  void cancellingAfterTheRequestWasSentIsAnUnknownOutcomeTheBreakerIgnores() {
    ResiliencePolicy policy = policy(config().breakerSlidingWindowSize(2).breakerMinimumCalls(1));
    CompletableFuture<String> inFlight = new CompletableFuture<>();
    AtomicInteger cancelled = new AtomicInteger();
    Attempts attempts = new Attempts(inFlight);

    CompletableFuture<String> result =
        policy.executeAsync(
            "charge",
            null,
            () -> {
              // What HttpExecutor does for an enqueued call: the scope can cancel it.
              CallScope.current()
                  .orElseThrow()
                  .onCancel(
                      () -> {
                        cancelled.incrementAndGet();
                        inFlight.completeExceptionally(Failures.unknown());
                      });
              return attempts.get();
            });
    result.cancel(true);

    assertThat(cancelled).hasValue(1);
    assertThatThrownBy(() -> Futures.join(result))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason()).startsWith("cancelled by the caller after the request");
              assertThat(e.requestSent()).isTrue();
            });
    assertThat(result.isCancelled()).isFalse();
    assertThat(attempts.count()).isEqualTo(1);
    assertThat(scheduler.pending()).isEmpty();
    assertThat(policy.breakerState()).isEqualTo(BreakerState.CLOSED);
    assertThat(policy.health().lastError()).isEmpty();
  }

  @Test
  void endsAnAttemptThatNeverAnswersAtTheDeadlineAndFreesItsSlotWhenItReallyEnds() {
    ResiliencePolicy policy =
        policy(
            config()
                .timeoutCall(Duration.ofSeconds(2))
                .retryMaxAttempts(1)
                .bulkheadMaxConcurrentCalls(3));
    CompletableFuture<String> hanging = new CompletableFuture<>();

    CompletableFuture<String> result = policy.executeAsync("charge", null, () -> hanging);
    scheduler.advance(Duration.ofSeconds(2));

    assertThatThrownBy(() -> Futures.join(result))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.reason()).isEqualTo("call did not finish within PT2S"));
    assertThat(policy.availableConcurrentCalls()).isEqualTo(2);

    hanging.complete("late");

    assertThat(policy.availableConcurrentCalls()).isEqualTo(3);
  }

  @Test
  void waitsForABulkheadSlotWithoutAThreadAndShedsWhenTheWaitRunsOut() {
    ResiliencePolicy policy =
        policy(
            config()
                .retryMaxAttempts(1)
                .bulkheadMaxConcurrentCalls(1)
                .bulkheadMaxWait(Duration.ofMillis(500)));
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> running = policy.executeAsync("charge", null, () -> first);
    Attempts second = new Attempts();

    CompletableFuture<String> waiting = policy.executeAsync("charge", null, second);

    assertThat(waiting).isNotDone();
    assertThat(second.count()).isZero();
    first.complete("one");
    assertThat(running).isCompletedWithValue("one");
    assertThat(waiting).isCompletedWithValue("ok");

    CompletableFuture<String> hanging = new CompletableFuture<>();
    policy.executeAsync("charge", null, () -> hanging);
    CompletableFuture<String> shed = policy.executeAsync("charge", null, new Attempts());
    scheduler.advance(Duration.ofMillis(500));

    assertThatThrownBy(() -> Futures.join(shed))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> assertThat(ErrorPolicy.isLoadShed(e)).isTrue());
    hanging.complete("done");
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void cancellingAWaitForABulkheadSlotGivesUpThePlaceInTheQueue() {
    ResiliencePolicy policy =
        policy(config().bulkheadMaxConcurrentCalls(1).bulkheadMaxWait(Duration.ofSeconds(5)));
    CompletableFuture<String> first = new CompletableFuture<>();
    policy.executeAsync("charge", null, () -> first);
    Attempts never = new Attempts();
    CompletableFuture<String> waiting = policy.executeAsync("charge", null, never);

    waiting.cancel(true);
    first.complete("one");

    assertThat(waiting).isCancelled();
    assertThat(never.count()).isZero();
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void waitsForTheVendorsQuotaResetOnTheScheduler() {
    ResiliencePolicy policy = policy(config().quotaReserve(0).quotaMaxWait(Duration.ofSeconds(5)));
    policy.quota().observe(100, 0, clock.instant().plusSeconds(3));
    Attempts attempts = new Attempts();

    CompletableFuture<String> result = policy.executeAsync("send", null, attempts);

    assertThat(result).isNotDone();
    assertThat(attempts.count()).isZero();
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(result).isCompletedWithValue("ok");
  }
}
