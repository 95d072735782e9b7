package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.RateLimitedException;
import dev.switchboard.internal.Futures;
import dev.switchboard.state.QuotaSnapshot;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two instances' policies sharing one rate state: one vendor quota, one client-side budget. */
class SharedRateStateTest {
  private final MutableClock clock = MutableClock.start();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final RateState rates =
      StateStore.inMemory(clock, Duration.ofDays(7), Duration.ofDays(7)).rates();

  private ResiliencePolicy instance(ResilienceConfig.Builder builder) {
    return ResiliencePolicy.of(
        "acme",
        builder
            .retryMaxAttempts(1)
            .timeoutCall(Duration.ZERO)
            .clock(clock)
            .random(new Random(5))
            .sleeper(sleeper)
            .build());
  }

  private ResilienceConfig.Builder sharedQuota() {
    return ResilienceConfig.builder().quotaTracker(QuotaTracker.shared(0, clock, rates, "acme"));
  }

  @Test
  void aQuotaOneInstanceSawHoldsTheOtherInstancesCalls() {
    ResiliencePolicy a = instance(sharedQuota());
    ResiliencePolicy b = instance(sharedQuota().quotaMaxWait(Duration.ZERO));
    Instant reset = clock.instant().plusSeconds(60);

    a.quota().observe(100, 0, reset);

    assertThatThrownBy(() -> b.execute("send", null, Scripted.succeeding()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(60)));
    assertThat(b.quota().remaining()).hasValue(0);
  }

  @Test
  void anOlderObservationFromElsewhereDoesNotReplaceANewerOwnOne() {
    ResiliencePolicy a = instance(sharedQuota());
    ResiliencePolicy b = instance(sharedQuota());
    Instant reset = clock.instant().plusSeconds(60);
    a.quota().observe(100, 0, reset);
    clock.advance(Duration.ofMillis(10));
    b.quota().observe(100, 80, reset);

    assertThat(b.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void aStoreThatCannotBeReachedLeavesEachInstanceWithWhatItSaw() {
    RateState down =
        new RateState() {
          @Override
          public void publishQuota(String provider, QuotaSnapshot snapshot) {
            throw new StateStoreException("test-db", "publish", "down", null);
          }

          @Override
          public Optional<QuotaSnapshot> quota(String provider) {
            throw new StateStoreException("test-db", "quota", "down", null);
          }

          @Override
          public Duration tryAcquire(String name, int limitForPeriod, Duration period) {
            throw new StateStoreException("test-db", "acquire", "down", null);
          }
        };
    ResiliencePolicy policy =
        instance(
            ResilienceConfig.builder()
                .quotaTracker(QuotaTracker.shared(0, clock, down, "acme"))
                .rateLimitLimitForPeriod(1)
                .rateLimitPeriod(Duration.ofMinutes(1))
                .sharedRateLimit(down));
    policy.quota().observe(100, 50, clock.instant().plusSeconds(60));

    assertThat(policy.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
    assertThatThrownBy(() -> policy.execute("send", null, Scripted.succeeding()))
        .as("the instance's own limit still holds")
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aSharedClientSideLimitIsOneBudgetForEveryInstance() {
    ResilienceConfig.Builder limit =
        ResilienceConfig.builder()
            .rateLimitLimitForPeriod(3)
            .rateLimitPeriod(Duration.ofMinutes(1))
            .sharedRateLimit(rates);
    ResiliencePolicy a = instance(limit);
    ResiliencePolicy b = instance(limit);

    a.execute("send", null, Scripted.succeeding());
    b.execute("send", null, Scripted.succeeding());
    a.execute("send", null, Scripted.succeeding());

    assertThatThrownBy(() -> b.execute("send", null, Scripted.succeeding()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.reason()).contains("shared");
              assertThat(e.requestSent()).isFalse();
            });
    clock.advance(Duration.ofSeconds(20));
    assertThat(b.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
  }

  @Test
  void aNonBlockingCallAsksTheSharedLimitOnTheStoreThreadsAndABlockingOneOnItsOwn() {
    List<String> askedOn = new CopyOnWriteArrayList<>();
    RateState noting =
        new RateState() {
          @Override
          public void publishQuota(String provider, QuotaSnapshot snapshot) {
            rates.publishQuota(provider, snapshot);
          }

          @Override
          public Optional<QuotaSnapshot> quota(String provider) {
            return rates.quota(provider);
          }

          @Override
          public Duration tryAcquire(String name, int limitForPeriod, Duration period) {
            askedOn.add(Thread.currentThread().getName());
            return rates.tryAcquire(name, limitForPeriod, period);
          }
        };
    ResiliencePolicy policy =
        instance(
            ResilienceConfig.builder()
                .rateLimitLimitForPeriod(1)
                .rateLimitPeriod(Duration.ofMinutes(1))
                .sharedRateLimit(noting));

    String sentOn =
        Futures.join(
            policy.executeAsync(
                "send",
                null,
                () -> CompletableFuture.completedFuture(Thread.currentThread().getName())));
    assertThatThrownBy(() -> policy.execute("send", null, Scripted.succeeding()))
        .isInstanceOf(RateLimitedException.class);

    assertThat(askedOn).hasSize(2);
    assertThat(askedOn.get(0)).startsWith("switchboard-store-");
    assertThat(sentOn).as("the call goes on from there").isEqualTo(askedOn.get(0));
    assertThat(askedOn.get(1)).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void withoutSharingEachInstanceHasItsOwnLimit() {
    ResilienceConfig.Builder limit =
        ResilienceConfig.builder()
            .rateLimitLimitForPeriod(1)
            .rateLimitPeriod(Duration.ofMinutes(1));
    ResiliencePolicy a = instance(limit);
    ResiliencePolicy b = instance(limit);

    a.execute("send", null, Scripted.succeeding());

    assertThat(b.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
  }

  @Test
  void aHoldAfterTheVendorsRateLimitOnOneInstanceHoldsTheOthersUntilItEnds() {
    ResiliencePolicy a = instance(sharedQuota().retryMaxAttempts(1));
    ResiliencePolicy b = instance(sharedQuota().quotaMaxWait(Duration.ZERO));

    assertThatThrownBy(
            () ->
                a.execute(
                    "send", null, Scripted.failing(Failures.rateLimited(Duration.ofSeconds(5)))))
        .isInstanceOf(RateLimitedException.class);
    Scripted elsewhere = Scripted.succeeding();

    assertThatThrownBy(() -> b.execute("send", null, elsewhere))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
              assertThat(ErrorPolicy.isLocalRefusal(e)).isTrue();
            });
    assertThat(elsewhere.invocations()).isZero();

    clock.advance(Duration.ofSeconds(5));
    assertThat(b.execute("send", null, elsewhere)).isEqualTo("ok");
    assertThat(b.quota().remaining()).as("the vendor never reported a quota").isEmpty();
  }

  @Test
  void withoutSharingAHoldStaysWithItsInstance() {
    ResiliencePolicy a = instance(ResilienceConfig.builder().retryMaxAttempts(1));
    ResiliencePolicy b = instance(ResilienceConfig.builder());

    assertThatThrownBy(
            () ->
                a.execute(
                    "send", null, Scripted.failing(Failures.rateLimited(Duration.ofSeconds(5)))))
        .isInstanceOf(RateLimitedException.class);

    assertThat(b.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
    assertThat(a.health().heldUntil()).isPresent();
  }
}
