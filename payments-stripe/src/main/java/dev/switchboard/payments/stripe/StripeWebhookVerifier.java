package dev.switchboard.payments.stripe;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.stripe.internal.StripeEventMapper;
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

/**
 * Verifies Stripe webhook deliveries: the {@code Stripe-Signature} header ({@code t=<unix
 * seconds>,v1=<hex>,v1=<hex>...}) must hold a {@code v1} equal to HMAC-SHA256 of {@code t + "." +
 * rawBody} under one of the endpoint secrets ({@code whsec_...}), compared in constant time, and
 * {@code t} must lie within the tolerance of the clock's now, in either direction.
 *
 * <pre>{@code
 * WebhookVerifier verifier = StripeWebhookVerifier.builder()
 *     .secret(Secret.of(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *     .secret("whsec_previous")                 // during a secret roll, both verify
 *     .build();
 * List<WebhookEvent> events = verifier.verify(request); // one event per delivery
 * }</pre>
 *
 * <p>Several {@code v1} values (Stripe signs with every active secret while one is rolled) and
 * several configured secrets are all tried; other schemes such as {@code v0} are ignored. The
 * signature is checked over the raw bytes, before the body is parsed.
 *
 * <p>Events map to neutral types: {@code payment_intent.succeeded} to {@code payment.succeeded},
 * {@code payment_intent.payment_failed} to {@code payment.failed}, {@code
 * payment_intent.amount_capturable_updated} to {@code payment.authorized}, {@code
 * payment_intent.requires_action} to {@code payment.requires_action}, {@code
 * payment_intent.canceled} to {@code payment.canceled}, {@code charge.refunded} to {@code
 * payment.refunded}, {@code charge.dispute.created} to {@code payment.disputed}, anything else to
 * {@code unknown}. The subject is the PaymentIntent id (the object's {@code payment_intent} for
 * charges and disputes), the vendor type and raw JSON are kept.
 *
 * <p>Defaults: provider {@code stripe}; tolerance 300 s; the UTC system clock; no replay guard.
 * Stripe re-sends an event with the same id after any answer that is not 2xx, so a guard on the
 * event id would refuse the very retries that deliver an event a handler failed on; the tolerance
 * already bounds how long a captured delivery can be replayed. Set {@link
 * Builder#replayGuard(ReplayGuard)} (its window at least twice the tolerance) to refuse any event
 * id seen before, and acknowledge with 2xx only after processing.
 */
public final class StripeWebhookVerifier implements WebhookVerifier {
  /** The header Stripe signs deliveries in. */
  public static final String SIGNATURE_HEADER = "Stripe-Signature";

  /** The default tolerance between the signed timestamp and now: 300 s. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private final String provider;
  private final List<Secret> secrets;
  private final Duration tolerance;
  private final Clock clock;
  private final ReplayGuard replayGuard;
  private final StripeEventMapper mapper;
  private final WebhookChecks checks;

  private StripeWebhookVerifier(Builder b) {
    this.provider = b.provider;
    this.secrets = List.copyOf(b.secrets);
    this.tolerance = b.tolerance;
    this.clock = b.clock;
    this.replayGuard = b.replayGuard;
    this.mapper = StripeEventMapper.create(b.provider);
    this.checks = WebhookChecks.of(b.provider, "webhook");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * @throws WebhookVerificationException if the header is missing or malformed, no signature
   *     matches, the timestamp is outside the tolerance, the body is not a Stripe event, or the
   *     replay guard has seen the event
   */
  @Override
  public List<WebhookEvent> verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    String header =
        request.header(SIGNATURE_HEADER).orElseThrow(() -> checks.missingHeader(SIGNATURE_HEADER));
    Signature signature = parse(header);
    byte[] body = request.body();
    if (!matches(signature, body)) {
      throw checks.failure(
          Problem.SIGNATURE_MISMATCH, "no v1 signature matches any configured endpoint secret");
    }
    checks.checkTimestamp(signature.timestamp(), clock, tolerance);
    WebhookEvent event;
    try {
      event = mapper.toEvent(new String(body, StandardCharsets.UTF_8), checks);
    } catch (IOException | JsonDataException | InvalidRequestException e) {
      throw checks.failure(
          Problem.MALFORMED_BODY, "the body is not a Stripe event: " + e.getMessage(), e);
    }
    if (replayGuard != null && !replayGuard.firstSight(event.id())) {
      throw checks.failure(Problem.REPLAYED, "event " + event.id() + " was already accepted");
    }
    return List.of(event);
  }

  private record Signature(long timestamp, List<String> v1) {}

  private Signature parse(String header) {
    Long timestamp = null;
    List<String> v1 = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (name.equals("t")) {
        if (timestamp != null) {
          throw checks.failure(
              Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " holds more than one t");
        }
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw checks.failure(Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " has a non-numeric t");
        }
      } else if (name.equals("v1")) {
        v1.add(value);
      }
    }
    if (timestamp == null) {
      throw checks.failure(Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " has no timestamp t");
    }
    if (v1.isEmpty()) {
      throw checks.failure(Problem.MALFORMED_HEADER, SIGNATURE_HEADER + " has no v1 signature");
    }
    return new Signature(timestamp, v1);
  }

  private boolean matches(Signature signature, byte[] body) {
    byte[] prefix = (signature.timestamp() + ".").getBytes(StandardCharsets.UTF_8);
    List<byte[]> provided = new ArrayList<>();
    for (String hex : signature.v1()) {
      try {
        provided.add(HexFormat.of().parseHex(hex));
      } catch (IllegalArgumentException e) {
        // Not hex: it cannot match; the other values may.
      }
    }
    List<byte[]> expected = new ArrayList<>();
    for (Secret secret : secrets) {
      expected.add(
          WebhookChecks.hmacSha256(secret.value().getBytes(StandardCharsets.UTF_8), prefix, body));
    }
    return WebhookChecks.anyEqual(expected, provided);
  }

  /** Names the provider, the number of secrets and the tolerance; never a secret. */
  @Override
  public String toString() {
    return "StripeWebhookVerifier{provider="
        + provider
        + ", secrets="
        + secrets.size()
        + ", tolerance="
        + tolerance
        + ", replayGuard="
        + (replayGuard == null ? "none" : replayGuard)
        + "}";
  }

  /** Builds a {@link StripeWebhookVerifier}; at least one secret is required. */
  public static final class Builder {
    private String provider = "stripe";
    private final List<Secret> secrets = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private ReplayGuard replayGuard;

    private Builder() {}

    /** The provider's name in events (default stripe). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /** Adds an endpoint secret, read at every verification so that a rotated value is used. */
    public Builder secret(Secret secret) {
      Objects.requireNonNull(secret, "secret == null");
      secrets.add(secret);
      return this;
    }

    /** Adds an endpoint secret given as its value, such as {@code whsec_...}. */
    public Builder secret(String secret) {
      Objects.requireNonNull(secret, "secret == null");
      if (secret.isBlank()) {
        throw InvalidRequestException.invalidField("secret", "secret must not be blank");
      }
      return secret(Secret.of(secret));
    }

    /** How far the signed timestamp may be from now, either way (default 300 s); positive. */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = WebhookChecks.requirePositiveTolerance(tolerance);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = WebhookChecks.requireClock(clock);
      return this;
    }

    /** Refuses an event id seen before (default: none; see the class Javadoc). Null for none. */
    public Builder replayGuard(ReplayGuard replayGuard) {
      this.replayGuard = replayGuard;
      return this;
    }

    /**
     * @throws InvalidRequestException naming {@code secret} if none was given
     */
    public StripeWebhookVerifier build() {
      if (secrets.isEmpty()) {
        throw InvalidRequestException.invalidField("secret", "at least one secret is required");
      }
      return new StripeWebhookVerifier(this);
    }
  }
}
