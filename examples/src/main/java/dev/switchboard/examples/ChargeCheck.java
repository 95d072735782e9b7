package dev.switchboard.examples;

import dev.switchboard.payments.Payment;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.util.Map;

/**
 * Checks, from the payment stand-ins' own state, that each order was charged once: every order has
 * a payment of its own, and each stand-in holds exactly as many charges as the orders it was paid
 * by. A second charge for any order, made anywhere, would make the counts differ.
 */
final class ChargeCheck {
  private static final String STRIPE_CHARGE = "/v1/payment_intents";
  private static final String PAYPAL_CHARGE = "/v2/checkout/orders";

  private ChargeCheck() {}

  /**
   * One line: {@code each of 17 orders charged once: 7 at stripe (7 payment intents), 10 at paypal
   * (10 orders)}, or what differs.
   */
  static String describe(
      Map<String, Payment> payments, StripeSimulator stripe, PayPalSimulator paypal) {
    long distinct = payments.values().stream().map(p -> p.id()).distinct().count();
    long atStripe = paidBy(payments, "stripe");
    long atPayPal = paidBy(payments, "paypal");
    int intents = stripe.paymentIntentCount();
    int orders = paypal.orderCount();
    String counts =
        atStripe
            + " at stripe ("
            + intents
            + " payment intents), "
            + atPayPal
            + " at paypal ("
            + orders
            + " orders)";
    boolean once =
        distinct == payments.size()
            && atStripe + atPayPal == payments.size()
            && atStripe == intents
            && atPayPal == orders;
    return once
        ? "each of " + payments.size() + " orders charged once: " + counts
        : "charges do not match the " + payments.size() + " orders: " + counts;
  }

  /**
   * One line about one order's key: {@code order-04: paid by stripe pi_... (succeeded there);
   * charge requests with its key: stripe 3, paypal 0}.
   */
  static String describeKey(String order, Payment payment, LocalVendors vendors) {
    return describeKey(order, payment, vendors.stripe, vendors.paypal);
  }

  /** {@link #describeKey(String, Payment, LocalVendors)} for two payment stand-ins. */
  static String describeKey(
      String order, Payment payment, StripeSimulator stripe, PayPalSimulator paypal) {
    String paid =
        payment == null
            ? "not paid"
            : "paid by "
                + payment.id().provider()
                + " "
                + payment.id().value()
                + " ("
                + status(payment, stripe, paypal)
                + " there)";
    return order
        + ": "
        + paid
        + "; charge requests with its key: stripe "
        + stripeRequests(stripe, order)
        + ", paypal "
        + paypalRequests(paypal, order);
  }

  private static String status(Payment payment, StripeSimulator stripe, PayPalSimulator paypal) {
    String id = payment.id().value();
    return switch (payment.id().provider()) {
      case "stripe" -> stripe.paymentIntentStatus(id).orElse("unknown");
      case "paypal" -> paypal.orderStatus(id).orElse("unknown");
      default -> "unknown";
    };
  }

  /** How many charge requests carrying {@code key} reached the Stripe stand-in. */
  static long stripeRequests(StripeSimulator stripe, String key) {
    return stripe.requests().stream()
        .filter(r -> "POST".equals(r.getMethod()))
        .filter(r -> r.getUrl().encodedPath().equals(STRIPE_CHARGE))
        .filter(r -> key.equals(r.getHeaders().get("Idempotency-Key")))
        .count();
  }

  /** How many order-creating requests carrying {@code key} reached the PayPal stand-in. */
  static long paypalRequests(PayPalSimulator paypal, String key) {
    return paypal.requests().stream()
        .filter(r -> "POST".equals(r.getMethod()))
        .filter(r -> r.getUrl().encodedPath().equals(PAYPAL_CHARGE))
        .filter(r -> key.equals(r.getHeaders().get("PayPal-Request-Id")))
        .count();
  }

  private static long paidBy(Map<String, Payment> payments, String provider) {
    return payments.values().stream().filter(p -> provider.equals(p.id().provider())).count();
  }
}
