package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.RateLimitedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderHoldTest {
  private final MutableClock clock = MutableClock.start();
  private final ProviderHold hold =
      new ProviderHold(clock, Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void holdsNothingUntilTheVendorRateLimits() {
    assertThat(hold.remaining()).isZero();
  }

  @Test
  void holdsForTheVendorsRetryAfter() {
    hold.onRateLimited(Failures.rateLimited(Duration.ofSeconds(7)));

    assertThat(hold.remaining()).isEqualTo(Duration.ofSeconds(7));
    clock.advance(Duration.ofMillis(6_999));
    assertThat(hold.remaining()).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(hold.remaining()).isZero();
  }

  @Test
  void doublesTheHoldWithoutAHintUpToTheCap() {
    for (long expected : new long[] {1, 2, 4, 8, 16, 30, 30}) {
      Duration held = hold.onRateLimited(Failures.rateLimited(null));

      assertThat(held).isEqualTo(Duration.ofSeconds(expected));
      assertThat(hold.remaining()).isEqualTo(Duration.ofSeconds(expected));
      clock.advance(held);
    }
  }

  @Test
  void anAnsweredCallStartsTheDoublingAgain() {
    hold.onRateLimited(Failures.rateLimited(null));
    clock.advance(Duration.ofSeconds(1));
    hold.onRateLimited(Failures.rateLimited(null));
    clock.advance(Duration.ofSeconds(2));

    hold.onAnswered();

    assertThat(hold.onRateLimited(Failures.rateLimited(null))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void capsAVendorsHint() {
    assertThat(hold.onRateLimited(Failures.rateLimited(Duration.ofMinutes(5))))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aShorterHintNeverShortensARunningHold() {
    hold.onRateLimited(Failures.rateLimited(Duration.ofSeconds(10)));
    hold.onRateLimited(Failures.rateLimited(Duration.ofSeconds(2)));

    assertThat(hold.remaining()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void thePolicysOwnRefusalStartsNoHold() {
    RateLimitedException refusal =
        new RateLimitedException(
            "held",
            Failures.NOT_SENT,
            Duration.ofSeconds(5),
            new LocalRefusal(RefusalReason.VENDOR_HOLD));

    assertThat(hold.onRateLimited(refusal)).isZero();
    assertThat(hold.remaining()).isZero();
  }

  @Test
  void aZeroCapTurnsHoldsOff() {
    ProviderHold off = new ProviderHold(clock, Duration.ofSeconds(1), Duration.ZERO);

    off.onRateLimited(Failures.rateLimited(Duration.ofSeconds(3)));

    assertThat(off.remaining()).isZero();
  }
}
