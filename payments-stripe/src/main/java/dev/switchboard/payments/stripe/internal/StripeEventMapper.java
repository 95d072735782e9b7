package dev.switchboard.payments.stripe.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import java.io.IOException;

/**
 * Turns the body of a verified Stripe webhook into a neutral {@link WebhookEvent}: the one place
 * Stripe's event vocabulary meets the SDK's.
 */
public final class StripeEventMapper {
  private final String provider;
  private final JsonAdapter<StripeJson.Event> events;

  private StripeEventMapper(String provider, JsonAdapter<StripeJson.Event> events) {
    this.provider = provider;
    this.events = events;
  }

  /** A mapper whose events name this provider. */
  public static StripeEventMapper create(String provider) {
    return new StripeEventMapper(provider, StripeModule.moshi().adapter(StripeJson.Event.class));
  }

  /**
   * The event a verified webhook body holds.
   *
   * @throws JsonDataException if the body is not a Stripe event
   * @throws IOException if the body is not JSON
   * @throws dev.switchboard.WebhookVerificationException {@code MALFORMED_BODY} from {@code checks}
   *     if {@code created} is beyond the range of any clock
   */
  public WebhookEvent toEvent(String rawJson, WebhookChecks checks) throws IOException {
    StripeJson.Event event = events.fromJson(rawJson);
    if (event == null) {
      throw new JsonDataException("the body is not a Stripe event");
    }
    String id = require(event.id(), "event", "id");
    String type = require(event.type(), id, "type");
    Long created = require(event.created(), id, "created");
    return new WebhookEvent(
        id,
        provider,
        eventType(type),
        type,
        checks.epochSeconds("event " + id + " created", created),
        subject(event.data()),
        rawJson);
  }

  /** The neutral type of a Stripe event type; {@code unknown} for the ones the SDK does not map. */
  static String eventType(String type) {
    return switch (type) {
      case "payment_intent.succeeded" -> WebhookEventTypes.PAYMENT_SUCCEEDED;
      case "payment_intent.payment_failed" -> WebhookEventTypes.PAYMENT_FAILED;
      case "payment_intent.amount_capturable_updated" -> WebhookEventTypes.PAYMENT_AUTHORIZED;
      case "payment_intent.requires_action" -> WebhookEventTypes.PAYMENT_REQUIRES_ACTION;
      case "payment_intent.canceled" -> WebhookEventTypes.PAYMENT_CANCELED;
      case "charge.refunded" -> WebhookEventTypes.PAYMENT_REFUNDED;
      case "charge.dispute.created" -> WebhookEventTypes.PAYMENT_DISPUTED;
      default -> WebhookEventTypes.UNKNOWN;
    };
  }

  /**
   * The payment the event is about: the object's {@code payment_intent} when it names one (charges,
   * refunds, disputes), since that is the id the gateway's payments carry; else the object's id.
   */
  private static String subject(StripeJson.EventData data) {
    if (data == null || data.object() == null) {
      return null;
    }
    Object paymentIntent = data.object().get("payment_intent");
    if (paymentIntent instanceof String id && !id.isBlank()) {
      return id;
    }
    Object id = data.object().get("id");
    return id instanceof String s && !s.isBlank() ? s : null;
  }

  private static <T> T require(T value, String id, String field) {
    if (value == null) {
      throw new JsonDataException("Stripe object " + id + " has no " + field);
    }
    return value;
  }
}
