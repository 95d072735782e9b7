package dev.switchboard.email.sendgrid;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;

/**
 * Verifies SendGrid's signed Event Webhook and turns each event of the batch into a {@link
 * WebhookEvent}.
 *
 * <pre>{@code
 * WebhookVerifier verifier = SendGridWebhookVerifier.builder()
 *     .publicKey(System.getenv("SENDGRID_WEBHOOK_KEY"))   // the "Verification Key", base64 DER
 *     .replayGuard(ReplayGuard.inMemory(Duration.ofMinutes(10), Clock.systemUTC()))
 *     .build();
 * List<WebhookEvent> events = verifier.verify(request);    // every event of the batch, in order
 * }</pre>
 *
 * <p>SendGrid signs the bytes of the {@code X-Twilio-Email-Event-Webhook-Timestamp} header followed
 * directly by the raw body with ECDSA over P-256 and SHA-256, and sends the DER signature
 * base64-encoded in {@code X-Twilio-Email-Event-Webhook-Signature}. The key is the account's
 * verification key: base64 of an X.509 SubjectPublicKeyInfo (a PEM {@code BEGIN PUBLIC KEY} block
 * is accepted too). The signature is checked first, then the timestamp against the clock, in both
 * directions, then (with a {@link ReplayGuard}) each event's {@code sg_event_id}: a delivery
 * holding an id already seen is {@link Problem#REPLAYED}.
 *
 * <p>Defaults: provider {@code sendgrid}; tolerance 5 minutes (SendGrid documents none); the UTC
 * system clock; no replay guard. Keep a replay guard's window at least twice the tolerance.
 *
 * <p>Event types: {@code delivered}, {@code bounce}, {@code deferred}, {@code dropped}, {@code
 * open}, {@code click}, {@code spamreport}, {@code unsubscribe} and {@code group_unsubscribe} map
 * to the {@code email.*} types of {@link WebhookEventTypes}; the others ({@code processed}, {@code
 * group_resubscribe}, ...) are {@link WebhookEventTypes#UNKNOWN}. The event id is {@code
 * sg_event_id}, the time is {@code timestamp}, the subject is {@code sg_message_id} without its
 * {@code .filter...} suffix, which is the {@code X-Message-Id} the send returned. Thread-safe.
 */
public final class SendGridWebhookVerifier implements WebhookVerifier {
  /** The header with the base64 DER ECDSA signature. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";

  /** The header with the Unix time, in seconds, that is signed before the body. */
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  /** How far the signed timestamp may stray from the clock by default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final Map<String, String> TYPES =
      Map.of(
          "delivered", WebhookEventTypes.EMAIL_DELIVERED,
          "bounce", WebhookEventTypes.EMAIL_BOUNCED,
          "deferred", WebhookEventTypes.EMAIL_DEFERRED,
          "dropped", WebhookEventTypes.EMAIL_DROPPED,
          "open", WebhookEventTypes.EMAIL_OPENED,
          "click", WebhookEventTypes.EMAIL_CLICKED,
          "spamreport", WebhookEventTypes.EMAIL_COMPLAINED,
          "unsubscribe", WebhookEventTypes.EMAIL_UNSUBSCRIBED,
          "group_unsubscribe", WebhookEventTypes.EMAIL_UNSUBSCRIBED);

  private final String provider;
  private final PublicKey key;
  private final Duration tolerance;
  private final Clock clock;
  private final ReplayGuard replayGuard;
  private final JsonAdapter<Map<String, Object>> events;
  private final WebhookChecks checks;

  private SendGridWebhookVerifier(Builder b) {
    this.provider = b.provider;
    this.key = b.key;
    this.tolerance = b.tolerance;
    this.clock = b.clock;
    this.replayGuard = b.replayGuard;
    this.events =
        new Moshi.Builder()
            .build()
            .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
    this.checks = WebhookChecks.of(b.provider, "verify");
  }

  /** A builder; the public key is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * @throws WebhookVerificationException with {@link Problem#MISSING_HEADER} or {@link
   *     Problem#MALFORMED_HEADER} for the two headers, {@link Problem#SIGNATURE_MISMATCH}, {@link
   *     Problem#TIMESTAMP_OUT_OF_TOLERANCE}, {@link Problem#MALFORMED_BODY} (not a JSON array of
   *     events, or an event without {@code event}, {@code sg_event_id} or {@code timestamp}), or
   *     {@link Problem#REPLAYED}
   */
  @Override
  public List<WebhookEvent> verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    String signature = checks.requireHeader(request, SIGNATURE_HEADER);
    String timestamp = checks.requireHeader(request, TIMESTAMP_HEADER);
    long seconds = seconds(timestamp);
    byte[] der = signatureBytes(signature);
    byte[] body = request.body();
    if (!signed(timestamp, body, der)) {
      throw checks.failure(
          Problem.SIGNATURE_MISMATCH, "the signature does not match the body and timestamp");
    }
    checks.checkTimestamp(seconds, clock, tolerance);
    List<WebhookEvent> parsed = parse(body);
    for (int i = 0; i < parsed.size(); i++) {
      if (!replayGuard.firstSight(parsed.get(i).id())) {
        throw checks.failure(
            Problem.REPLAYED,
            "event [" + i + "] (sg_event_id " + parsed.get(i).id() + ") seen before");
      }
    }
    return parsed;
  }

  private long seconds(String timestamp) {
    try {
      return Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw checks.failure(Problem.MALFORMED_HEADER, TIMESTAMP_HEADER + " is not Unix seconds");
    }
  }

  private byte[] signatureBytes(String signature) {
    try {
      return Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw checks.failure(Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " is not base64");
    }
  }

  private boolean signed(String timestamp, byte[] body, byte[] der) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      return ecdsa.verify(der);
    } catch (SignatureException e) {
      throw checks.failure(
          Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " is not a DER ECDSA signature");
    } catch (GeneralSecurityException e) {
      // SHA256withECDSA is in every JDK, and the key was checked when the verifier was built.
      throw checks.failure(Problem.SIGNATURE_MISMATCH, "the signature could not be checked: " + e);
    }
  }

  private List<WebhookEvent> parse(byte[] body) {
    List<WebhookEvent> parsed = new ArrayList<>();
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
        throw checks.failure(Problem.MALFORMED_BODY, "the body is not a JSON array of events");
      }
      reader.beginArray();
      while (reader.hasNext()) {
        String raw;
        try (okio.BufferedSource source = reader.nextSource()) {
          raw = source.readUtf8();
        }
        parsed.add(event(parsed.size(), raw));
      }
      reader.endArray();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw checks.failure(Problem.MALFORMED_BODY, "the body holds more than one JSON value");
      }
    } catch (IOException | JsonDataException e) {
      throw checks.failure(Problem.MALFORMED_BODY, "the body is not valid JSON: " + e.getMessage());
    }
    return parsed;
  }

  private WebhookEvent event(int index, String raw) throws IOException {
    Object value = events.fromJson(raw);
    if (!(value instanceof Map<?, ?> event)) {
      throw checks.failure(Problem.MALFORMED_BODY, "event [" + index + "] is not a JSON object");
    }
    String type = string(event, "event", index);
    String id = string(event, "sg_event_id", index);
    if (!(event.get("timestamp") instanceof Number time)) {
      throw checks.failure(
          Problem.MALFORMED_BODY, "event [" + index + "] has no numeric timestamp");
    }
    Instant occurredAt = checks.epochSeconds("event [" + index + "] timestamp", time);
    Object messageId = event.get("sg_message_id");
    return new WebhookEvent(
        id,
        provider,
        TYPES.getOrDefault(type, WebhookEventTypes.UNKNOWN),
        type,
        occurredAt,
        messageId instanceof String s && !s.isBlank() ? messageIdOf(s) : null,
        raw);
  }

  /** {@code sg_message_id} without the {@code .filter...} suffix: the send's X-Message-Id. */
  static String messageIdOf(String sgMessageId) {
    int filter = sgMessageId.indexOf(".filter");
    return filter > 0 ? sgMessageId.substring(0, filter) : sgMessageId;
  }

  private String string(Map<?, ?> event, String name, int index) {
    if (event.get(name) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw checks.failure(Problem.MALFORMED_BODY, "event [" + index + "] has no " + name);
  }

  /** Names the provider and the tolerance; the key is public, but long, so it is left out. */
  @Override
  public String toString() {
    return "SendGridWebhookVerifier{provider=" + provider + ", tolerance=" + tolerance + "}";
  }

  /** Builds a {@link SendGridWebhookVerifier}; the public key is required. */
  public static final class Builder {
    private String provider = "sendgrid";
    private PublicKey key;
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private ReplayGuard replayGuard = ReplayGuard.none();

    private Builder() {}

    /** The provider's name in events and errors (default {@code sendgrid}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /**
     * The Event Webhook's verification key: base64 DER (X.509 SubjectPublicKeyInfo) of a P-256 key,
     * as SendGrid shows it, or the same in a PEM {@code PUBLIC KEY} block.
     *
     * @throws InvalidRequestException (field {@code public-key}) if it is not such a key
     */
    public Builder publicKey(String base64) {
      Objects.requireNonNull(base64, "base64 == null");
      if (base64.isBlank()) {
        throw InvalidRequestException.invalidField("public-key", "public-key is blank");
      }
      String der =
          base64
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      PublicKey parsed;
      try {
        parsed =
            KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        throw InvalidRequestException.invalidField(
            "public-key", "public-key is not a base64 DER EC public key: " + e.getMessage());
      }
      if (!(parsed instanceof ECPublicKey ec)
          || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw InvalidRequestException.invalidField(
            "public-key", "public-key is not a P-256 key, which SendGrid signs with");
      }
      this.key = parsed;
      return this;
    }

    /** How far the signed timestamp may be from now, either way (default 5 minutes). */
    public Builder tolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance == null");
      if (tolerance.isNegative()) {
        throw InvalidRequestException.invalidField(
            "tolerance", "tolerance must be zero or positive, was " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = WebhookChecks.requireClock(clock);
      return this;
    }

    /** Refuses a delivery whose {@code sg_event_id}s were seen before (default: none kept). */
    public Builder replayGuard(ReplayGuard replayGuard) {
      Objects.requireNonNull(replayGuard, "replayGuard == null");
      this.replayGuard = replayGuard;
      return this;
    }

    /**
     * @throws InvalidRequestException (field {@code public-key}) if no key was given
     */
    public SendGridWebhookVerifier build() {
      if (key == null) {
        throw new IllegalStateException("public-key must be set");
      }
      return new SendGridWebhookVerifier(this);
    }
  }
}
