package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.junit.SimulatorExtension;
import dev.switchboard.testkit.simulator.StripeSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's {@link SimulatorExtension} as a user's test uses it: the configuration it hands
 * over builds a working Stripe provider, and each test starts from an empty simulator.
 */
class StripeSimulatorExtensionTest {
  @RegisterExtension
  static final SimulatorExtension<StripeSimulator> STRIPE = SimulatorExtension.stripe();

  private Payment charge(String key) {
    try (Switchboard switchboard = Switchboard.fromConfig(STRIPE.configBuilder().build())) {
      return switchboard
          .payments()
          .charge(
              ChargeRequest.builder()
                  .amount(Money.of("12.34", "EUR"))
                  .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
                  .idempotencyKey(IdempotencyKey.of(key))
                  .build());
    }
  }

  @Test
  void chargesThroughTheConfigurationTheExtensionHandsOver() {
    Payment payment = charge("order-1");

    assertThat(payment.id().value()).startsWith("pi_");
    assertThat(STRIPE.simulator().paymentIntentCount()).isOne();
    assertThat(STRIPE.simulator().lastRequest().orElseThrow().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StripeSimulator.TEST_API_KEY);
  }

  @Test
  void aKeyUsedInAnotherTestChargesAgainAfterTheReset() {
    charge("order-1"); // whichever test runs first, the other's record of order-1 is gone
    assertThat(STRIPE.simulator().paymentIntentCount()).isOne();
    assertThat(STRIPE.simulator().replays()).isZero();
  }
}
