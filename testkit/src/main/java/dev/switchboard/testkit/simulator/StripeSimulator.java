package dev.switchboard.testkit.simulator;

import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A stateful local Stripe for PaymentIntents and Refunds, speaking Stripe's wire format: form
 * bodies in, JSON out, a {@code Request-Id} header on every response, Bearer authentication with
 * the accepted secret keys (401 otherwise), and Stripe's idempotency rules (the saved answer is
 * replayed with {@code Idempotent-Replayed: true}; a key reused with other parameters is a 400
 * {@code idempotency_error}; keys are forgotten after 24 hours).
 *
 * <pre>{@code
 * try (StripeSimulator stripe = new StripeSimulator(Clock.systemUTC())) {
 *   HttpUrl baseUrl = stripe.start();
 *   PaymentGateway gateway = StripePaymentGateway.builder()
 *       .baseUrl(baseUrl.toString())
 *       .apiKey(StripeSimulator.TEST_API_KEY)
 *       .build();
 *   stripe.failNext(1, SimulatedFault.unavailable());          // 503, Stripe-Should-Retry: true
 *   WebhookRequest event = stripe.webhookEventFor("payment_intent.succeeded", paymentIntentId);
 * }
 * }</pre>
 *
 * <p>Stripe's own test PaymentMethods decide the outcome of a confirmation: {@code pm_card_visa}
 * (also {@code pm_card_mastercard}, {@code pm_card_amex}) succeeds; the {@code
 * pm_card_..chargeDeclined..} family declines with Stripe's code and decline code (402 {@code
 * card_error}, leaving the PaymentIntent in {@code requires_payment_method}); {@code
 * pm_card_authenticationRequired} (and {@code pm_card_threeDSecure2Required}) stops at {@code
 * requires_action}: with a {@code return_url} the next action is a {@code redirect_to_url} to this
 * simulator, which {@link #completeAction} (or a request to that URL) completes and {@link
 * #failAction} fails; without one it is {@code use_stripe_sdk}. Any other PaymentMethod is a 400
 * {@code resource_missing}. Unknown request parameters are refused as Stripe does, so an adapter
 * cannot send fields Stripe would reject, and a PaymentIntent is held to Stripe's documented limits
 * ({@link StripeSimulatorLimits}: description, amount per currency, statement descriptor suffix,
 * metadata).
 *
 * <p>Injected 500 and 503 faults answer in Stripe's error format with {@code Stripe-Should-Retry:
 * true}; a 429 carries code {@code rate_limit}. {@link #respondNextWithout(String)} answers the
 * next successful call with a realistic body missing one field. Thread-safe.
 */
public final class StripeSimulator extends VendorSimulator {
  /** The secret key the simulator accepts until told otherwise. */
  public static final String TEST_API_KEY = "sk_test_fake_switchboard_simulator";

  /** The User-Agent Stripe's webhook deliveries carry. */
  public static final String WEBHOOK_USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

  /** The endpoint secret webhook events are signed with until told otherwise. */
  public static final String TEST_WEBHOOK_SECRET = "whsec_fake_switchboard_simulator";

  /** Succeeds. */
  public static final String PM_SUCCEEDS = "pm_card_visa";

  /** Declined: {@code card_declined} / {@code generic_decline}. */
  public static final String PM_DECLINED = "pm_card_visa_chargeDeclined";

  /** Declined: {@code card_declined} / {@code insufficient_funds}. */
  public static final String PM_INSUFFICIENT_FUNDS = "pm_card_visa_chargeDeclinedInsufficientFunds";

  /** Declined: {@code expired_card}. */
  public static final String PM_EXPIRED_CARD = "pm_card_chargeDeclinedExpiredCard";

  /** Declined: {@code incorrect_cvc}. */
  public static final String PM_INCORRECT_CVC = "pm_card_chargeDeclinedIncorrectCvc";

  /** Declined: {@code card_declined} / {@code lost_card}. */
  public static final String PM_LOST_CARD = "pm_card_visa_chargeDeclinedLostCard";

  /** Declined: {@code card_declined} / {@code stolen_card}. */
  public static final String PM_STOLEN_CARD = "pm_card_visa_chargeDeclinedStolenCard";

  /** Declined: {@code card_declined} / {@code fraudulent}. */
  public static final String PM_FRAUDULENT = "pm_card_chargeDeclinedFraudulent";

  /** Declined: {@code processing_error}. */
  public static final String PM_PROCESSING_ERROR = "pm_card_chargeDeclinedProcessingError";

  /** Declined: {@code card_declined} / {@code card_velocity_exceeded}. */
  public static final String PM_VELOCITY_LIMIT = "pm_card_visa_chargeDeclinedVelocityLimitExceeded";

  /** Requires 3-D Secure authentication on every payment. */
  public static final String PM_AUTHENTICATION_REQUIRED = "pm_card_authenticationRequired";

  /** The path of the simulated 3-D Secure page; a request to it completes the action. */
  public static final String AUTHENTICATE_PATH = "/simulator/authenticate/";

  private final Clock clock;
  private final StripeResponses responses = new StripeResponses();
  private final StripePaymentIntents intents;
  private final StripeIdempotency idempotency = new StripeIdempotency();
  private final Set<String> acceptedKeys = new LinkedHashSet<>(Set.of(TEST_API_KEY));
  private String webhookSecret = TEST_WEBHOOK_SECRET;
  private int replays;

  /** A simulator whose timestamps come from {@code clock}. */
  public StripeSimulator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.intents = new StripePaymentIntents(clock, responses);
  }

  // --- what a test can change ---

  /** Accepts only these secret keys from now on (a key roll keeps the old and new one a while). */
  public synchronized void acceptApiKeys(String... keys) {
    if (keys == null || keys.length == 0) {
      throw new IllegalArgumentException("at least one key is required");
    }
    acceptedKeys.clear();
    acceptedKeys.addAll(List.of(keys));
  }

  /** Signs webhook events with this endpoint secret from now on. */
  public synchronized void webhookSecret(String secret) {
    this.webhookSecret = Objects.requireNonNull(secret, "secret == null");
  }

  /** The endpoint secret webhook events are signed with. */
  public synchronized String webhookSecret() {
    return webhookSecret;
  }

  /**
   * The next successful answer (after any state change it makes) leaves out the named top-level
   * field, as an unexpected but realistic Stripe body would: {@code respondNextWithout("status")}.
   */
  public synchronized void respondNextWithout(String field) {
    Objects.requireNonNull(field, "field == null");
    responses.alterNext(body -> body.remove(field));
  }

  /**
   * The next successful answer (after any state change it makes) carries {@code value} as the named
   * top-level field, as a hostile or broken answer would: {@code respondNextWith("created",
   * 99999999999999999L)}.
   */
  public synchronized void respondNextWith(String field, Object value) {
    Objects.requireNonNull(field, "field == null");
    responses.alterNext(body -> body.put(field, value));
  }

  /** Completes the 3-D Secure action of a {@code requires_action} PaymentIntent. */
  public synchronized void completeAction(String paymentIntentId) {
    intents.completeAction(paymentIntentId);
  }

  /** Fails the 3-D Secure action: back to {@code requires_payment_method}, as Stripe does. */
  public synchronized void failAction(String paymentIntentId) {
    intents.failAction(paymentIntentId);
  }

  /**
   * Forgets every PaymentIntent, refund and idempotency key and undoes the knobs (accepted keys,
   * webhook secret, a broken next answer). Ids keep counting, so no id is handed out twice.
   */
  @Override
  protected void resetState() {
    intents.clear();
    idempotency.clear();
    responses.reset();
    acceptedKeys.clear();
    acceptedKeys.add(TEST_API_KEY);
    webhookSecret = TEST_WEBHOOK_SECRET;
    replays = 0;
  }

  // --- what a test can see ---

  /** How many PaymentIntents exist: what the customer's statement could show at most. */
  public synchronized int paymentIntentCount() {
    return intents.count();
  }

  /** How many refunds exist. */
  public synchronized int refundCount() {
    return intents.refundCount();
  }

  /** How many requests were answered from an idempotency record instead of acting again. */
  public synchronized int replays() {
    return replays;
  }

  /** The status of a PaymentIntent, such as {@code requires_capture}. */
  public synchronized Optional<String> paymentIntentStatus(String paymentIntentId) {
    StripePaymentIntent intent = intents.get(paymentIntentId);
    return intent == null ? Optional.empty() : Optional.of(intent.status);
  }

  // --- webhooks ---

  /**
   * A delivery of an event of {@code type} about {@code object}, signed with the {@linkplain
   * #webhookSecret() endpoint secret} at the clock's now, as Stripe sends it.
   */
  public synchronized WebhookRequest webhookEvent(String type, Map<String, Object> object) {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(object, "object == null");
    long now = clock.instant().getEpochSecond();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "evt_" + intents.nextId());
    event.put("object", "event");
    event.put("api_version", StripeResponses.API_VERSION);
    event.put("created", now);
    event.put("data", Map.of("object", object));
    event.put("livemode", false);
    event.put("pending_webhooks", 1);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", null);
    request.put("idempotency_key", null);
    event.put("request", request);
    event.put("type", type);
    String body = responses.toJson(event);
    return WebhookRequest.builder()
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Stripe-Signature", signatureHeader(webhookSecret, now, body))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** The id of the event a Stripe delivery carries (its body's {@code id}). */
  public String eventIdOf(WebhookRequest delivery) {
    try {
      return String.valueOf(responses.fromJson(delivery.bodyAsString()).get("id"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Stripe event: " + e.getMessage(), e);
    }
  }

  /**
   * A delivery about a PaymentIntent the simulator holds: {@code payment_intent.*} events carry the
   * PaymentIntent, {@code charge.*} events its charge, {@code charge.dispute.*} a dispute of it.
   *
   * @throws IllegalArgumentException if there is no such PaymentIntent
   */
  public synchronized WebhookRequest webhookEventFor(String type, String paymentIntentId) {
    StripePaymentIntent intent = intents.get(paymentIntentId);
    if (intent == null) {
      throw new IllegalArgumentException("no such PaymentIntent: " + paymentIntentId);
    }
    Map<String, Object> object;
    if (type.startsWith("charge.dispute.")) {
      object = StripeJson.disputeJson(intent, "dp_" + intents.nextId());
    } else if (type.startsWith("charge.")) {
      object = StripeJson.chargeJson(intent);
    } else {
      object = StripeJson.intentJson(intent, false);
    }
    return webhookEvent(type, object);
  }

  /**
   * The same delivery signed again now, as Stripe signs each attempt at an event: the body (and so
   * the event id) unchanged, a {@code Stripe-Signature} with the clock's current {@code t=} and the
   * current {@linkplain #webhookSecret() endpoint secret}.
   */
  public synchronized WebhookRequest resign(WebhookRequest delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    long now = clock.instant().getEpochSecond();
    return WebhookDeliveries.copy(delivery, "Stripe-Signature")
        .header("Stripe-Signature", signatureHeader(webhookSecret, now, delivery.bodyAsString()))
        .build();
  }

  /**
   * Delivers this simulator's webhook events to {@code endpoint} over HTTP, as Stripe does: on
   * {@link RedeliverySchedule#stripe()} by this simulator's clock, each attempt {@linkplain #resign
   * re-signed}, with Stripe's User-Agent {@value #WEBHOOK_USER_AGENT}.
   *
   * <pre>{@code
   * WebhookDeliveries deliveries = stripe.deliveries(receiver.url("/webhooks/stripe").uri());
   * deliveries.send(stripe.webhookEventFor("payment_intent.succeeded", piId));
   * }</pre>
   *
   * For test mode's shorter schedule, {@code
   * .newBuilder().schedule(RedeliverySchedule.stripeSandbox()).build()}.
   */
  public WebhookDeliveries deliveries(URI endpoint) {
    return WebhookDeliveries.builder()
        .endpoint(endpoint)
        .clock(clock)
        .schedule(RedeliverySchedule.stripe())
        .userAgent(WEBHOOK_USER_AGENT)
        .resigner(this::resign)
        .build();
  }

  /**
   * The {@code Stripe-Signature} value for a body: {@code t=<timestamp>,v1=<hex HMAC-SHA256 of
   * "t.body">}.
   */
  public static String signatureHeader(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signed = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  // --- dispatch ---

  /**
   * Serves the simulated 3-D Secure page; otherwise checks the Bearer key (401 in Stripe's words),
   * reads the form or query, replays or refuses a reused {@code Idempotency-Key}, and hands the
   * request to the endpoints, saving their answer under the key when Stripe would.
   */
  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    String method = request.getMethod();
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.startsWith(AUTHENTICATE_PATH)) {
      String id = path.substring(AUTHENTICATE_PATH.length());
      StripePaymentIntent intent = intents.get(id);
      if (intent == null || !intent.awaitingAction()) {
        return responses.text(404, "no PaymentIntent awaiting authentication");
      }
      intents.completeAction(id);
      return responses.text(200, "Authentication complete; return to " + intent.returnUrl);
    }
    String authorization = request.getHeaders().get("Authorization");
    String key =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : null;
    if (key == null || !acceptedKeys.contains(key)) {
      return responses.error(
          401,
          "invalid_request_error",
          null,
          null,
          key == null
              ? "You did not provide an API key."
              : "Invalid API Key provided: " + StripeWire.mask(key));
    }
    Map<String, String> params =
        method.equals("GET")
            ? StripeWire.query(url)
            : StripeWire.form(request.getBody() == null ? "" : request.getBody().utf8());
    if (!method.equals("POST")) {
      return intents.route(method, path, params, url);
    }
    String idempotencyKey = request.getHeaders().get("Idempotency-Key");
    if (idempotencyKey == null) {
      return intents.route(method, path, params, url);
    }
    StripeIdempotency.Saved saved = idempotency.find(idempotencyKey, clock.instant());
    if (saved != null) {
      if (!saved.sameRequest(method, path, params)) {
        return responses.error(
            400,
            "idempotency_error",
            null,
            null,
            "Keys for idempotent requests can only be used with the same parameters they were"
                + " first used with. Try using a key other than '"
                + idempotencyKey
                + "' if you meant to execute a different request.");
      }
      replays++;
      return responses
          .json(saved.status(), saved.body())
          .setHeader("Idempotent-Replayed", "true")
          .setHeader("Original-Request", saved.requestId());
    }
    MockResponse.Builder answer = intents.route(method, path, params, url);
    // Stripe saves an answer once the endpoint started executing: successes and declines, not
    // requests refused while their parameters were checked.
    int status = responses.lastStatus();
    if (status == 200 || status == 402) {
      idempotency.save(
          idempotencyKey,
          new StripeIdempotency.Saved(
              method,
              path,
              params,
              status,
              responses.lastBody(),
              responses.lastRequestId(),
              clock.instant()));
    }
    return answer;
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    if (status == 429) {
      return responses.error(
          429,
          "invalid_request_error",
          "rate_limit",
          null,
          "Too many requests hit the API too quickly. We recommend an exponential backoff of your"
              + " requests.");
    }
    return responses
        .error(
            status,
            "api_error",
            null,
            null,
            status == 503
                ? "Stripe is temporarily unavailable. Please try again."
                : "An unknown error occurred while processing your request.")
        .setHeader("Stripe-Should-Retry", "true");
  }

  /** The state in brief: counts only, never a key. */
  @Override
  public synchronized String toString() {
    return "StripeSimulator{paymentIntents="
        + intents.count()
        + ", refunds="
        + intents.refundCount()
        + ", replays="
        + replays
        + "}";
  }
}
