package dev.switchboard.payments.paypal.internal.webhook;

import java.time.Instant;

/**
 * The JSON of PayPal webhooks as far as the verifier reads it, with PayPal's own (snake case)
 * names. Unknown fields are ignored.
 *
 * <pre>{@code
 * {"id":"WH-2WR32451HC0233532-67976317FL4543714","event_version":"1.0",
 *  "create_time":"2024-05-01T12:00:00.123Z","resource_type":"capture",
 *  "event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"id":"42311647XV020574X",...}}
 * POST /v1/notifications/verify-webhook-signature  200  {"verification_status":"SUCCESS"}
 * }</pre>
 */
final class WebhookJson {
  private WebhookJson() {}

  /** One webhook event: the whole body of a delivery. */
  public record Event(String id, String event_type, Instant create_time, Resource resource) {}

  /**
   * The object the event is about. Most carry {@code id}; an approval reversal names the order in
   * {@code order_id} and a dispute its {@code dispute_id}.
   */
  public record Resource(String id, String order_id, String dispute_id) {}

  /** The answer of {@code POST /v1/notifications/verify-webhook-signature}. */
  public record VerifyResponse(String verification_status) {}

  /** PayPal's error body. */
  public record Error(String name, String message, String debug_id) {}
}
