package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any description length and any amount: the adapter either refuses the charge itself, naming the
 * field, or the simulator (which holds Stripe's documented limits) takes it. Nothing the adapter
 * lets through is refused by Stripe's limits.
 */
class StripeLimitsPropertiesTest {
  private static final TestClock CLOCK = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private static StripeSimulator stripe;
  private static StripePaymentGateway gateway;

  @BeforeContainer
  static void start() {
    stripe = new StripeSimulator(CLOCK);
    stripe.start();
    gateway =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .clock(CLOCK)
            .build();
  }

  @AfterContainer
  static void stop() {
    stripe.close();
  }

  @Provide
  Arbitrary<Long> amounts() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.longs().between(99_999_000L, 100_001_000L),
        Arbitraries.longs().between(999_999_999_000L, 1_000_000_001_000L),
        Arbitraries.of(1L, StripeLimits.MAX_AMOUNT, Long.MAX_VALUE));
  }

  @Provide
  Arbitrary<String> currencies() {
    return Arbitraries.of("USD", "EUR", "JPY", "IDR", "ISK", "KWD", "HUF");
  }

  @Provide
  Arbitrary<Integer> descriptionLengths() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(995, 1005));
  }

  @Property(tries = 150)
  void aChargeIsRefusedLocallyNamingTheFieldOrTakenByStripe(
      @ForAll("amounts") long minorUnits,
      @ForAll("currencies") String currency,
      @ForAll("descriptionLengths") int descriptionLength) {
    ChargeRequest.Builder builder =
        ChargeRequest.builder()
            .amount(Money.ofMinor(minorUnits, currency))
            .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS));
    if (descriptionLength > 0) {
      builder.description("é".repeat(descriptionLength));
    }
    ChargeRequest request = builder.build();
    int sentBefore = stripe.requests().size();

    Throwable thrown = catchThrowable(() -> gateway.charge(request));

    if (thrown == null) {
      assertThat(gateway.check(request)).isEmpty();
      assertThat(stripe.requests()).hasSize(sentBefore + 1);
    } else {
      assertThat(thrown).isInstanceOf(InvalidRequestException.class);
      InvalidRequestException refused = (InvalidRequestException) thrown;
      assertThat(refused.field())
          .hasValueSatisfying(f -> assertThat(f).isIn("amount", "description"));
      assertThat(refused.requestSent()).isFalse();
      assertThat(stripe.requests()).hasSize(sentBefore);
      assertThat(gateway.check(request)).isPresent();
    }
  }

  @Property(tries = 60)
  void whatTheAdapterLetsThroughTheSimulatorCharges(
      @ForAll("amounts") long minorUnits, @ForAll("currencies") String currency) {
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(Money.ofMinor(minorUnits, currency))
            .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
            .build();
    if (gateway.check(request).isPresent()) {
      return;
    }
    Payment paid = gateway.charge(request);
    assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paid.amount()).isEqualTo(request.amount());
  }
}
