package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.payments.FailureCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {
  private final MutableClock clock = MutableClock.start();
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
  private final ResiliencePolicy policy = policy(ResilienceConfig.builder());

  /** Opens its breaker on the first counted failure. */
  private final ResiliencePolicy fragile =
      policy(ResilienceConfig.builder().breakerSlidingWindowSize(1).breakerMinimumCalls(1));

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    return ResiliencePolicy.of(
        "acme",
        builder
            .timeoutCall(Duration.ZERO)
            .clock(clock)
            .random(new Random(11))
            .sleeper(new RecordingSleeper(clock))
            .build());
  }

  @Test
  void returnsTheCallsResultUntouched() {
    assertThat(policy.execute("get", null, Scripted.succeeding())).isEqualTo("ok");
    assertThat(policy.provider()).isEqualTo("acme");
  }

  @Test
  void wrapsAnAdaptersStrayExceptionAsAnUnknownOutcome() {
    IdempotencyKey key = IdempotencyKey.of("k-1");
    IllegalStateException bug = new IllegalStateException("NPE in a mapper");
    AtomicInteger invocations = new AtomicInteger();
    Supplier<String> buggy =
        () -> {
          invocations.incrementAndGet();
          throw bug;
        };

    assertThatThrownBy(() -> policy.execute("charge", key, buggy))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.getCause()).isSameAs(bug);
              assertThat(e.requestSent()).isTrue();
              assertThat(e.provider()).contains("acme");
              assertThat(e.operation()).contains("charge");
              assertThat(e.idempotencyKey()).contains(key);
              assertThat(e.reason()).contains("IllegalStateException").doesNotContain("mapper");
            });
    assertThat(invocations).as("retried like any unknown outcome").hasValue(3);
  }

  @Test
  void reportsAHealthyProviderBeforeAnythingHappened() {
    ProviderHealth health = policy.health();

    assertThat(health)
        .isEqualTo(
            new ProviderHealth(
                "acme",
                BreakerState.CLOSED,
                Optional.empty(),
                java.util.OptionalLong.empty(),
                100));
  }

  @Test
  void healthReflectsTheLastProviderFailureTheBreakerAndTheQuota() {
    Instant failedAt = clock.instant();
    assertThatThrownBy(() -> fragile.execute("charge", null, alwaysUnavailable()))
        .isInstanceOf(ProviderUnavailableException.class);
    fragile.quota().observe(50, 42, clock.instant().plusSeconds(60));

    ProviderHealth health = fragile.health();

    assertThat(health.provider()).isEqualTo("acme");
    assertThat(health.breakerState()).isEqualTo(BreakerState.OPEN);
    assertThat(health.lastError())
        .hasValueSatisfying(
            last -> {
              assertThat(last.type()).isEqualTo("ProviderUnavailableException");
              assertThat(last.reason()).isEqualTo("connect refused");
              assertThat(last.at()).isEqualTo(failedAt);
            });
    assertThat(health.remainingQuota()).hasValue(42);
    assertThat(health.retryBudgetTokens()).as("one retry paid, then refused").isEqualTo(95);
  }

  @Test
  void surfacesTheProvidersFailureWhenTheBreakerOpensBetweenAttempts() {
    assertThatThrownBy(() -> fragile.execute("charge", null, alwaysUnavailable()))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("connect refused");
              assertThat(e.getSuppressed())
                  .singleElement()
                  .satisfies(
                      refusal ->
                          assertThat(ErrorPolicy.localRefusal(refusal))
                              .contains(RefusalReason.BREAKER_OPEN));
            });
  }

  @Test
  void keepsDeclinesAndRefusalsOutOfTheLastError() {
    assertThatThrownBy(
            () ->
                fragile.execute(
                    "charge", null, Scripted.failing(Failures.declined(FailureCode.CARD_DECLINED))))
        .hasMessageContaining("declined");
    assertThat(fragile.health().lastError()).isEmpty();

    assertThatThrownBy(() -> fragile.execute("charge", null, Scripted.failing(Failures.unknown())))
        .isInstanceOf(OutcomeUnknownException.class);
    ProviderHealth.LastError afterOutage = fragile.health().lastError().orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> fragile.execute("charge", null, Scripted.succeeding()))
        .hasMessageContaining("circuit breaker open");

    assertThat(fragile.health().lastError()).contains(afterOutage);
  }

  @Test
  void keepsCallingOtherListenersWhenOneFails() {
    policy.addListener(
        event -> {
          throw new IllegalStateException("listener bug");
        });
    policy.addListener(events::add);

    assertThat(policy.execute("get", null, Scripted.failing(Failures.unavailable())))
        .isEqualTo("ok");
    assertThat(events)
        .hasExactlyElementsOfTypes(
            ResilienceEvent.RetryScheduled.class, ResilienceEvent.CallCompleted.class);
  }

  @Test
  void stopsTellingARemovedListener() {
    ResilienceListener listener = events::add;
    policy.addListener(listener);
    policy.removeListener(listener);

    policy.execute("get", null, Scripted.failing(Failures.unavailable()));

    assertThat(events).isEmpty();
  }

  @Test
  void stampsEventsWithTheInjectedClock() {
    policy.addListener(events::add);
    Instant before = clock.instant();

    policy.execute("get", null, Scripted.failing(Failures.unavailable()));

    assertThat(events).first().satisfies(event -> assertThat(event.at()).isEqualTo(before));
    assertThat(events.get(1).at()).isEqualTo(clock.instant());
  }

  @Test
  void reportsEachCallOnceWithItsAttemptsDurationAndOutcome() {
    policy.addListener(events::add);
    Instant before = clock.instant();

    policy.execute("get", null, Scripted.failing(Failures.unavailable()));

    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            ResilienceEvent.CallCompleted.class,
            done -> {
              assertThat(done.succeeded()).isTrue();
              assertThat(done.attempts()).isEqualTo(2);
              assertThat(done.operation()).isEqualTo("get");
              assertThat(done.duration()).isEqualTo(Duration.between(before, clock.instant()));
            });
  }

  @Test
  void rejectsBadArgumentsNamingTheField() {
    assertThatThrownBy(() -> ResiliencePolicy.of(" ", ResilienceConfig.defaults()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> ResiliencePolicy.of("acme", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("config");
    assertThatThrownBy(() -> policy.execute(null, null, Scripted.succeeding()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation");
    assertThatThrownBy(() -> policy.execute("get", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("call");
    assertThatThrownBy(() -> policy.addListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("listener");
  }

  @Test
  void buildsFromDefaults() {
    try (ResiliencePolicy defaults = ResiliencePolicy.ofDefaults("acme")) {
      assertThat(defaults.config().retryMaxAttempts()).isEqualTo(3);
      assertThat(defaults.breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(defaults)
          .hasToString("ResiliencePolicy{provider=acme, breaker=CLOSED, retryBudget=100}");
    }
  }

  private static Supplier<String> alwaysUnavailable() {
    return () -> {
      throw Failures.unavailable();
    };
  }

  @Test
  void eventsRejectMissingFields() {
    assertThatThrownBy(() -> new ResilienceEvent.CallRefused("acme", "get", null, Instant.EPOCH))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(
            () ->
                new ProviderHealth(
                    "acme", null, Optional.empty(), java.util.OptionalLong.empty(), 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("breakerState");
    assertThatThrownBy(() -> new ProviderHealth.LastError("X", "why", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("at");
  }
}
