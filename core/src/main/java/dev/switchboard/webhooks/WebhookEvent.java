package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One verified event from a provider's webhook, in neutral terms, with the vendor's own words kept.
 *
 * <p>{@link #type()} is one of the neutral types in {@link WebhookEventTypes}, such as {@code
 * payment.succeeded} or {@code email.bounced}, or {@link WebhookEventTypes#UNKNOWN} for vendor
 * events the SDK does not map; {@link #vendorType()} is the vendor's name for it and {@link
 * #rawJson()} the event as the vendor sent it, for the fields the neutral view leaves out.
 *
 * @param id the vendor's event id, stable across redeliveries: use it to process each event once
 * @param provider the provider's name
 * @param type the neutral type
 * @param vendorType the vendor's own event type, such as {@code payment_intent.succeeded}
 * @param occurredAt when the vendor says the event happened
 * @param subjectId the id of the object the event is about (a payment, a message), or null
 * @param rawJson the event's JSON as the vendor sent it
 */
public record WebhookEvent(
    String id,
    String provider,
    String type,
    String vendorType,
    Instant occurredAt,
    String subjectId,
    String rawJson) {

  public WebhookEvent {
    require("id", id);
    require("provider", provider);
    require("type", type);
    require("vendorType", vendorType);
    require("rawJson", rawJson);
    Objects.requireNonNull(occurredAt, "occurredAt == null");
  }

  private static void require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.invalidField(field, field + " is blank");
    }
  }

  /** The id of the payment, message or object the event is about, when the event names one. */
  public Optional<String> subject() {
    return Optional.ofNullable(subjectId);
  }

  /** Whether the SDK recognised the vendor's type ({@link #type()} is not {@code unknown}). */
  public boolean isKnownType() {
    return !WebhookEventTypes.UNKNOWN.equals(type);
  }

  /** Names the event; leaves the raw JSON out, which may hold personal data. */
  @Override
  public String toString() {
    return "WebhookEvent{id="
        + id
        + ", provider="
        + provider
        + ", type="
        + type
        + ", vendorType="
        + vendorType
        + ", occurredAt="
        + occurredAt
        + (subjectId == null ? "" : ", subject=" + subjectId)
        + "}";
  }
}
