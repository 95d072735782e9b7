package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
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
            .tags("provider", "acme", "operation", "send", "outcome", "success")
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
  void failedCallsAreTimedUnderTheirExceptionAndTheBreakerGaugeFollowsTheState() {
    SwitchboardMetrics.create(registry).bind(policy);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> policy.execute("send", null, () -> failing()))
          .isInstanceOf(ProviderUnavailableException.class);
    }

    assertThat(
            registry
                .get("switchboard.calls")
                .tag("outcome", "ProviderUnavailableException")
                .timer()
                .count())
        .isEqualTo(2);
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
  void countsFailoverSwitchesAndRecoveries() {
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    Instant now = clock.instant();

    metrics.onEvent(new FailoverEvent.ProviderSwitched("a", "b", "charge", down(), now));
    metrics.onEvent(new FailoverEvent.ProviderSwitched("a", "b", "charge", down(), now));
    metrics.onEvent(new FailoverEvent.ProviderRecovered("a", now));

    assertThat(
            registry
                .get("switchboard.failover.switches")
                .tags("from", "a", "to", "b", "operation", "charge")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry.get("switchboard.failover.recoveries").tag("provider", "a").counter().count())
        .isEqualTo(1.0);
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
