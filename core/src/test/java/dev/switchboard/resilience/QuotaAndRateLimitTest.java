package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.RateLimitedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class QuotaAndRateLimitTest {
  private final MutableClock clock = MutableClock.start();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

  private ResiliencePolicy policy(ResilienceConfig.Builder builder) {
    ResiliencePolicy policy =
        ResiliencePolicy.of(
            "acme",
            builder
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .random(new Random(5))
                .sleeper(sleeper)
                .build());
    policy.addListener(events::add);
    return policy;
  }

  @Test
  void knowsNoQuotaUntilTheVendorReportsOne() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());

    assertThat(policy.quota().remaining()).isEmpty();
    assertThat(policy.quota().resetAt()).isEmpty();
    assertThat(policy.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void slowsDownBeforeTheVendorSays429WhenTheReserveIsReached() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    Instant reset = clock.instant().plusMillis(500);
    policy.quota().observe(100, 1, reset);

    policy.execute("send", null, Scripted.succeeding());
    assertThat(sleeper.waits()).as("one call left, it goes at once").isEmpty();
    assertThat(policy.quota().remaining()).hasValue(0);

    policy.execute("send", null, Scripted.succeeding());

    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500));
    assertThat(policy.quota().remaining()).as("the vendor's window restarted").hasValue(100);
    assertThat(policy.health().remainingQuota()).hasValue(100);
  }

  @Test
  void holdsCallsOnceTheRemainingQuotaIsAtTheConfiguredReserve() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder().quotaReserve(5));
    policy.quota().observe(100, 5, clock.instant().plusMillis(800));

    policy.execute("send", null, Scripted.succeeding());

    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(800));
  }

  @Test
  void failsFastWhenTheResetIsBeyondTheMaximumWait() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    policy.quota().observe(100, 0, clock.instant().plusSeconds(10));
    Scripted call = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("send", null, call))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(10));
              assertThat(e.requestSent()).isFalse();
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.QUOTA_RESERVE);
            });
    assertThat(call.invocations()).isZero();
    assertThat(sleeper.waits()).as("not retried either").isEmpty();
    assertThat(events)
        .hasSize(2)
        .first()
        .isEqualTo(
            new ResilienceEvent.CallRefused(
                "acme", "send", RefusalReason.QUOTA_RESERVE, clock.instant()));
    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            ResilienceEvent.CallCompleted.class,
            done -> {
              assertThat(done.failure()).isInstanceOf(RateLimitedException.class);
              assertThat(done.duration()).isZero();
            });
  }

  @Test
  void waitsUpToTheConfiguredMaximum() {
    ResiliencePolicy policy =
        policy(ResilienceConfig.builder().quotaMaxWait(Duration.ofSeconds(10)));
    policy.quota().observe(100, 0, clock.instant().plusSeconds(10));

    policy.execute("send", null, Scripted.succeeding());

    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void letsCallsFlowOnceTheReportedWindowHasEnded() {
    ResiliencePolicy policy = policy(ResilienceConfig.builder());
    policy.quota().observe(100, 0, clock.instant().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));

    policy.execute("send", null, Scripted.succeeding());

    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void rejectsImpossibleObservations() {
    QuotaTracker quota = policy(ResilienceConfig.builder()).quota();

    assertThatThrownBy(() -> quota.observe(-1, 0, clock.instant()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> quota.observe(10, -1, clock.instant()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("remaining");
    assertThatThrownBy(() -> quota.observe(10, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("resetAt");
    assertThat(quota.reserve()).isZero();
    assertThat(quota).hasToString("QuotaTracker{remaining=unknown, reserve=0}");
  }

  @Test
  void refusesCallsBeyondTheClientSideLimit() {
    ResiliencePolicy policy =
        policy(
            ResilienceConfig.builder()
                .rateLimitLimitForPeriod(2)
                .rateLimitPeriod(Duration.ofMinutes(1)));
    policy.execute("send", null, Scripted.succeeding());
    policy.execute("send", null, Scripted.succeeding());
    Scripted third = Scripted.succeeding();

    assertThatThrownBy(() -> policy.execute("send", null, third))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(e.getCause()).isInstanceOf(RequestNotPermitted.class);
              assertThat(e.retryAfter())
                  .hasValueSatisfying(
                      wait ->
                          assertThat(wait).isBetween(Duration.ofNanos(1), Duration.ofMinutes(1)));
              assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.RATE_LIMITED);
            });
    assertThat(third.invocations()).isZero();
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void grantsNewPermitsWhenTheClockReachesTheNextPeriod() {
    ResiliencePolicy policy =
        policy(
            ResilienceConfig.builder()
                .rateLimitLimitForPeriod(1)
                .rateLimitPeriod(Duration.ofMinutes(1)));
    policy.execute("send", null, Scripted.succeeding());
    assertThatThrownBy(() -> policy.execute("send", null, Scripted.succeeding()))
        .isInstanceOf(RateLimitedException.class);

    clock.advance(Duration.ofMinutes(1));

    assertThat(policy.execute("send", null, Scripted.succeeding())).isEqualTo("ok");
  }

  @Test
  void waitsForAClientSidePermitWithinTheMaximumWait() {
    ResiliencePolicy policy =
        policy(
            ResilienceConfig.builder()
                .rateLimitLimitForPeriod(1)
                .rateLimitPeriod(Duration.ofSeconds(1))
                .rateLimitMaxWait(Duration.ofSeconds(2)));
    policy.execute("send", null, Scripted.succeeding());

    policy.execute("send", null, Scripted.succeeding());

    assertThat(sleeper.waits())
        .singleElement()
        .satisfies(wait -> assertThat(wait).isBetween(Duration.ofNanos(1), Duration.ofSeconds(1)));
  }

  @Test
  void turnsAnInterruptedWaitIntoARefusal() {
    ResiliencePolicy policy =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .sleeper(
                    wait -> {
                      throw new InterruptedException();
                    })
                .build());
    policy.quota().observe(100, 0, clock.instant().plusMillis(100));

    try {
      assertThatThrownBy(() -> policy.execute("send", null, Scripted.succeeding()))
          .satisfies(
              e -> assertThat(ErrorPolicy.localRefusal(e)).contains(RefusalReason.INTERRUPTED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
