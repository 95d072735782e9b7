package dev.switchboard.payments.paypal.internal.webhook;

import com.squareup.moshi.JsonWriter;
import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.http.HttpExecutor;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Asks PayPal: {@code POST /v1/notifications/verify-webhook-signature} with the five headers, the
 * webhook id and the event. The event is spliced into the request as the exact bytes received: a
 * model round trip could reorder, drop or reformat fields, and PayPal checks the signature over the
 * bytes it is given.
 *
 * <p>{@code SUCCESS} verifies; {@code FAILURE} is a {@link Problem#SIGNATURE_MISMATCH}; every other
 * outcome (I/O, 5xx, 429, 401 after the one token refresh, an unreadable answer) is the taxonomy's
 * exception from the {@link HttpExecutor}, never a success.
 */
final class ApiSignatureCheck implements SignatureCheck {
  static final String OPERATION = "verify-webhook-signature";
  private static final MediaType JSON = MediaType.get("application/json");

  private final VerifySignatureApi api;
  private final HttpExecutor executor;
  private final WebhookMapper mapper;
  private final String webhookId;

  ApiSignatureCheck(
      VerifySignatureApi api, HttpExecutor executor, WebhookMapper mapper, String webhookId) {
    this.api = api;
    this.executor = executor;
    this.mapper = mapper;
    this.webhookId = webhookId;
  }

  @Override
  public void check(
      TransmissionHeaders headers,
      byte[] body,
      WebhookMapper.ParsedBody parsed,
      ErrorContext context) {
    if (!parsed.wellFormed()) {
      // Only one well-formed JSON object may be spliced into the request, or the body could add
      // fields of its own to it.
      throw new WebhookVerificationException(Problem.MALFORMED_BODY, parsed.problem(), context);
    }
    boolean verified =
        executor.execute(OPERATION, api.verify(requestBody(headers, body)), mapper::verified);
    if (!verified) {
      throw new WebhookVerificationException(
          Problem.SIGNATURE_MISMATCH,
          "PayPal's verify-webhook-signature answered FAILURE for transmission "
              + headers.transmissionId(),
          context);
    }
  }

  /** The request JSON, with the raw event bytes as the value of {@code webhook_event}. */
  RequestBody requestBody(TransmissionHeaders headers, byte[] event) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      writer.name("auth_algo").value(headers.authAlgo());
      writer.name("cert_url").value(headers.certUrl());
      writer.name("transmission_id").value(headers.transmissionId());
      writer.name("transmission_sig").value(headers.signature());
      writer.name("transmission_time").value(headers.transmissionTime());
      writer.name("webhook_id").value(webhookId);
      writer.name("webhook_event");
      try (BufferedSink sink = writer.valueSink()) {
        sink.write(event);
      }
      writer.endObject();
    } catch (IOException e) {
      throw new AssertionError("writing to a memory buffer failed", e);
    }
    return RequestBody.create(buffer.readByteString(), JSON);
  }
}
