package dev.switchboard.testkit.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A PaymentIntent and its one charge, as {@link StripeSimulator} keeps them. */
final class StripePaymentIntent {
  String id;
  long amount;
  String currency;
  String status;
  String captureMethod;
  String paymentMethod;
  String description;
  Map<String, String> metadata = new LinkedHashMap<>();
  long created;
  long amountCapturable;
  long amountReceived;
  Map<String, Object> lastPaymentError;
  String returnUrl;
  String chargeId;
  String chargeStatus;
  long amountRefunded;
  Long canceledAt;
  String cancellationReason;

  /** Whether the PaymentIntent waits for 3-D Secure. */
  boolean awaitingAction() {
    return status.equals("requires_action");
  }
}
