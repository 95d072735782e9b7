package dev.switchboard.payments.paypal.internal.webhook;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okio.Buffer;

/**
 * The one place PayPal's webhook vocabulary meets the SDK's: a delivery's body becomes a neutral
 * {@link WebhookEvent}, the verify API's answer becomes verified or not, and PayPal's error answers
 * get their {@code name} and {@code debug_id} before the shared mapper picks the exception.
 *
 * <table>
 *   <caption>PayPal event type to neutral type</caption>
 *   <tr><th>PayPal</th><th>neutral</th></tr>
 *   <tr><td>PAYMENT.CAPTURE.COMPLETED</td><td>payment.succeeded</td></tr>
 *   <tr><td>PAYMENT.CAPTURE.DENIED, PAYMENT.CAPTURE.DECLINED</td><td>payment.failed</td></tr>
 *   <tr><td>PAYMENT.AUTHORIZATION.CREATED, CHECKOUT.ORDER.APPROVED</td>
 *       <td>payment.authorized</td></tr>
 *   <tr><td>PAYMENT.AUTHORIZATION.VOIDED, CHECKOUT.PAYMENT-APPROVAL.REVERSED</td>
 *       <td>payment.canceled</td></tr>
 *   <tr><td>PAYMENT.CAPTURE.REFUNDED</td><td>payment.refunded</td></tr>
 *   <tr><td>CUSTOMER.DISPUTE.CREATED</td><td>payment.disputed</td></tr>
 *   <tr><td>any other</td><td>unknown</td></tr>
 * </table>
 */
final class WebhookMapper {
  static final Map<String, String> TYPES =
      Map.of(
          "PAYMENT.CAPTURE.COMPLETED", WebhookEventTypes.PAYMENT_SUCCEEDED,
          "PAYMENT.CAPTURE.DENIED", WebhookEventTypes.PAYMENT_FAILED,
          "PAYMENT.CAPTURE.DECLINED", WebhookEventTypes.PAYMENT_FAILED,
          "PAYMENT.AUTHORIZATION.CREATED", WebhookEventTypes.PAYMENT_AUTHORIZED,
          // The buyer approved the order; like an authorization, it now waits for the capture.
          "CHECKOUT.ORDER.APPROVED", WebhookEventTypes.PAYMENT_AUTHORIZED,
          "PAYMENT.AUTHORIZATION.VOIDED", WebhookEventTypes.PAYMENT_CANCELED,
          // PayPal canceled an approved order that was not captured in time and refunded the buyer.
          "CHECKOUT.PAYMENT-APPROVAL.REVERSED", WebhookEventTypes.PAYMENT_CANCELED,
          "PAYMENT.CAPTURE.REFUNDED", WebhookEventTypes.PAYMENT_REFUNDED,
          "CUSTOMER.DISPUTE.CREATED", WebhookEventTypes.PAYMENT_DISPUTED);

  private final String provider;
  private final JsonAdapter<WebhookJson.Event> events;
  private final JsonAdapter<WebhookJson.Error> errors;

  WebhookMapper(String provider, Moshi moshi) {
    this.provider = provider;
    this.events = moshi.adapter(WebhookJson.Event.class);
    this.errors = moshi.adapter(WebhookJson.Error.class);
  }

  /**
   * A delivery's body read as one JSON object.
   *
   * @param event the event, when the body is one well-formed JSON object of the right shape
   * @param problem why it is not, else null
   */
  record ParsedBody(WebhookJson.Event event, String problem) {
    boolean wellFormed() {
      return problem == null;
    }
  }

  /** Reads the body as strict UTF-8 JSON: exactly one object, nothing after it. Never throws. */
  ParsedBody parse(byte[] body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      return new ParsedBody(null, "the body is not UTF-8");
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return new ParsedBody(null, "the body is not a JSON object");
      }
      WebhookJson.Event event = events.fromJson(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return new ParsedBody(null, "the body holds more than one JSON value");
      }
      return new ParsedBody(event, null);
    } catch (IOException | JsonDataException e) {
      return new ParsedBody(null, "the body is not PayPal's event JSON: " + e.getMessage());
    }
  }

  /**
   * The neutral event of a verified delivery.
   *
   * @throws WebhookVerificationException {@code MALFORMED_BODY} if the body is not a PayPal event
   *     with an id, an event type and a create time
   */
  WebhookEvent toEvent(ParsedBody parsed, byte[] body, ErrorContext context) {
    if (!parsed.wellFormed()) {
      throw new WebhookVerificationException(Problem.MALFORMED_BODY, parsed.problem(), context);
    }
    WebhookJson.Event event = parsed.event();
    if (isBlank(event.id()) || isBlank(event.event_type()) || event.create_time() == null) {
      throw new WebhookVerificationException(
          Problem.MALFORMED_BODY, "the event needs id, event_type and create_time", context);
    }
    return new WebhookEvent(
        event.id(),
        provider,
        TYPES.getOrDefault(event.event_type(), WebhookEventTypes.UNKNOWN),
        event.event_type(),
        event.create_time(),
        subjectId(event.resource()),
        new String(body, StandardCharsets.UTF_8));
  }

  private static String subjectId(WebhookJson.Resource resource) {
    if (resource == null) {
      return null;
    }
    for (String id : new String[] {resource.id(), resource.order_id(), resource.dispute_id()}) {
      if (!isBlank(id)) {
        return id;
      }
    }
    return null;
  }

  /**
   * Whether PayPal's verify API said the signature is PayPal's.
   *
   * @throws JsonDataException for an answer without a known status, which the executor reports as
   *     an unparseable success body: never verified
   */
  boolean verified(WebhookJson.VerifyResponse answer) {
    String status = answer.verification_status();
    if ("SUCCESS".equals(status)) {
      return true;
    }
    if ("FAILURE".equals(status)) {
      return false;
    }
    throw new JsonDataException("unknown verification_status " + status);
  }

  /**
   * PayPal's errors: its {@code name} as the vendor code and {@code debug_id} as the request id,
   * then the shared mapping by status.
   */
  ErrorMapper apiErrors(ErrorMapper fallback) {
    return failure -> fallback.map(withVendorDetails(failure));
  }

  /**
   * Errors of a certificate download: a 4xx other than 429 means the URL names no certificate, so
   * the delivery cannot be PayPal's; anything else is left to the shared mapping (a 5xx leaves the
   * delivery unverified, not refused).
   */
  ErrorMapper certificateErrors(ErrorMapper fallback) {
    return failure -> {
      int status = failure.status();
      if (status >= 400 && status < 500 && status != 429) {
        return new WebhookVerificationException(
            Problem.SIGNATURE_MISMATCH,
            "the signing certificate could not be fetched: HTTP " + status,
            failure.context());
      }
      return fallback.map(failure);
    };
  }

  private HttpFailure withVendorDetails(HttpFailure failure) {
    WebhookJson.Error error = parseError(failure.body());
    if (error == null) {
      return failure;
    }
    ErrorContext.Builder context = failure.context().toBuilder().vendorCode(error.name());
    if (failure.context().vendorRequestId().isEmpty() && error.debug_id() != null) {
      context.vendorRequestId(error.debug_id());
    }
    HttpFailure.Builder copy =
        HttpFailure.builder()
            .status(failure.status())
            .headers(failure.headers())
            .body(failure.body())
            .bodyTruncated(failure.bodyTruncated())
            .context(context.build());
    failure.requestId().ifPresent(copy::requestId);
    return copy.build();
  }

  private WebhookJson.Error parseError(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      return errors.fromJson(body);
    } catch (IOException | JsonDataException e) {
      // Not PayPal's error format (a proxy's page, say): the status alone decides.
      return null;
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
