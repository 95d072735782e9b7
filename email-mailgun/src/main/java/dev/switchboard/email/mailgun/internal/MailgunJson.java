package dev.switchboard.email.mailgun.internal;

import com.squareup.moshi.Json;
import java.math.BigDecimal;

/**
 * Mailgun's JSON bodies, as Moshi DTOs. Requests are multipart forms (built by {@link
 * MailgunMapper}), so only answers and webhook events are JSON here.
 *
 * <pre>{@code
 * POST /v3/mg.example.com/messages   (multipart/form-data)
 * 200  {"id": "<20240501120000.1.ABC@mg.example.com>", "message": "Queued. Thank you."}
 * 400  {"message": "'from' parameter is missing"}
 * }</pre>
 *
 * <p>Public because Moshi reads only public records; not for application code.
 */
public final class MailgunJson {
  private MailgunJson() {}

  /** The answer to an accepted message; {@code id} is the Message-Id in angle brackets. */
  public record SendResponse(String id, String message) {}

  /** Every JSON error body Mailgun sends. */
  public record ErrorBody(String message) {}

  /** The parts of a webhook's {@code event-data} the SDK reads; the rest stays in the raw JSON. */
  public record EventData(
      String id, String event, String severity, BigDecimal timestamp, EventMessage message) {}

  /** {@code event-data.message}. */
  public record EventMessage(EventHeaders headers) {}

  /** {@code event-data.message.headers}; the Message-Id comes without angle brackets. */
  public record EventHeaders(@Json(name = "message-id") String messageId) {}
}
