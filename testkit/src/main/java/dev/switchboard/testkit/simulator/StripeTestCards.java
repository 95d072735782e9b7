package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.StripeSimulator.PM_AUTHENTICATION_REQUIRED;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_DECLINED;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_EXPIRED_CARD;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_FRAUDULENT;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_INCORRECT_CVC;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_INSUFFICIENT_FUNDS;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_LOST_CARD;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_PROCESSING_ERROR;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_STOLEN_CARD;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_SUCCEEDS;
import static dev.switchboard.testkit.simulator.StripeSimulator.PM_VELOCITY_LIMIT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What each of Stripe's test PaymentMethods does when a PaymentIntent is confirmed with it:
 * succeeds, requires 3-D Secure, or declines with Stripe's code, decline code and message.
 */
final class StripeTestCards {
  private StripeTestCards() {}

  /** A decline as Stripe reports it. */
  record Decline(String code, String declineCode, String message) {}

  private static final Set<String> SUCCEEDING =
      Set.of(PM_SUCCEEDS, "pm_card_mastercard", "pm_card_amex");
  private static final Set<String> REQUIRING_ACTION =
      Set.of(PM_AUTHENTICATION_REQUIRED, "pm_card_threeDSecure2Required");
  private static final Map<String, Decline> DECLINES = declines();

  /** Whether Stripe knows this PaymentMethod (any other is a 400 {@code resource_missing}). */
  static boolean known(String paymentMethod) {
    return SUCCEEDING.contains(paymentMethod)
        || REQUIRING_ACTION.contains(paymentMethod)
        || DECLINES.containsKey(paymentMethod);
  }

  /** Whether confirming with it stops at {@code requires_action}. */
  static boolean requiresAction(String paymentMethod) {
    return REQUIRING_ACTION.contains(paymentMethod);
  }

  /** The decline confirming with it meets, or null if it does not decline. */
  static Decline decline(String paymentMethod) {
    return paymentMethod == null ? null : DECLINES.get(paymentMethod);
  }

  private static Map<String, Decline> declines() {
    Map<String, Decline> d = new LinkedHashMap<>();
    Decline generic = new Decline("card_declined", "generic_decline", "Your card was declined.");
    d.put(PM_DECLINED, generic);
    d.put("pm_card_chargeDeclined", generic);
    Decline funds =
        new Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.");
    d.put(PM_INSUFFICIENT_FUNDS, funds);
    d.put("pm_card_chargeDeclinedInsufficientFunds", funds);
    d.put(PM_EXPIRED_CARD, new Decline("expired_card", "expired_card", "Your card has expired."));
    d.put(
        PM_INCORRECT_CVC,
        new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."));
    d.put(PM_LOST_CARD, new Decline("card_declined", "lost_card", "Your card was declined."));
    d.put(PM_STOLEN_CARD, new Decline("card_declined", "stolen_card", "Your card was declined."));
    d.put(PM_FRAUDULENT, new Decline("card_declined", "fraudulent", "Your card was declined."));
    d.put(
        PM_PROCESSING_ERROR,
        new Decline(
            "processing_error",
            "processing_error",
            "An error occurred while processing your card. Try again in a little bit."));
    d.put(
        PM_VELOCITY_LIMIT,
        new Decline("card_declined", "card_velocity_exceeded", "Your card was declined."));
    return Map.copyOf(d);
  }
}
