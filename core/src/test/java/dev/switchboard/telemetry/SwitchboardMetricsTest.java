package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.MutableClock;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchboardMetricsTest {
  private final MutableClock clock = MutableClock.start();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ResiliencePolicy policy =
      ResiliencePolicy.of(
          "acme",
          ResilienceConfig.builder()
              .retryMaxAttempts(3)
              .breakerSlidingWindowSize(2)
              .breakerMinimumCalls(2)
              .breakerFailureRateThreshold(50)
              .timeoutCall(Duration.ZERO)
              .clock(clock)
              .random(new Random(3))
              .sleeper(clock::advance)
              .build());

  @AfterEach
  void close() {
    policy.close();
  }

  private static ProviderUnavailableException down() {
    return new ProviderUnavailableException(
        "connect refused", ErrorContext.builder().provider("acme").operation("send").build());
  }

  @Test
  void timesEveryCallWithItsOutcomeAndCountsRetries() {
    SwitchboardMetrics.create(registry).bind(policy);
    List<Duration> waits = new ArrayList<>();
    policy.addListener(
        e -> {
          if (e instanceof ResilienceEvent.RetryScheduled retry) {
            waits.add(retry.delay());
          }
        });
    AtomicInteger calls = new AtomicInteger();

    String result =
        policy.execute(
            "send",
            null,
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw down();
              }
              return "ok";
            });

    assertThat(result).isEqualTo("ok");
    var timer =
        registry
            .get("switchboard.calls")
            .tags("provider", "acme", "operation", "send", "outcome", "success", "reason", "none")
            .timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(Duration.ofNanos((long) timer.totalTime(TimeUnit.NANOSECONDS)))
        .as("the retry's back-off, spent on the test clock, is part of the call")
        .isEqualTo(waits.get(0))
        .isPositive();
    assertThat(
            registry
                .get("switchboard.retries")
                .tags("operation", "send", "cause", "ProviderUnavailableException")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aCallShedByAFullBulkheadIsTimedAsShedNotAsTheVendorsFailure() throws Exception {
    ResiliencePolicy narrow =
        ResiliencePolicy.of(
            "narrow",
            ResilienceConfig.builder()
                .bulkheadMaxConcurrentCalls(1)
                .bulkheadMaxWait(Duration.ZERO)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .sleeper(clock::advance)
                .build());
    SwitchboardMetrics.create(registry).bind(narrow);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                narrow.execute(
                    "send",
                    null,
                    () -> {
                      holding.countDown();
                      try {
                        return release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                      }
                    }));
    holder.start();
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> narrow.execute("send", null, () -> true))
          .isInstanceOf(ProviderUnavailableException.class)
          .hasMessageContaining("bulkhead full");
    } finally {
      release.countDown();
      holder.join(TimeUnit.SECONDS.toMillis(10));
      narrow.close();
    }

    assertThat(
            registry
                .get("switchboard.calls")
                .tags("provider", "narrow", "outcome", "shed", "reason", "bulkhead_full")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("switchboard.calls").tags("outcome", "refused").timer()).isNull();
    assertThat(
            registry
                .get("switchboard.calls.refused")
                .tags("provider", "narrow", "reason", "bulkhead_full")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(narrow.health().lastError()).isEmpty();
    assertThat(narrow.breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void failedCallsAreTimedUnderTheirExceptionAndTheBreakerGaugeFollowsTheState() {
    SwitchboardMetrics.create(registry).bind(policy);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> policy.execute("send", null, () -> failing()))
          .isInstanceOf(ProviderUnavailableException.class);
    }

    assertThat(
            registry
                .get("switchboard.calls")
                .tags("outcome", "ProviderUnavailableException", "reason", "none")
                .timer()
                .count())
        .as("the first call: the vendor failed it")
        .isEqualTo(1);
    assertThat(
            registry
                .get("switchboard.calls")
                .tags("outcome", "refused", "reason", "breaker_open")
                .timer()
                .count())
        .as("the second call ended on the breaker's refusal: not the vendor's failure")
        .isEqualTo(1);
    assertThat(registry.get("switchboard.breaker.state").tag("state", "open").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("switchboard.breaker.state").tag("state", "closed").gauge().value())
        .isEqualTo(0.0);
    assertThat(
            registry
                .get("switchboard.breaker.transitions")
                .tags("from", "closed", "to", "open")
                .counter()
                .count())
        .isEqualTo(1.0);

    assertThatThrownBy(() -> policy.execute("send", null, () -> "never called"))
        .isInstanceOf(ProviderUnavailableException.class);
    // Refused: the second call's third attempt (the breaker opened after its second), the third
    // call's first attempt, and this one.
    assertThat(
            registry
                .get("switchboard.calls.refused")
                .tags("operation", "send", "reason", "breaker_open")
                .counter()
                .count())
        .isEqualTo(3.0);
  }

  private static String failing() {
    throw down();
  }

  @Test
  void countsEachMovedCallAsASwitchAndEachRecoveryOnce() {
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    Instant now = clock.instant();

    metrics.onEvent(new FailoverEvent.ProviderSwitched("a", "b", "charge", down(), now));
    metrics.callMoved("a", "b", "charge");
    metrics.callMoved("a", "b", "charge");
    metrics.callMoved("a", "c", "charge");
    metrics.onEvent(new FailoverEvent.ProviderRecovered("a", 3, Duration.ofSeconds(30), now));

    assertThat(
            registry
                .get("switchboard.failover.switches")
                .tags("from", "a", "to", "b", "operation", "charge")
                .counter()
                .count())
        .as("the ProviderSwitched event is not a call of its own")
        .isEqualTo(2.0);
    assertThat(registry.get("switchboard.failover.switches").counters())
        .extracting(c -> c.count())
        .as("every moved call, whichever provider took it")
        .containsExactlyInAnyOrder(2.0, 1.0);
    assertThat(
            registry.get("switchboard.failover.recoveries").tag("provider", "a").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void callsTheBreakerRefusedAreTimedAsRefusedNeverAsTheVendorsFailure() {
    ResiliencePolicy single =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .retryMaxAttempts(1)
                .breakerSlidingWindowSize(2)
                .breakerMinimumCalls(2)
                .breakerFailureRateThreshold(50)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .random(new Random(3))
                .sleeper(clock::advance)
                .build());
    SwitchboardMetrics.create(registry).bind(single);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> single.execute("charge", null, () -> failing()))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    Instant lastFailure = clock.instant();
    clock.advance(Duration.ofSeconds(1));

    for (int i = 0; i < 9; i++) {
      assertThatThrownBy(() -> single.execute("charge", null, () -> "never sent"))
          .isInstanceOf(ProviderUnavailableException.class);
    }

    assertThat(
            registry
                .get("switchboard.calls")
                .tags("operation", "charge", "outcome", "refused", "reason", "breaker_open")
                .timer()
                .count())
        .isEqualTo(9);
    assertThat(
            registry
                .get("switchboard.calls")
                .tags("outcome", "ProviderUnavailableException", "reason", "none")
                .timer()
                .count())
        .as("only the calls the vendor failed")
        .isEqualTo(2);
    assertThat(registry.get("switchboard.calls").timers())
        .extracting(t -> t.getId().getTag("outcome") + "/" + t.getId().getTag("reason"))
        .containsExactlyInAnyOrder("ProviderUnavailableException/none", "refused/breaker_open");
    assertThat(single.health().lastError())
        .as("the last error is still the vendor's, not the breaker's refusal")
        .hasValueSatisfying(
            error -> {
              assertThat(error.type()).isEqualTo("ProviderUnavailableException");
              assertThat(error.reason()).isEqualTo("connect refused");
              assertThat(error.at()).isEqualTo(lastFailure);
            });
    single.close();
  }

  @Test
  void countsProvidersSkippedForTheirLimitsByFieldWithoutIndexes() {
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    Instant now = clock.instant();

    metrics.onEvent(
        new FailoverEvent.ProviderSkipped(
            "b", "send", InvalidRequestException.invalidField("to[3].name", "no commas"), now));
    metrics.onEvent(
        new FailoverEvent.ProviderSkipped(
            "b", "send", InvalidRequestException.invalidField("to[7].name", "no commas"), now));

    assertThat(
            registry
                .get("switchboard.failover.skips")
                .tags("provider", "b", "operation", "send", "field", "to")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void gaugesShowQuotaAndRetryBudget() {
    SwitchboardMetrics.create(registry).bind(policy);

    assertThat(registry.get("switchboard.ratelimit.remaining").gauge().value()).isNaN();
    policy.quota().observe(100, 42, Instant.parse("2030-01-01T00:01:00Z"));
    assertThat(registry.get("switchboard.ratelimit.remaining").gauge().value()).isEqualTo(42.0);
    assertThat(registry.get("switchboard.retry.budget.available").gauge().value())
        .isEqualTo(policy.retryBudget().available());
  }
}
