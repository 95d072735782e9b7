package dev.switchboard.payments.stripe.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.ToJson;
import java.io.IOException;
import java.util.Map;

/**
 * The parts of Stripe's JSON the adapter reads. Every field is optional to Moshi (boxed, nullable)
 * so that the {@link StripeMapper} decides what is required and reports a missing one as a typed
 * error; fields Stripe adds later are ignored.
 */
public final class StripeJson {
  private StripeJson() {}

  /** A PaymentIntent; {@code latest_charge} is expanded when the request asked for it. */
  public record PaymentIntent(
      String id,
      Long amount,
      @Json(name = "amount_received") Long amountReceived,
      @Json(name = "capture_method") String captureMethod,
      String currency,
      String status,
      Long created,
      Map<String, String> metadata,
      @Json(name = "next_action") NextAction nextAction,
      @Json(name = "last_payment_error") PaymentError lastPaymentError,
      @Json(name = "latest_charge") ExpandableCharge latestCharge) {}

  /** What the buyer must do for a {@code requires_action} PaymentIntent. */
  public record NextAction(
      String type, @Json(name = "redirect_to_url") RedirectToUrl redirectToUrl) {}

  /** A {@code redirect_to_url} next action. */
  public record RedirectToUrl(String url) {}

  /** A charge, as expanded in {@code latest_charge}. */
  public record Charge(
      String id,
      @Json(name = "amount_captured") Long amountCaptured,
      @Json(name = "amount_refunded") Long amountRefunded,
      String status) {}

  /** {@code latest_charge}: an id, or the charge itself when expanded. */
  public record ExpandableCharge(String id, Charge charge) {}

  /** A refund. */
  public record Refund(
      String id,
      Long amount,
      String currency,
      String status,
      @Json(name = "payment_intent") String paymentIntent,
      Long created,
      String reason,
      Map<String, String> metadata) {}

  /** Every error response: {@code {"error": {...}}}. */
  public record ErrorEnvelope(PaymentError error) {}

  /**
   * A Stripe error, also used for a PaymentIntent's {@code last_payment_error}. {@code
   * payment_intent} is present on card errors of a confirmation.
   */
  public record PaymentError(
      String type,
      String code,
      @Json(name = "decline_code") String declineCode,
      String message,
      String param,
      @Json(name = "payment_intent") PaymentIntent paymentIntent) {}

  /** A webhook event; {@code data.object} is kept loose, it may be any Stripe object. */
  public record Event(String id, String type, Long created, EventData data) {}

  /** An event's {@code data}. */
  public record EventData(Map<String, Object> object) {}

  /** Reads {@code latest_charge} whether Stripe sent an id or an expanded object. */
  static final class ExpandableChargeAdapter {
    @FromJson
    ExpandableCharge fromJson(JsonReader reader, JsonAdapter<Charge> charges) throws IOException {
      if (reader.peek() == JsonReader.Token.NULL) {
        return reader.nextNull();
      }
      if (reader.peek() == JsonReader.Token.STRING) {
        return new ExpandableCharge(reader.nextString(), null);
      }
      Charge charge = charges.fromJson(reader);
      return charge == null ? null : new ExpandableCharge(charge.id(), charge);
    }

    @ToJson
    void toJson(JsonWriter writer, ExpandableCharge value, JsonAdapter<Charge> charges)
        throws IOException {
      if (value == null) {
        writer.nullValue();
      } else if (value.charge() == null) {
        writer.value(value.id());
      } else {
        charges.toJson(writer, value.charge());
      }
    }
  }
}
