package com.example.shop;

import static dev.switchboard.testkit.SwitchboardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.testkit.FakeEmailSender;
import dev.switchboard.testkit.FakePaymentGateway;
import org.junit.jupiter.api.Test;

class CheckoutTest {
  FakePaymentGateway payments = FakePaymentGateway.builder().build();
  FakeEmailSender email = FakeEmailSender.builder().build();
  Checkout checkout = new Checkout(payments, email);

  @Test
  void chargesTheOrderAndMailsTheReceipt() {
    checkout.placeOrder("1001", "12.34", payments.source(FakePaymentGateway.TOKEN_SUCCEEDS), "ann@example.com");

    assertThat(payments).hasPaymentCount(1).hasCharged("12.34 EUR");
    assertThat(email).hasSent(1).hasSentTo("ann@example.com");
  }

  @Test
  void aDeclinedCardGetsNoReceipt() {
    assertThatThrownBy(() -> checkout.placeOrder(
            "1002", "99.00", payments.source(FakePaymentGateway.TOKEN_INSUFFICIENT_FUNDS), "bob@example.com"))
        .isInstanceOf(PaymentDeclinedException.class);

    assertThat(payments).hasCharged("0.00 EUR");
    assertThat(email).hasSentNothing();
  }
}
