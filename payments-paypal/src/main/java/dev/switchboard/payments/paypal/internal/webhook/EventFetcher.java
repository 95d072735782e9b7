package dev.switchboard.payments.paypal.internal.webhook;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.ErrorContext;
import dev.switchboard.SwitchboardException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.http.HttpExecutor;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Confirms a delivery by fetching PayPal's own copy of its event: {@code GET
 * /v1/notifications/webhooks-events/{event_id}} with the app's bearer token. The offline signature
 * covers only a CRC-32 of the body, which anyone can keep while changing the body, so the copy
 * PayPal serves, not the delivered body, becomes the event.
 *
 * <p>Every failure to get that copy, whether PayPal answers 404, 5xx or 429, the connection fails,
 * or the answer is not the event asked for, is {@link Problem#UNCONFIRMED}: an unconfirmed delivery
 * is never verified.
 */
final class EventFetcher {
  static final String OPERATION = "show-webhook-event";

  /**
   * Event ids as PayPal issues them ({@code WH-2WR32451HC0233532-67976317FL4543714}). PayPal's
   * OpenAPI pattern for the path says letters and digits only, but its own ids hold hyphens.
   */
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9-]{1,50}");

  private final WebhookEventsApi api;
  private final HttpExecutor executor;
  private final WebhookMapper mapper;

  EventFetcher(WebhookEventsApi api, HttpExecutor executor, WebhookMapper mapper) {
    this.api = api;
    this.executor = executor;
    this.mapper = mapper;
  }

  /** PayPal's copy of the event with this id, parsed and with its raw bytes. */
  Copy fetch(String eventId, ErrorContext context) {
    if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
      throw unconfirmed("the delivered event id is not a PayPal event id", context, null);
    }
    byte[] raw;
    try {
      raw = executor.execute(OPERATION, api.event(eventId), EventFetcher::bytes);
    } catch (SwitchboardException e) {
      throw unconfirmed(
          "PayPal's copy of event " + eventId + " could not be fetched: " + e.getMessage(),
          context,
          e);
    }
    WebhookMapper.ParsedBody parsed = mapper.parse(raw);
    if (!parsed.wellFormed()) {
      throw unconfirmed(
          "PayPal's copy of event " + eventId + " is unreadable: " + parsed.problem(),
          context,
          null);
    }
    if (!eventId.equals(parsed.event().id())) {
      throw unconfirmed(
          "PayPal answered with event " + parsed.event().id() + " for event " + eventId,
          context,
          null);
    }
    return new Copy(parsed, raw);
  }

  /**
   * The copy of an event that becomes the {@code WebhookEvent}.
   *
   * @param parsed the copy read as PayPal's event JSON
   * @param raw its bytes, kept as the event's raw JSON
   */
  record Copy(WebhookMapper.ParsedBody parsed, byte[] raw) {}

  private static byte[] bytes(okhttp3.ResponseBody body) {
    try (body) {
      return body.bytes();
    } catch (IOException e) {
      // Retrofit buffered the body already; should reading it fail, the answer is unreadable.
      throw new JsonDataException("the answer could not be read: " + e.getMessage());
    }
  }

  private static WebhookVerificationException unconfirmed(
      String reason, ErrorContext context, Throwable cause) {
    return new WebhookVerificationException(Problem.UNCONFIRMED, reason, context, cause);
  }
}
