package com.example.shop;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;

/** Charges an order and mails the receipt, through whichever vendors the configuration names. */
public final class Checkout {
  private final PaymentGateway payments;
  private final EmailSender email;

  public Checkout(PaymentGateway payments, EmailSender email) {
    this.payments = payments;
    this.email = email;
  }

  public Payment placeOrder(String orderId, String amount, PaymentSource card, String customer) {
    Payment payment = payments.charge(ChargeRequest.builder()
        .amount(Money.of(amount, "EUR"))          // exact minor units: "12.345" EUR is refused
        .source(card)
        .putMetadata("order", orderId)
        .idempotencyKey(IdempotencyKey.of("order-" + orderId + "-charge")) // same key on every retry
        .build());
    email.send(EmailMessage.builder()
        .from("shop@example.com")
        .to(customer)
        .subject("Your receipt for order " + orderId)
        .text("We charged " + amount + " EUR. Thank you!")
        .build());
    return payment;
  }

  public static void main(String[] args) {
    // switchboard.properties from the classpath, then SWITCHBOARD_* variables, then -D properties
    try (Switchboard switchboard = Switchboard.fromConfig(SwitchboardConfig.load())) {
      Checkout checkout = new Checkout(switchboard.payments(), switchboard.email());
      Payment paid = checkout.placeOrder("1001", "12.34", PaymentSource.token("stripe", args[0]), args[1]);
      System.out.println("order 1001: " + paid.id() + " " + paid.status());
    }
  }
}
