package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.junit.S3ServerExtension;
import dev.switchboard.testkit.junit.SimulatorExtension;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's JUnit 5 extensions as an application's test uses them: every simulator and the S3
 * server started for the class, and a Switchboard built from nothing but the keys they hand over.
 */
class TestkitExtensionsTest {
  @RegisterExtension
  static final SimulatorExtension<StripeSimulator> STRIPE = SimulatorExtension.stripe();

  @RegisterExtension
  static final SimulatorExtension<PayPalSimulator> PAYPAL = SimulatorExtension.payPal();

  @RegisterExtension
  static final SimulatorExtension<SendGridSimulator> SENDGRID = SimulatorExtension.sendGrid();

  @RegisterExtension
  static final SimulatorExtension<MailgunSimulator> MAILGUN = SimulatorExtension.mailgun();

  @RegisterExtension static final S3ServerExtension S3 = new S3ServerExtension();

  private static Switchboard switchboard(String payments, String email) {
    return Switchboard.fromConfig(
        SwitchboardConfig.builder()
            .putAll(STRIPE.config())
            .putAll(PAYPAL.config())
            .putAll(SENDGRID.config())
            .putAll(MAILGUN.config("backup"))
            .putAll(S3.config())
            .put("switchboard.payments.providers", payments)
            .put("switchboard.email.providers", email)
            .put("switchboard.storage.providers", "s3")
            .discoverSecretSources(false)
            .build());
  }

  private static ChargeRequest charge(String order) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(
            PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
                .orToken("paypal", PayPalSimulator.VAULT_OK))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private static EmailMessage receipt() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Receipt")
        .text("Thanks for your order.")
        .build();
  }

  @Test
  void everyPortReachesItsLocalVendorThroughTheHandedOverKeys() {
    try (Switchboard switchboard = switchboard("stripe,paypal", "sendgrid,backup")) {
      switchboard.payments().charge(charge("order-1"));
      switchboard.email().send(receipt());
      switchboard
          .storage()
          .put("receipts/order-1.txt", BlobContent.ofString("paid"), PutOptions.defaults());
    }

    assertThat(STRIPE.simulator().paymentIntentCount()).isOne();
    assertThat(SENDGRID.simulator().sent()).hasSize(1);
    assertThat(S3.server().backend().list(S3.bucket()).contents()).hasSize(1);
  }

  @Test
  void payPalAndMailgunUnderAnotherNameWorkFromTheirKeysToo() {
    try (Switchboard switchboard = switchboard("paypal", "backup")) {
      switchboard.payments().charge(charge("order-2"));
      switchboard.email().send(receipt());
    }

    assertThat(PAYPAL.simulator().orderCount()).isOne();
    assertThat(MAILGUN.simulator().messages()).hasSize(1);
    assertThat(STRIPE.simulator().paymentIntentCount()).isZero(); // test 1's charge is gone
    assertThat(S3.server().backend().list(S3.bucket()).contents()).isEmpty();
  }
}
