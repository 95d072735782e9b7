package dev.switchboard.testkit.simulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.webhooks.WebhookRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

  private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
  private static final Set<String> SUCCEEDING =
      Set.of(PM_SUCCEEDS, "pm_card_mastercard", "pm_card_amex");
  private static final Set<String> REQUIRING_ACTION =
      Set.of(PM_AUTHENTICATION_REQUIRED, "pm_card_threeDSecure2Required");
  private static final Map<String, Decline> DECLINES = declines();

  private record Decline(String code, String declineCode, String message) {}

  private record Saved(
      String method,
      String path,
      Map<String, String> params,
      int status,
      String body,
      String requestId,
      Instant at) {}

  /** A PaymentIntent and its one charge, as the simulator keeps them. */
  private static final class Intent {
    String id;
    long amount;
    String currency;
    String status;
    String captureMethod;
    String paymentMethod;
    String description;
    Map<String, String> metadata = new LinkedHashMap<>();
    long created;
    long amountCapturable;
    long amountReceived;
    Map<String, Object> lastPaymentError;
    String returnUrl;
    String chargeId;
    String chargeStatus;
    long amountRefunded;
    Long canceledAt;
    String cancellationReason;
  }

  private final Clock clock;
  private final JsonAdapter<Map<String, Object>> json;
  private final Set<String> acceptedKeys = new LinkedHashSet<>(Set.of(TEST_API_KEY));
  private final Map<String, Intent> intents = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();
  private final Map<String, Saved> idempotency = new LinkedHashMap<>();
  private String webhookSecret = TEST_WEBHOOK_SECRET;
  private Consumer<Map<String, Object>> alterNext;
  private long ids;
  private long requestIds;
  private int replays;
  private int lastStatus;
  private String lastBody;

  /** A simulator whose timestamps come from {@code clock}. */
  public StripeSimulator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.json =
        new Moshi.Builder()
            .build()
            .<Map<String, Object>>adapter(
                Types.newParameterizedType(Map.class, String.class, Object.class))
            .serializeNulls();
  }

  private static Map<String, Decline> declines() {
    Map<String, Decline> d = new LinkedHashMap<>();
    Decline generic = new Decline("card_declined", "generic_decline", "Your card was declined.");
    d.put(PM_DECLINED, generic);
    d.put("pm_card_chargeDeclined", generic);
    Decline funds =
        new Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.");
    d.put(PM_INSUFFICIENT_FUNDS, funds);
    d.put("pm_card_chargeDeclinedInsufficientFunds", funds);
    d.put(PM_EXPIRED_CARD, new Decline("expired_card", "expired_card", "Your card has expired."));
    d.put(
        PM_INCORRECT_CVC,
        new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."));
    d.put(PM_LOST_CARD, new Decline("card_declined", "lost_card", "Your card was declined."));
    d.put(PM_STOLEN_CARD, new Decline("card_declined", "stolen_card", "Your card was declined."));
    d.put(PM_FRAUDULENT, new Decline("card_declined", "fraudulent", "Your card was declined."));
    d.put(
        PM_PROCESSING_ERROR,
        new Decline(
            "processing_error",
            "processing_error",
            "An error occurred while processing your card. Try again in a little bit."));
    d.put(
        PM_VELOCITY_LIMIT,
        new Decline("card_declined", "card_velocity_exceeded", "Your card was declined."));
    return Map.copyOf(d);
  }

  // --- knobs for tests ---

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
    this.alterNext = body -> body.remove(field);
  }

  /**
   * The next successful answer (after any state change it makes) carries {@code value} as the named
   * top-level field, as a hostile or broken answer would: {@code respondNextWith("created",
   * 99999999999999999L)}.
   */
  public synchronized void respondNextWith(String field, Object value) {
    Objects.requireNonNull(field, "field == null");
    this.alterNext = body -> body.put(field, value);
  }

  /** Completes the 3-D Secure action of a {@code requires_action} PaymentIntent. */
  public synchronized void completeAction(String paymentIntentId) {
    Intent intent = awaitingAction(paymentIntentId);
    intent.lastPaymentError = null;
    approve(intent);
  }

  /** Fails the 3-D Secure action: back to {@code requires_payment_method}, as Stripe does. */
  public synchronized void failAction(String paymentIntentId) {
    Intent intent = awaitingAction(paymentIntentId);
    intent.status = "requires_payment_method";
    intent.chargeStatus = "failed";
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", "invalid_request_error");
    error.put("code", "payment_intent_authentication_failure");
    error.put("decline_code", null);
    error.put(
        "message",
        "We are unable to authenticate your payment method. Please choose a different payment"
            + " method and try again.");
    intent.lastPaymentError = error;
  }

  private Intent awaitingAction(String paymentIntentId) {
    Intent intent = intents.get(paymentIntentId);
    if (intent == null || !intent.status.equals("requires_action")) {
      throw new IllegalStateException("no PaymentIntent awaiting action: " + paymentIntentId);
    }
    return intent;
  }

  /**
   * Forgets every PaymentIntent, refund and idempotency key and undoes the knobs (accepted keys,
   * webhook secret, a broken next answer). Ids keep counting, so no id is handed out twice.
   */
  @Override
  protected void resetState() {
    intents.clear();
    refunds.clear();
    idempotency.clear();
    acceptedKeys.clear();
    acceptedKeys.add(TEST_API_KEY);
    webhookSecret = TEST_WEBHOOK_SECRET;
    alterNext = null;
    replays = 0;
    lastStatus = 0;
    lastBody = null;
  }

  /** How many PaymentIntents exist: what the customer's statement could show at most. */
  public synchronized int paymentIntentCount() {
    return intents.size();
  }

  /** How many refunds exist. */
  public synchronized int refundCount() {
    return refunds.size();
  }

  /** How many requests were answered from an idempotency record instead of acting again. */
  public synchronized int replays() {
    return replays;
  }

  /** The status of a PaymentIntent, such as {@code requires_capture}. */
  public synchronized Optional<String> paymentIntentStatus(String paymentIntentId) {
    Intent intent = intents.get(paymentIntentId);
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
    event.put("id", "evt_" + nextId());
    event.put("object", "event");
    event.put("api_version", "2026-02-25.clover");
    event.put("created", now);
    event.put("data", Map.of("object", object));
    event.put("livemode", false);
    event.put("pending_webhooks", 1);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", null);
    request.put("idempotency_key", null);
    event.put("request", request);
    event.put("type", type);
    String body = json.toJson(event);
    return WebhookRequest.builder()
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Stripe-Signature", signatureHeader(webhookSecret, now, body))
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** The id of the event a Stripe delivery carries (its body's {@code id}). */
  public String eventIdOf(WebhookRequest delivery) {
    try {
      Map<String, Object> event = json.fromJson(delivery.bodyAsString());
      return String.valueOf(Objects.requireNonNull(event, "empty body").get("id"));
    } catch (java.io.IOException e) {
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
    Intent intent = intents.get(paymentIntentId);
    if (intent == null) {
      throw new IllegalArgumentException("no such PaymentIntent: " + paymentIntentId);
    }
    Map<String, Object> object;
    if (type.startsWith("charge.dispute.")) {
      object = new LinkedHashMap<>();
      object.put("id", "dp_" + nextId());
      object.put("object", "dispute");
      object.put("amount", intent.amountReceived);
      object.put("charge", intent.chargeId);
      object.put("currency", intent.currency);
      object.put("payment_intent", intent.id);
      object.put("reason", "fraudulent");
      object.put("status", "needs_response");
    } else if (type.startsWith("charge.")) {
      object = chargeJson(intent);
    } else {
      object = intentJson(intent, false);
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

  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    String method = request.getMethod();
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.startsWith(AUTHENTICATE_PATH)) {
      String id = path.substring(AUTHENTICATE_PATH.length());
      Intent intent = intents.get(id);
      if (intent == null || !intent.status.equals("requires_action")) {
        return text(404, "no PaymentIntent awaiting authentication");
      }
      completeAction(id);
      return text(200, "Authentication complete; return to " + intent.returnUrl);
    }
    String authorization = request.getHeaders().get("Authorization");
    String key =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : null;
    if (key == null || !acceptedKeys.contains(key)) {
      return error(
          401,
          "invalid_request_error",
          null,
          null,
          key == null
              ? "You did not provide an API key."
              : "Invalid API Key provided: " + mask(key));
    }
    Map<String, String> params =
        method.equals("GET")
            ? query(url)
            : form(request.getBody() == null ? "" : request.getBody().utf8());
    if (!method.equals("POST")) {
      return route(method, path, params, request);
    }
    String idempotencyKey = request.getHeaders().get("Idempotency-Key");
    if (idempotencyKey == null) {
      return route(method, path, params, request);
    }
    forgetExpiredKeys();
    Saved saved = idempotency.get(idempotencyKey);
    if (saved != null && saved.at().isBefore(clock.instant().minus(IDEMPOTENCY_WINDOW))) {
      idempotency.remove(idempotencyKey); // saved out of time order (the clock went back): expired
      saved = null;
    }
    if (saved != null) {
      if (!saved.method().equals(method)
          || !saved.path().equals(path)
          || !saved.params().equals(params)) {
        return error(
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
      return json(saved.status(), saved.body())
          .setHeader("Idempotent-Replayed", "true")
          .setHeader("Original-Request", saved.requestId());
    }
    MockResponse.Builder answer = route(method, path, params, request);
    // Stripe saves an answer once the endpoint started executing: successes and declines, not
    // requests refused while their parameters were checked.
    if (lastStatus == 200 || lastStatus == 402) {
      idempotency.put(
          idempotencyKey,
          new Saved(
              method, path, params, lastStatus, lastBody, requestId(requestIds), clock.instant()));
    }
    return answer;
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    if (status == 429) {
      return error(
          429,
          "invalid_request_error",
          "rate_limit",
          null,
          "Too many requests hit the API too quickly. We recommend an exponential backoff of your"
              + " requests.");
    }
    return error(
            status,
            "api_error",
            null,
            null,
            status == 503
                ? "Stripe is temporarily unavailable. Please try again."
                : "An unknown error occurred while processing your request.")
        .setHeader("Stripe-Should-Retry", "true");
  }

  private MockResponse.Builder route(
      String method, String path, Map<String, String> params, RecordedRequest request) {
    String intentPath = "/v1/payment_intents/";
    if (method.equals("GET") && path.equals("/v1/balance")) {
      return success(balanceJson());
    }
    if (method.equals("POST") && path.equals("/v1/payment_intents")) {
      return create(params, request.getUrl());
    }
    if (method.equals("POST") && path.equals("/v1/refunds")) {
      return refund(params);
    }
    if (path.startsWith(intentPath)) {
      String[] rest = path.substring(intentPath.length()).split("/", -1);
      Intent intent = intents.get(rest[0]);
      if (rest.length == 1 && method.equals("GET")) {
        return intent == null ? missing(rest[0]) : success(intentJson(intent, expands(params)));
      }
      if (rest.length == 2 && method.equals("POST") && rest[1].equals("capture")) {
        return intent == null ? missing(rest[0]) : capture(intent, params);
      }
      if (rest.length == 2 && method.equals("POST") && rest[1].equals("cancel")) {
        return intent == null ? missing(rest[0]) : cancel(intent, params);
      }
    }
    return error(
        404,
        "invalid_request_error",
        null,
        null,
        "Unrecognized request URL (" + method + ": " + path + ").");
  }

  private MockResponse.Builder create(Map<String, String> params, HttpUrl url) {
    MockResponse.Builder unknown =
        unknownParameters(
            params,
            Set.of(
                "amount",
                "currency",
                "payment_method",
                "confirm",
                "capture_method",
                "return_url",
                "description",
                "statement_descriptor_suffix"),
            "metadata[",
            "automatic_payment_methods[",
            "expand[");
    if (unknown != null) {
      return unknown;
    }
    Long amount = integer(params.get("amount"));
    if (amount == null || amount < 1) {
      return invalid("amount", "parameter_invalid_integer", "Invalid positive integer");
    }
    String currency = params.get("currency");
    if (currency == null || !StripeSimulatorLimits.isCurrency(currency)) {
      return invalid("currency", "parameter_invalid_string", "Invalid currency: " + currency);
    }
    StripeSimulatorLimits.Refusal refusal = StripeSimulatorLimits.amount(amount, currency);
    if (refusal == null) {
      refusal = StripeSimulatorLimits.strings(params);
    }
    if (refusal != null) {
      return invalid(refusal.param(), refusal.code(), refusal.message());
    }
    String captureMethod = params.getOrDefault("capture_method", "automatic_async");
    if (!Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
      return invalid("capture_method", "parameter_invalid_string", "Invalid capture_method");
    }
    boolean confirm = "true".equals(params.get("confirm"));
    String paymentMethod = params.get("payment_method");
    String returnUrl = params.get("return_url");
    if (confirm && paymentMethod == null) {
      return invalid(
          "payment_method", "parameter_missing", "You must provide a payment_method to confirm.");
    }
    if (confirm
        && returnUrl == null
        && !"never".equals(params.get("automatic_payment_methods[allow_redirects]"))) {
      return invalid(
          "return_url",
          "parameter_missing",
          "This PaymentIntent is configured to accept payment methods enabled in your Dashboard."
              + " Because some of these payment methods might redirect your customer off of your"
              + " page, you must provide a `return_url`.");
    }
    if (paymentMethod != null
        && !SUCCEEDING.contains(paymentMethod)
        && !REQUIRING_ACTION.contains(paymentMethod)
        && !DECLINES.containsKey(paymentMethod)) {
      return error(
          400,
          "invalid_request_error",
          "resource_missing",
          "payment_method",
          "No such PaymentMethod: '" + paymentMethod + "'");
    }
    Intent intent = new Intent();
    intent.id = "pi_" + nextId();
    intent.amount = amount;
    intent.currency = currency;
    intent.captureMethod = captureMethod;
    intent.paymentMethod = paymentMethod;
    intent.description = params.get("description");
    intent.created = clock.instant().getEpochSecond();
    intent.returnUrl = returnUrl;
    params.forEach(
        (k, v) -> {
          if (k.startsWith("metadata[") && k.endsWith("]")) {
            intent.metadata.put(k.substring("metadata[".length(), k.length() - 1), v);
          }
        });
    intents.put(intent.id, intent);
    if (!confirm) {
      intent.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
      return success(intentJson(intent, expands(params)));
    }
    intent.chargeId = "ch_" + nextId();
    Decline decline = DECLINES.get(paymentMethod);
    if (decline != null) {
      intent.status = "requires_payment_method";
      intent.chargeStatus = "failed";
      Map<String, Object> error = declineError(decline, paymentMethod);
      intent.lastPaymentError = error;
      Map<String, Object> body = new LinkedHashMap<>(error);
      body.put("charge", intent.chargeId);
      body.put("payment_intent", intentJson(intent, expands(params)));
      body.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + peekRequestId());
      return json(402, json.toJson(Map.of("error", body)));
    }
    if (REQUIRING_ACTION.contains(paymentMethod)) {
      intent.status = "requires_action";
      intent.chargeId = null;
      return success(intentJson(intent, expands(params), url));
    }
    approve(intent);
    return success(intentJson(intent, expands(params)));
  }

  private void approve(Intent intent) {
    if (intent.chargeId == null) {
      intent.chargeId = "ch_" + nextId();
    }
    intent.chargeStatus = "succeeded";
    if (intent.captureMethod.equals("manual")) {
      intent.status = "requires_capture";
      intent.amountCapturable = intent.amount;
    } else {
      intent.status = "succeeded";
      intent.amountReceived = intent.amount;
    }
  }

  private MockResponse.Builder capture(Intent intent, Map<String, String> params) {
    MockResponse.Builder unknown =
        unknownParameters(params, Set.of("amount_to_capture"), "expand[", "metadata[");
    if (unknown != null) {
      return unknown;
    }
    if (!intent.status.equals("requires_capture")) {
      return unexpectedState(intent, "captured", "requires_capture");
    }
    long amount = intent.amountCapturable;
    if (params.containsKey("amount_to_capture")) {
      Long asked = integer(params.get("amount_to_capture"));
      if (asked == null || asked < 1) {
        return invalid("amount_to_capture", "parameter_invalid_integer", "Invalid integer");
      }
      if (asked > intent.amountCapturable) {
        return invalid(
            "amount_to_capture",
            "amount_too_large",
            "The amount_to_capture must be less than or equal to the amount_capturable ("
                + intent.amountCapturable
                + ").");
      }
      amount = asked;
    }
    intent.amountReceived = amount;
    intent.amountCapturable = 0;
    intent.status = "succeeded";
    return success(intentJson(intent, expands(params)));
  }

  private MockResponse.Builder cancel(Intent intent, Map<String, String> params) {
    MockResponse.Builder unknown =
        unknownParameters(params, Set.of("cancellation_reason"), "expand[");
    if (unknown != null) {
      return unknown;
    }
    String reason = params.get("cancellation_reason");
    if (reason != null
        && !Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned")
            .contains(reason)) {
      return invalid("cancellation_reason", "parameter_invalid_string", "Invalid reason");
    }
    if (!Set.of(
            "requires_payment_method",
            "requires_capture",
            "requires_confirmation",
            "requires_action",
            "processing")
        .contains(intent.status)) {
      return unexpectedState(
          intent,
          "canceled",
          "requires_payment_method, requires_capture, requires_confirmation, requires_action,"
              + " processing");
    }
    intent.status = "canceled";
    intent.amountCapturable = 0;
    intent.canceledAt = clock.instant().getEpochSecond();
    intent.cancellationReason = reason;
    return success(intentJson(intent, expands(params)));
  }

  private MockResponse.Builder refund(Map<String, String> params) {
    MockResponse.Builder unknown =
        unknownParameters(
            params, Set.of("payment_intent", "charge", "amount", "reason"), "metadata[", "expand[");
    if (unknown != null) {
      return unknown;
    }
    String paymentIntent = params.get("payment_intent");
    if (paymentIntent == null) {
      return invalid(
          "payment_intent", "parameter_missing", "One of charge or payment_intent is required.");
    }
    Intent intent = intents.get(paymentIntent);
    if (intent == null) {
      return missing(paymentIntent);
    }
    if (!intent.status.equals("succeeded")) {
      return error(
          400,
          "invalid_request_error",
          "payment_intent_unexpected_state",
          "payment_intent",
          "This PaymentIntent (" + intent.id + ") does not have a successful charge to refund.");
    }
    long refundable = intent.amountReceived - intent.amountRefunded;
    if (refundable == 0) {
      return error(
          400,
          "invalid_request_error",
          "charge_already_refunded",
          null,
          "Charge " + intent.chargeId + " has already been refunded.");
    }
    long amount = refundable;
    if (params.containsKey("amount")) {
      Long asked = integer(params.get("amount"));
      if (asked == null || asked < 1) {
        return invalid("amount", "parameter_invalid_integer", "Invalid positive integer");
      }
      if (asked > refundable) {
        return invalid(
            "amount",
            "amount_too_large",
            "Refund amount ("
                + asked
                + ") is greater than unrefunded amount on charge ("
                + refundable
                + ")");
      }
      amount = asked;
    }
    String reason = params.get("reason");
    if (reason != null
        && !Set.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
      return invalid("reason", "parameter_invalid_string", "Invalid reason");
    }
    intent.amountRefunded += amount;
    Map<String, Object> refund = new LinkedHashMap<>();
    refund.put("id", "re_" + nextId());
    refund.put("object", "refund");
    refund.put("amount", amount);
    refund.put("charge", intent.chargeId);
    refund.put("created", clock.instant().getEpochSecond());
    refund.put("currency", intent.currency);
    Map<String, String> metadata = new LinkedHashMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith("metadata[") && k.endsWith("]")) {
            metadata.put(k.substring("metadata[".length(), k.length() - 1), v);
          }
        });
    refund.put("metadata", metadata);
    refund.put("payment_intent", intent.id);
    refund.put("reason", reason);
    refund.put("status", "succeeded");
    refunds.put((String) refund.get("id"), refund);
    return success(refund);
  }

  // --- JSON ---

  private Map<String, Object> intentJson(Intent intent, boolean expandCharge) {
    return intentJson(intent, expandCharge, null);
  }

  private Map<String, Object> intentJson(Intent intent, boolean expandCharge, HttpUrl url) {
    Map<String, Object> pi = new LinkedHashMap<>();
    pi.put("id", intent.id);
    pi.put("object", "payment_intent");
    pi.put("amount", intent.amount);
    pi.put("amount_capturable", intent.amountCapturable);
    pi.put("amount_received", intent.amountReceived);
    pi.put("canceled_at", intent.canceledAt);
    pi.put("cancellation_reason", intent.cancellationReason);
    pi.put("capture_method", intent.captureMethod);
    pi.put("client_secret", intent.id + "_secret_fake");
    pi.put("confirmation_method", "automatic");
    pi.put("created", intent.created);
    pi.put("currency", intent.currency);
    pi.put("customer", null);
    pi.put("description", intent.description);
    pi.put("last_payment_error", intent.lastPaymentError);
    if (intent.chargeId == null) {
      pi.put("latest_charge", null);
    } else {
      pi.put("latest_charge", expandCharge ? chargeJson(intent) : intent.chargeId);
    }
    pi.put("livemode", false);
    pi.put("metadata", new LinkedHashMap<>(intent.metadata));
    pi.put("next_action", intent.status.equals("requires_action") ? nextAction(intent, url) : null);
    pi.put("payment_method", intent.paymentMethod);
    pi.put("payment_method_types", List.of("card"));
    pi.put("status", intent.status);
    return pi;
  }

  private Map<String, Object> nextAction(Intent intent, HttpUrl url) {
    Map<String, Object> action = new LinkedHashMap<>();
    if (intent.returnUrl == null) {
      action.put("type", "use_stripe_sdk");
      action.put(
          "use_stripe_sdk",
          Map.of("type", "three_d_secure_redirect", "source", "src_" + intent.id));
      return action;
    }
    String base = url == null ? "http://127.0.0.1/" : url.resolve("/").toString();
    Map<String, Object> redirect = new LinkedHashMap<>();
    redirect.put("return_url", intent.returnUrl);
    redirect.put("url", base.substring(0, base.length() - 1) + AUTHENTICATE_PATH + intent.id);
    action.put("type", "redirect_to_url");
    action.put("redirect_to_url", redirect);
    return action;
  }

  private Map<String, Object> chargeJson(Intent intent) {
    boolean captured = intent.status.equals("succeeded");
    Map<String, Object> charge = new LinkedHashMap<>();
    charge.put("id", intent.chargeId);
    charge.put("object", "charge");
    charge.put("amount", intent.amount);
    charge.put("amount_captured", intent.amountReceived);
    charge.put("amount_refunded", intent.amountRefunded);
    charge.put("captured", captured);
    charge.put("created", intent.created);
    charge.put("currency", intent.currency);
    charge.put("paid", "succeeded".equals(intent.chargeStatus));
    charge.put("payment_intent", intent.id);
    charge.put("payment_method", intent.paymentMethod);
    charge.put(
        "refunded", intent.amountReceived > 0 && intent.amountRefunded == intent.amountReceived);
    charge.put("status", intent.chargeStatus);
    return charge;
  }

  private static Map<String, Object> declineError(Decline decline, String paymentMethod) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", decline.code());
    error.put("decline_code", decline.declineCode());
    error.put("doc_url", "https://docs.stripe.com/error-codes/" + decline.code().replace('_', '-'));
    error.put("message", decline.message());
    error.put(
        "payment_method", Map.of("id", paymentMethod, "object", "payment_method", "type", "card"));
    error.put("type", "card_error");
    return error;
  }

  // --- responses ---

  /** An empty test-mode balance: what {@code GET /v1/balance} answers an account with no funds. */
  private static Map<String, Object> balanceJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "balance");
    body.put("available", List.of(Map.of("amount", 0, "currency", "eur")));
    body.put("livemode", false);
    body.put("pending", List.of(Map.of("amount", 0, "currency", "eur")));
    return body;
  }

  private MockResponse.Builder success(Map<String, Object> body) {
    if (alterNext != null) {
      alterNext.accept(body);
      alterNext = null;
    }
    return json(200, json.toJson(body));
  }

  private MockResponse.Builder missing(String id) {
    return error(
        404,
        "invalid_request_error",
        "resource_missing",
        "intent",
        "No such payment_intent: '" + id + "'");
  }

  private MockResponse.Builder unexpectedState(Intent intent, String verb, String allowed) {
    return error(
        400,
        "invalid_request_error",
        "payment_intent_unexpected_state",
        null,
        "This PaymentIntent could not be "
            + verb
            + " because it has a status of "
            + intent.status
            + ". Only a PaymentIntent with one of the following statuses may be "
            + verb
            + ": "
            + allowed
            + ".");
  }

  private MockResponse.Builder invalid(String param, String code, String message) {
    return error(400, "invalid_request_error", code, param, message);
  }

  private MockResponse.Builder unknownParameters(
      Map<String, String> params, Set<String> names, String... prefixes) {
    for (String name : params.keySet()) {
      if (names.contains(name)) {
        continue;
      }
      boolean prefixed = false;
      for (String prefix : prefixes) {
        prefixed |= name.startsWith(prefix) && name.endsWith("]");
      }
      if (!prefixed) {
        return invalid(name, "parameter_unknown", "Received unknown parameter: " + name);
      }
    }
    return null;
  }

  private MockResponse.Builder error(
      int status, String type, String code, String param, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    if (code != null) {
      error.put("code", code);
      error.put("doc_url", "https://docs.stripe.com/error-codes/" + code.replace('_', '-'));
    }
    error.put("message", message);
    if (param != null) {
      error.put("param", param);
    }
    error.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + peekRequestId());
    error.put("type", type);
    return json(status, json.toJson(Map.of("error", error)));
  }

  private MockResponse.Builder json(int status, String body) {
    requestIds++;
    lastStatus = status;
    lastBody = body;
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("Request-Id", requestId(requestIds))
        .setHeader("Stripe-Version", "2026-02-25.clover")
        .body(body);
  }

  private MockResponse.Builder text(int status, String body) {
    requestIds++;
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "text/plain")
        .setHeader("Request-Id", requestId(requestIds))
        .body(body);
  }

  private String peekRequestId() {
    return requestId(requestIds + 1);
  }

  private static String requestId(long n) {
    return String.format(Locale.ROOT, "req_%014d", n);
  }

  // --- helpers ---

  private String nextId() {
    ids++;
    return String.format(Locale.ROOT, "%024d", ids);
  }

  /**
   * Forgets the keys saved more than 24 hours ago. The map is in the order keys were saved, so this
   * stops at the first key still in the window: amortised constant time per request, where a scan
   * of every key made each charge slower than the last (2,000 charges/s at 5,000 keys, 135/s at
   * 40,000). A key saved out of time order, if the clock went back, is caught by the lookup.
   */
  private void forgetExpiredKeys() {
    Instant oldest = clock.instant().minus(IDEMPOTENCY_WINDOW);
    for (Iterator<Saved> it = idempotency.values().iterator(); it.hasNext(); ) {
      if (!it.next().at().isBefore(oldest)) {
        return;
      }
      it.remove();
    }
  }

  private static boolean expands(Map<String, String> params) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith("expand[") && e.getValue().equals("latest_charge")) {
        return true;
      }
    }
    return false;
  }

  private static Long integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static Map<String, String> query(HttpUrl url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      params.put(url.queryParameterName(i), value == null ? "" : value);
    }
    return params;
  }

  private static String mask(String key) {
    return key.length() <= 12
        ? "****"
        : key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
  }

  /** The state in brief: counts only, never a key. */
  @Override
  public synchronized String toString() {
    return "StripeSimulator{paymentIntents="
        + intents.size()
        + ", refunds="
        + refunds.size()
        + ", replays="
        + replays
        + "}";
  }
}
