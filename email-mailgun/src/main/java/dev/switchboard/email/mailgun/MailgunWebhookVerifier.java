package dev.switchboard.email.mailgun;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.email.mailgun.internal.MailgunMapper;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * Verifies Mailgun's webhooks and turns each into one neutral {@link WebhookEvent}.
 *
 * <p>Mailgun signs in the body, not in headers:
 *
 * <pre>{@code
 * {"signature": {"timestamp": "1714564800", "token": "<50 characters>", "signature": "<hex>"},
 *  "event-data": {"id": "...", "event": "delivered", "timestamp": 1714564800.123, ...}}
 * }</pre>
 *
 * A delivery is accepted when {@code signature} (or, for a subaccount, {@code parent-signature})
 * equals {@code hex(HMAC-SHA256(signingKey, timestamp + token))}, compared in constant time; when
 * the timestamp is within the tolerance of the clock, in either direction; and when the token was
 * not accepted before ({@link ReplayGuard}).
 *
 * <p><b>What the signature does not cover.</b> Mailgun signs only {@code timestamp + token}, never
 * {@code event-data}: a verified delivery proves that Mailgun issued that signature recently, not
 * that Mailgun wrote the event beside it. Anyone who sees one fresh signature can attach any event
 * to it until its token is used, which the replay guard allows once. Treat the event as a claim and
 * look up what matters through Mailgun before acting on it. Mailgun's Events API can be searched by
 * message id but not by event id, keeps events for days and is deprecated in favour of its Logs
 * API, so this verifier offers no confirmation by fetching.
 *
 * <pre>{@code
 * WebhookVerifier verifier = MailgunWebhookVerifier.builder()
 *     .signingKey(Secret.read(env, "MAILGUN_WEBHOOK_SIGNING_KEY", clock, Secret.DEFAULT_TTL))
 *     .build();
 * List<WebhookEvent> events = verifier.verify(request);   // one event per delivery
 * }</pre>
 *
 * <p>Defaults: provider {@code mailgun}; tolerance {@value #DEFAULT_TOLERANCE_MINUTES} minutes
 * (Mailgun warns that webhook delivery can be delayed, so the check should not be aggressive); the
 * UTC system clock; an in-memory {@link ReplayGuard} remembering tokens for twice the tolerance (a
 * timestamp may be early or late by the tolerance), at most 100,000 of them. Several instances
 * behind a load balancer should share a guard: pass one over a shared store.
 *
 * <p>Event types: {@code delivered} is {@code email.delivered}; {@code failed} with severity {@code
 * permanent} {@code email.bounced}, with {@code temporary} {@code email.deferred}; {@code rejected}
 * {@code email.dropped}; {@code opened}, {@code clicked}, {@code complained} and {@code
 * unsubscribed} the {@code email.*} of the same name; anything else {@code unknown}. The event's id
 * is {@code event-data.id}, its subject the Message-Id ({@code message.headers.message-id}, the id
 * the sender's {@code SendResult} carries), its time {@code event-data.timestamp}.
 *
 * <p>Problems: a body that is not a JSON object is {@link Problem#MALFORMED_BODY}; a missing {@code
 * signature} object or part is {@link Problem#MISSING_HEADER} (Mailgun's signature plays the part
 * of a header); a timestamp that is not Unix seconds or a signature that is not 64 hex digits is
 * {@link Problem#MALFORMED_HEADER}; then {@link Problem#SIGNATURE_MISMATCH}, {@link
 * Problem#TIMESTAMP_OUT_OF_TOLERANCE}, {@link Problem#MALFORMED_BODY} for a signed body without an
 * {@code event-data} object, then {@link Problem#REPLAYED} for a token already accepted or held by
 * a delivery being verified, and last {@link Problem#MALFORMED_BODY} for {@code event-data} that
 * cannot be read (id, event and timestamp). The token is claimed ({@link ReplayGuard#claim}) before
 * {@code event-data} is parsed, so a signature seen before never makes the verifier parse another
 * body, and it is completed only when the delivery is accepted: unreadable {@code event-data}
 * releases it, so only accepted deliveries use up a token.
 *
 * <p>Thread-safe.
 */
public final class MailgunWebhookVerifier implements WebhookVerifier {
  /** The default timestamp tolerance, in minutes. */
  public static final long DEFAULT_TOLERANCE_MINUTES = 15;

  /** The default timestamp tolerance. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(DEFAULT_TOLERANCE_MINUTES);

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final String provider;
  private final Secret signingKey;
  private final Duration tolerance;
  private final Clock clock;
  private final ReplayGuard replayGuard;
  private final MailgunMapper mapper;
  private final WebhookChecks checks;

  private MailgunWebhookVerifier(Builder b) {
    this.provider = b.provider;
    this.signingKey = b.signingKey;
    this.tolerance = b.tolerance;
    this.clock = b.clock;
    this.replayGuard =
        b.replayGuard != null
            ? b.replayGuard
            : ReplayGuard.inMemory(b.tolerance.multipliedBy(2), b.clock);
    this.mapper = MailgunMapper.forWebhooks(b.provider, b.clock);
    this.checks = WebhookChecks.of(b.provider, "verify");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * @throws WebhookVerificationException as described above
   * @throws NullPointerException if {@code request} is null
   */
  @Override
  public List<WebhookEvent> verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    Envelope envelope = parse(request.body());
    if (!envelope.hasSignature) {
      throw checks.failure(Problem.MISSING_HEADER, "the body has no signature object");
    }
    String timestamp = require("timestamp", envelope.timestamp);
    String token = require("token", envelope.token);
    String signature = require("signature", envelope.signature);
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw checks.failure(Problem.MALFORMED_HEADER, "signature.timestamp is not Unix seconds");
    }
    if (token.isBlank()) {
      throw checks.failure(Problem.MALFORMED_HEADER, "signature.token is blank");
    }
    if (!HEX_SHA256.matcher(signature).matches()) {
      throw checks.failure(Problem.MALFORMED_HEADER, "signature.signature is not 64 hex digits");
    }
    String key = signingKey.value();
    if (key == null || key.isEmpty()) {
      throw checks.failure(Problem.SIGNATURE_MISMATCH, "the configured signing key is empty");
    }
    byte[] expected =
        WebhookChecks.hmacSha256(
            key.getBytes(StandardCharsets.UTF_8),
            (timestamp + token).getBytes(StandardCharsets.UTF_8));
    List<byte[]> provided = new ArrayList<>();
    provided.add(HexFormat.of().parseHex(signature));
    if (envelope.parentSignature != null
        && HEX_SHA256.matcher(envelope.parentSignature).matches()) {
      provided.add(HexFormat.of().parseHex(envelope.parentSignature));
    }
    if (!WebhookChecks.anyEqual(List.of(expected), provided)) {
      throw checks.failure(
          Problem.SIGNATURE_MISMATCH, "the signature does not match the signing key");
    }
    checks.checkTimestamp(Long.parseLong(timestamp), clock, tolerance);
    if (envelope.eventData == null) {
      throw checks.failure(Problem.MALFORMED_BODY, "the body has no event-data object");
    }
    // The token is claimed before event-data is parsed, so that a signature seen before cannot
    // make this verifier parse any more bodies; it is used up only once the delivery is accepted.
    ReplayGuard.Sighting sighting = replayGuard.claim(token);
    if (sighting != ReplayGuard.Sighting.FIRST) {
      throw checks.failure(
          Problem.REPLAYED,
          sighting == ReplayGuard.Sighting.IN_PROGRESS
              ? "this signature token is held by a delivery still being verified"
              : "this signature token was already accepted once");
    }
    WebhookEvent event;
    try {
      event = mapper.toEvent(envelope.eventData, checks);
    } catch (JsonDataException e) {
      replayGuard.release(token);
      throw checks.failure(
          Problem.MALFORMED_BODY, "event-data cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      replayGuard.release(token);
      throw e;
    }
    replayGuard.complete(token);
    return List.of(event);
  }

  private String require(String part, String value) {
    if (value == null) {
      throw checks.failure(Problem.MISSING_HEADER, "signature." + part + " is missing");
    }
    return value;
  }

  /** The signature parts and the raw event-data of a body; throws MALFORMED_BODY if not JSON. */
  private Envelope parse(byte[] body) {
    Envelope envelope = new Envelope();
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw checks.failure(Problem.MALFORMED_BODY, "the body is not a JSON object");
      }
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.nextName()) {
          case "signature" -> readSignature(reader, envelope);
          case "event-data" -> {
            if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
              try (var source = reader.nextSource()) {
                envelope.eventData = source.readUtf8();
              }
            } else {
              reader.skipValue();
            }
          }
          default -> reader.skipValue();
        }
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw checks.failure(Problem.MALFORMED_BODY, "the body has data after its JSON object");
      }
    } catch (IOException | JsonDataException e) {
      throw checks.failure(
          Problem.MALFORMED_BODY, "the body is not valid JSON: " + e.getMessage(), e);
    }
    return envelope;
  }

  private static void readSignature(JsonReader reader, Envelope envelope) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return;
    }
    envelope.hasSignature = true;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      JsonReader.Token token = reader.peek();
      if (token != JsonReader.Token.STRING && token != JsonReader.Token.NUMBER) {
        // A part of the wrong type counts as missing.
        reader.skipValue();
        continue;
      }
      switch (name) {
        case "timestamp" -> envelope.timestamp = reader.nextString();
        case "token" -> envelope.token = reader.nextString();
        case "signature" -> envelope.signature = reader.nextString();
        case "parent-signature" -> envelope.parentSignature = reader.nextString();
        default -> reader.skipValue();
      }
    }
    reader.endObject();
  }

  /** Names the provider and the tolerance; never the signing key. */
  @Override
  public String toString() {
    return "MailgunWebhookVerifier{provider="
        + provider
        + ", signingKey="
        + signingKey
        + ", tolerance="
        + tolerance
        + ", replayGuard="
        + replayGuard
        + "}";
  }

  private static final class Envelope {
    boolean hasSignature;
    String timestamp;
    String token;
    String signature;
    String parentSignature;
    String eventData;
  }

  /** Builds a {@link MailgunWebhookVerifier}; the signing key is required. */
  public static final class Builder {
    private String provider = MailgunEmailSender.DEFAULT_PROVIDER;
    private Secret signingKey;
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private ReplayGuard replayGuard;

    private Builder() {}

    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /** The HTTP webhook signing key from Mailgun's control panel (not the API key). */
    public Builder signingKey(Secret signingKey) {
      Objects.requireNonNull(signingKey, "signingKey == null");
      this.signingKey = signingKey;
      return this;
    }

    /** A fixed signing key. */
    public Builder signingKey(String signingKey) {
      Objects.requireNonNull(signingKey, "signingKey == null");
      if (signingKey.isEmpty()) {
        throw InvalidRequestException.invalidField("signing-key", "signing-key must not be empty");
      }
      return signingKey(Secret.of(signingKey));
    }

    /** How far a signed timestamp may be from the clock, either way; positive. */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = WebhookChecks.requirePositiveTolerance(tolerance);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = WebhookChecks.requireClock(clock);
      return this;
    }

    /**
     * Where accepted tokens are remembered; share one store between instances. It must remember
     * tokens for at least twice the tolerance.
     */
    public Builder replayGuard(ReplayGuard replayGuard) {
      Objects.requireNonNull(replayGuard, "replayGuard == null");
      this.replayGuard = replayGuard;
      return this;
    }

    /**
     * @throws InvalidRequestException if the signing key is missing
     */
    public MailgunWebhookVerifier build() {
      if (signingKey == null) {
        throw new IllegalStateException("signing-key must be set");
      }
      return new MailgunWebhookVerifier(this);
    }
  }
}
