package dev.switchboard.testkit.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** Stripe's objects as JSON maps: PaymentIntent, charge, decline, dispute, balance. */
final class StripeJson {
  private StripeJson() {}

  static Map<String, Object> intentJson(StripePaymentIntent intent, boolean expandCharge) {
    return intentJson(intent, expandCharge, null);
  }

  /**
   * A PaymentIntent as Stripe shows it; {@code url}, the request's, is where a 3-D Secure redirect
   * points (null for 127.0.0.1).
   */
  static Map<String, Object> intentJson(
      StripePaymentIntent intent, boolean expandCharge, HttpUrl url) {
    Map<String, Object> pi = new LinkedHashMap<>();
    pi.put("id", intent.id);
    pi.put("object", "payment_intent");
    pi.put("amount", intent.amount);
    pi.put("amount_capturable", intent.amountCapturable);
    pi.put("amount_received", intent.amountReceived);
    pi.put("canceled_at", intent.canceledAt);
    pi.put("cancellation_reason", intent.cancellationReason);
    pi.put("capture_method", intent.captureMethod);
    pi.put("client_secret", intent.id + "_secret_fake");
    pi.put("confirmation_method", "automatic");
    pi.put("created", intent.created);
    pi.put("currency", intent.currency);
    pi.put("customer", null);
    pi.put("description", intent.description);
    pi.put("last_payment_error", intent.lastPaymentError);
    if (intent.chargeId == null) {
      pi.put("latest_charge", null);
    } else {
      pi.put("latest_charge", expandCharge ? chargeJson(intent) : intent.chargeId);
    }
    pi.put("livemode", false);
    pi.put("metadata", new LinkedHashMap<>(intent.metadata));
    pi.put("next_action", intent.status.equals("requires_action") ? nextAction(intent, url) : null);
    pi.put("payment_method", intent.paymentMethod);
    pi.put("payment_method_types", List.of("card"));
    pi.put("status", intent.status);
    return pi;
  }

  private static Map<String, Object> nextAction(StripePaymentIntent intent, HttpUrl url) {
    Map<String, Object> action = new LinkedHashMap<>();
    if (intent.returnUrl == null) {
      action.put("type", "use_stripe_sdk");
      action.put(
          "use_stripe_sdk",
          Map.of("type", "three_d_secure_redirect", "source", "src_" + intent.id));
      return action;
    }
    String base = url == null ? "http://127.0.0.1/" : url.resolve("/").toString();
    Map<String, Object> redirect = new LinkedHashMap<>();
    redirect.put("return_url", intent.returnUrl);
    redirect.put(
        "url",
        base.substring(0, base.length() - 1) + StripeSimulator.AUTHENTICATE_PATH + intent.id);
    action.put("type", "redirect_to_url");
    action.put("redirect_to_url", redirect);
    return action;
  }

  /** The PaymentIntent's charge as Stripe shows it. */
  static Map<String, Object> chargeJson(StripePaymentIntent intent) {
    boolean captured = intent.status.equals("succeeded");
    Map<String, Object> charge = new LinkedHashMap<>();
    charge.put("id", intent.chargeId);
    charge.put("object", "charge");
    charge.put("amount", intent.amount);
    charge.put("amount_captured", intent.amountReceived);
    charge.put("amount_refunded", intent.amountRefunded);
    charge.put("captured", captured);
    charge.put("created", intent.created);
    charge.put("currency", intent.currency);
    charge.put("paid", "succeeded".equals(intent.chargeStatus));
    charge.put("payment_intent", intent.id);
    charge.put("payment_method", intent.paymentMethod);
    charge.put(
        "refunded", intent.amountReceived > 0 && intent.amountRefunded == intent.amountReceived);
    charge.put("status", intent.chargeStatus);
    return charge;
  }

  /** The {@code last_payment_error} of a declined confirmation. */
  static Map<String, Object> declineError(StripeTestCards.Decline decline, String paymentMethod) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", decline.code());
    error.put("decline_code", decline.declineCode());
    error.put("doc_url", "https://docs.stripe.com/error-codes/" + decline.code().replace('_', '-'));
    error.put("message", decline.message());
    error.put(
        "payment_method", Map.of("id", paymentMethod, "object", "payment_method", "type", "card"));
    error.put("type", "card_error");
    return error;
  }

  /** An empty test-mode balance: what {@code GET /v1/balance} answers an account with no funds. */
  static Map<String, Object> balanceJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "balance");
    body.put("available", List.of(Map.of("amount", 0, "currency", "eur")));
    body.put("livemode", false);
    body.put("pending", List.of(Map.of("amount", 0, "currency", "eur")));
    return body;
  }

  /** A dispute of the PaymentIntent's charge, as a {@code charge.dispute.*} event carries it. */
  static Map<String, Object> disputeJson(StripePaymentIntent intent, String id) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("id", id);
    object.put("object", "dispute");
    object.put("amount", intent.amountReceived);
    object.put("charge", intent.chargeId);
    object.put("currency", intent.currency);
    object.put("payment_intent", intent.id);
    object.put("reason", "fraudulent");
    object.put("status", "needs_response");
    return object;
  }
}
