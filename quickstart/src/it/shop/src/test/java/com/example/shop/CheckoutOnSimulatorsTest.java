package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The same checkout through the real Stripe and SendGrid adapters, against local stand-ins. */
class CheckoutOnSimulatorsTest {
  @Test
  void placesAnOrderThroughTheRealAdapters() {
    try (StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());
        SendGridSimulator sendgrid = new SendGridSimulator(Clock.systemUTC());
        Switchboard switchboard = Switchboard.fromConfig(SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "stripe")
            .put("switchboard.payments.stripe.base-url", stripe.start().toString())
            .put("switchboard.payments.stripe.api-key", StripeSimulator.TEST_API_KEY)
            .put("switchboard.email.providers", "sendgrid")
            .put("switchboard.email.sendgrid.base-url", sendgrid.start().toString())
            .put("switchboard.email.sendgrid.api-key", SendGridSimulator.DEFAULT_API_KEY)
            .build())) {
      Checkout checkout = new Checkout(switchboard.payments(), switchboard.email());

      Payment paid = checkout.placeOrder(
          "1001", "12.34", PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS), "ann@example.com");

      assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(stripe.paymentIntentCount()).isEqualTo(1);
      assertThat(sendgrid.sent()).hasSize(1);
    }
  }
}
