package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.payments.FailureCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResiliencePolicyRetryTest {
  private final MutableClock clock = MutableClock.start();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  private ResilienceConfig.Builder config() {
    return ResilienceConfig.builder()
        .timeoutCall(Duration.ZERO)
        .clock(clock)
        .random(new Random(7))
        .sleeper(sleeper);
  }

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    ResiliencePolicy policy = ResiliencePolicy.of("acme", builder.build());
    policy.addListener(events::add);
    return policy;
  }

  @Test
  void retriesAnUnavailableProviderUntilItAnswers() {
    Scripted call = Scripted.failing(Failures.unavailable(), Failures.unknown());

    String result = policy(config()).execute("charge", null, call);

    assertThat(result).isEqualTo("ok");
    assertThat(call.invocations()).isEqualTo(3);
    assertThat(sleeper.waits()).hasSize(2);
  }

  @Test
  void stopsAfterMaxAttemptsAndRethrowsTheLastFailureItself() {
    AtomicInteger invocations = new AtomicInteger();
    List<ProviderUnavailableException> thrown = new ArrayList<>();
    Supplier<String> alwaysDown =
        () -> {
          invocations.incrementAndGet();
          ProviderUnavailableException failure = Failures.unavailable();
          thrown.add(failure);
          throw failure;
        };

    assertThatThrownBy(() -> policy(config().retryMaxAttempts(4)).execute("get", null, alwaysDown))
        .satisfies(e -> assertThat(e).isSameAs(thrown.get(thrown.size() - 1)));
    assertThat(invocations).hasValue(4);
    assertThat(sleeper.waits()).hasSize(3);
  }

  @Test
  void doesNotRetryWhatCannotSucceedOnTheSameProvider() {
    for (RuntimeException failure :
        List.of(
            Failures.invalid(),
            Failures.conflict(),
            Failures.notFound(),
            Failures.declined(FailureCode.CARD_DECLINED))) {
      Scripted call = Scripted.failing(failure);

      assertThatThrownBy(() -> policy(config()).execute("charge", null, call)).isSameAs(failure);
      assertThat(call.invocations()).as(failure.getClass().getSimpleName()).isEqualTo(1);
    }
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void drawsFullJitterDelaysWithinTheGrowingCeiling() {
    ResiliencePolicy policy =
        policy(
            config()
                .retryMaxAttempts(6)
                .retryBaseDelay(Duration.ofMillis(100))
                .retryMaxDelay(Duration.ofMillis(1000))
                .breakerEnabled(false));

    assertThatThrownBy(() -> policy.execute("charge", null, alwaysFailing(Failures::unavailable)))
        .isInstanceOf(ProviderUnavailableException.class);

    long[] ceilings = {100, 200, 400, 800, 1000};
    List<Duration> waits = sleeper.waits();
    assertThat(waits).hasSize(5);
    Random sameSeed = new Random(7);
    for (int i = 0; i < ceilings.length; i++) {
      assertThat(waits.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(ceilings[i]));
      assertThat(waits.get(i).toMillis()).isEqualTo(sameSeed.nextLong(ceilings[i] + 1));
    }
    assertThat(waits.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void capsTheBackoffCeilingForLateAttempts() {
    ResiliencePolicy policy =
        policy(
            config()
                .retryMaxAttempts(80)
                .retryBaseDelay(Duration.ofMillis(500))
                .retryMaxDelay(Duration.ofSeconds(5))
                .retryBudgetCapacity(1000)
                .breakerEnabled(false));

    assertThatThrownBy(() -> policy.execute("charge", null, alwaysFailing(Failures::unavailable)))
        .isInstanceOf(ProviderUnavailableException.class);

    assertThat(sleeper.waits())
        .hasSize(79)
        .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(5)));
  }

  @Test
  void waitsAtLeastTheRetryAfterHint() {
    Scripted call = Scripted.failing(Failures.rateLimited(Duration.ofMillis(2500)));

    String result =
        policy(config().retryBaseDelay(Duration.ofMillis(100))).execute("send", null, call);

    assertThat(result).isEqualTo("ok");
    assertThat(sleeper.waits()).singleElement().isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void roundsASubMillisecondHintUp() {
    Scripted call = Scripted.failing(Failures.rateLimited(Duration.ofNanos(1_500_000)));

    policy(config().retryBaseDelay(Duration.ofNanos(1))).execute("send", null, call);

    assertThat(sleeper.waits()).singleElement().isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void backsOffWhenARateLimitGivesNoHintAndHoldsAreOff() {
    Scripted call = Scripted.failing(Failures.rateLimited(null));

    policy(config().rateLimitHoldMax(Duration.ZERO)).execute("send", null, call);

    assertThat(call.invocations()).isEqualTo(2);
    assertThat(sleeper.waits())
        .singleElement()
        .satisfies(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(500)));
  }

  @Test
  void movesOnAtOnceWhenTheHoldOutlastsTheBackOff() {
    Scripted call = Scripted.failing(Failures.rateLimited(null));
    ResiliencePolicy policy = policy(config());

    assertThatThrownBy(() -> policy.execute("send", null, call))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(ErrorPolicy.isLocalRefusal(e)).isFalse());

    assertThat(call.invocations()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
    assertThat(policy.retryBudget().available()).isEqualTo(100);
  }

  @Test
  void doesNotWaitForAHintAboveTheMaximum() {
    RateLimitedException tooLong = Failures.rateLimited(Duration.ofSeconds(31));
    Scripted call = Scripted.failing(tooLong);

    assertThatThrownBy(() -> policy(config()).execute("send", null, call)).isSameAs(tooLong);
    assertThat(call.invocations()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void honoursAConfiguredMaximumHint() {
    RateLimitedException hint = Failures.rateLimited(Duration.ofSeconds(6));

    assertThatThrownBy(
            () ->
                policy(config().retryMaxRetryAfter(Duration.ofSeconds(5)))
                    .execute("send", null, Scripted.failing(hint)))
        .isSameAs(hint);
  }

  @Test
  void doesNotRetryAuthenticationWithoutAHook() {
    AuthenticationException rejected = Failures.authentication();
    Scripted call = Scripted.failing(rejected);

    assertThatThrownBy(() -> policy(config()).execute("charge", null, call)).isSameAs(rejected);
    assertThat(call.invocations()).isEqualTo(1);
  }

  @Test
  void retriesAuthenticationOnceAfterTheHookRan() {
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger invocations = new AtomicInteger();
    Supplier<String> call =
        () -> {
          order.add("call " + invocations.incrementAndGet());
          throw Failures.authentication();
        };
    ResiliencePolicy policy =
        policy(config().onAuthenticationFailure(failure -> order.add("refresh")));

    assertThatThrownBy(() -> policy.execute("charge", null, call))
        .isInstanceOf(AuthenticationException.class);

    assertThat(order).containsExactly("call 1", "refresh", "call 2");
    assertThat(events)
        .filteredOn(ResilienceEvent.AuthenticationRetried.class::isInstance)
        .hasSize(1);
  }

  @Test
  void succeedsWhenTheRefreshedSecretWorks() {
    AtomicInteger refreshes = new AtomicInteger();
    Scripted call = Scripted.failing(Failures.authentication());

    String result =
        policy(config().onAuthenticationFailure(failure -> refreshes.incrementAndGet()))
            .execute("charge", null, call);

    assertThat(result).isEqualTo("ok");
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void doesNotRetryWhenTheHookFails() {
    AuthenticationException rejected = Failures.authentication();
    IllegalStateException vaultDown = new IllegalStateException("vault unreachable");
    Scripted call = Scripted.failing(rejected);

    assertThatThrownBy(
            () ->
                policy(
                        config()
                            .onAuthenticationFailure(
                                failure -> {
                                  throw vaultDown;
                                }))
                    .execute("charge", null, call))
        .isSameAs(rejected);
    assertThat(rejected.getSuppressed()).containsExactly(vaultDown);
    assertThat(call.invocations()).isEqualTo(1);
  }

  @Test
  void keepsAnEarlierUnknownOutcomeWhenALaterAttemptProvesNothing() {
    OutcomeUnknownException unknown = Failures.unknown();
    ProviderUnavailableException later = Failures.unavailable();
    ProviderUnavailableException last = Failures.unavailable();

    assertThatThrownBy(
            () -> policy(config()).execute("charge", null, Scripted.failing(unknown, later, last)))
        .isSameAs(unknown);
    assertThat(unknown.getSuppressed()).containsExactly(last);
  }

  @Test
  void letsADefiniteAnswerSettleAnEarlierUnknownOutcome() {
    PaymentDeclinedException declined = Failures.declined(FailureCode.CARD_DECLINED);

    assertThatThrownBy(
            () ->
                policy(config())
                    .execute("charge", null, Scripted.failing(Failures.unknown(), declined)))
        .isSameAs(declined);
  }

  @Test
  void announcesEachRetryWithItsAttemptAndDelay() {
    ProviderUnavailableException first = Failures.unavailable();
    OutcomeUnknownException second = Failures.unknown();

    policy(config()).execute("charge", null, Scripted.failing(first, second));

    List<ResilienceEvent.RetryScheduled> scheduled =
        events.stream()
            .filter(ResilienceEvent.RetryScheduled.class::isInstance)
            .map(ResilienceEvent.RetryScheduled.class::cast)
            .toList();
    assertThat(scheduled).extracting(ResilienceEvent.RetryScheduled::attempt).containsExactly(1, 2);
    assertThat(scheduled)
        .extracting(ResilienceEvent.RetryScheduled::delay)
        .containsExactlyElementsOf(sleeper.waits());
    assertThat(scheduled)
        .extracting(ResilienceEvent.RetryScheduled::cause)
        .containsExactly(first, second);
    assertThat(scheduled).allSatisfy(event -> assertThat(event.provider()).isEqualTo("acme"));
    assertThat(scheduled).allSatisfy(event -> assertThat(event.operation()).isEqualTo("charge"));
  }

  @Test
  void stopsRetryingWhenInterruptedDuringTheBackoff() {
    ProviderUnavailableException failure = Failures.unavailable();
    ResiliencePolicy policy =
        policy(
            config()
                .sleeper(
                    wait -> {
                      throw new InterruptedException();
                    }));

    assertThatThrownBy(() -> policy.execute("charge", null, Scripted.failing(failure)))
        .isSameAs(failure);
    assertThat(failure.getSuppressed()).hasOnlyElementsOfType(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void doesNotRetryOnceTheCallingThreadIsInterrupted() {
    AtomicInteger invocations = new AtomicInteger();
    Supplier<String> call =
        () -> {
          invocations.incrementAndGet();
          Thread.currentThread().interrupt();
          throw Failures.unavailable();
        };

    assertThatThrownBy(() -> policy(config()).execute("charge", null, call))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(invocations).hasValue(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void refusesToStartACallOnAnInterruptedThread() {
    Scripted call = Scripted.succeeding();
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> policy(config()).execute("charge", null, call))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.INTERRUPTED);
              assertThat(e.requestSent()).isFalse();
            });
    assertThat(call.invocations()).isZero();
  }

  private static Supplier<String> alwaysFailing(Supplier<RuntimeException> failure) {
    return () -> {
      throw failure.get();
    };
  }
}
