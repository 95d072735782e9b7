package dev.switchboard.testkit.simulator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * Stripe's PaymentIntents and Refunds endpoints and the state behind them: creating, confirming
 * with a test PaymentMethod ({@link StripeTestCards}), capturing, cancelling and refunding, with
 * Stripe's checks of parameters, limits ({@link StripeSimulatorLimits}) and states. Authentication
 * and idempotency happen before, in {@link StripeSimulator}.
 */
final class StripePaymentIntents {
  private final Clock clock;
  private final StripeResponses responses;
  private final Map<String, StripePaymentIntent> intents = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();
  private long ids;

  StripePaymentIntents(Clock clock, StripeResponses responses) {
    this.clock = clock;
    this.responses = responses;
  }

  /** The PaymentIntent of this id, or null. */
  StripePaymentIntent get(String id) {
    return intents.get(id);
  }

  int count() {
    return intents.size();
  }

  int refundCount() {
    return refunds.size();
  }

  /** Forgets every PaymentIntent and refund; ids keep counting, so none is handed out twice. */
  void clear() {
    intents.clear();
    refunds.clear();
  }

  /** A new id's 24 digits, for any object ({@code "pi_" + nextId()}). */
  String nextId() {
    ids++;
    return String.format(Locale.ROOT, "%024d", ids);
  }

  /** Completes the 3-D Secure action of a {@code requires_action} PaymentIntent. */
  void completeAction(String paymentIntentId) {
    StripePaymentIntent intent = awaitingAction(paymentIntentId);
    intent.lastPaymentError = null;
    approve(intent);
  }

  /** Fails the 3-D Secure action: back to {@code requires_payment_method}, as Stripe does. */
  void failAction(String paymentIntentId) {
    StripePaymentIntent intent = awaitingAction(paymentIntentId);
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

  private StripePaymentIntent awaitingAction(String paymentIntentId) {
    StripePaymentIntent intent = intents.get(paymentIntentId);
    if (intent == null || !intent.awaitingAction()) {
      throw new IllegalStateException("no PaymentIntent awaiting action: " + paymentIntentId);
    }
    return intent;
  }

  /**
   * Answers an authenticated request: {@code GET /v1/balance}, {@code POST /v1/payment_intents},
   * {@code GET /v1/payment_intents/{id}}, {@code POST .../capture} and {@code .../cancel}, {@code
   * POST /v1/refunds}; anything else is Stripe's 404.
   */
  MockResponse.Builder route(String method, String path, Map<String, String> params, HttpUrl url) {
    String intentPath = "/v1/payment_intents/";
    if (method.equals("GET") && path.equals("/v1/balance")) {
      return responses.success(StripeJson.balanceJson());
    }
    if (method.equals("POST") && path.equals("/v1/payment_intents")) {
      return create(params, url);
    }
    if (method.equals("POST") && path.equals("/v1/refunds")) {
      return refund(params);
    }
    if (path.startsWith(intentPath)) {
      String[] rest = path.substring(intentPath.length()).split("/", -1);
      StripePaymentIntent intent = intents.get(rest[0]);
      if (rest.length == 1 && method.equals("GET")) {
        return intent == null
            ? responses.missing(rest[0])
            : responses.success(StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
      }
      if (rest.length == 2 && method.equals("POST") && rest[1].equals("capture")) {
        return intent == null ? responses.missing(rest[0]) : capture(intent, params);
      }
      if (rest.length == 2 && method.equals("POST") && rest[1].equals("cancel")) {
        return intent == null ? responses.missing(rest[0]) : cancel(intent, params);
      }
    }
    return responses.error(
        404,
        "invalid_request_error",
        null,
        null,
        "Unrecognized request URL (" + method + ": " + path + ").");
  }

  private MockResponse.Builder create(Map<String, String> params, HttpUrl url) {
    MockResponse.Builder unknown =
        responses.unknownParameters(
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
    Long amount = StripeWire.integer(params.get("amount"));
    if (amount == null || amount < 1) {
      return responses.invalid("amount", "parameter_invalid_integer", "Invalid positive integer");
    }
    String currency = params.get("currency");
    if (currency == null || !StripeSimulatorLimits.isCurrency(currency)) {
      return responses.invalid(
          "currency", "parameter_invalid_string", "Invalid currency: " + currency);
    }
    StripeSimulatorLimits.Refusal refusal = StripeSimulatorLimits.amount(amount, currency);
    if (refusal == null) {
      refusal = StripeSimulatorLimits.strings(params);
    }
    if (refusal != null) {
      return responses.invalid(refusal.param(), refusal.code(), refusal.message());
    }
    String captureMethod = params.getOrDefault("capture_method", "automatic_async");
    if (!Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
      return responses.invalid(
          "capture_method", "parameter_invalid_string", "Invalid capture_method");
    }
    boolean confirm = "true".equals(params.get("confirm"));
    String paymentMethod = params.get("payment_method");
    String returnUrl = params.get("return_url");
    if (confirm && paymentMethod == null) {
      return responses.invalid(
          "payment_method", "parameter_missing", "You must provide a payment_method to confirm.");
    }
    if (confirm
        && returnUrl == null
        && !"never".equals(params.get("automatic_payment_methods[allow_redirects]"))) {
      return responses.invalid(
          "return_url",
          "parameter_missing",
          "This PaymentIntent is configured to accept payment methods enabled in your Dashboard."
              + " Because some of these payment methods might redirect your customer off of your"
              + " page, you must provide a `return_url`.");
    }
    if (paymentMethod != null && !StripeTestCards.known(paymentMethod)) {
      return responses.error(
          400,
          "invalid_request_error",
          "resource_missing",
          "payment_method",
          "No such PaymentMethod: '" + paymentMethod + "'");
    }
    StripePaymentIntent intent = new StripePaymentIntent();
    intent.id = "pi_" + nextId();
    intent.amount = amount;
    intent.currency = currency;
    intent.captureMethod = captureMethod;
    intent.paymentMethod = paymentMethod;
    intent.description = params.get("description");
    intent.created = clock.instant().getEpochSecond();
    intent.returnUrl = returnUrl;
    intent.metadata.putAll(StripeWire.metadata(params));
    intents.put(intent.id, intent);
    if (!confirm) {
      intent.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
      return responses.success(StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
    }
    intent.chargeId = "ch_" + nextId();
    StripeTestCards.Decline decline = StripeTestCards.decline(paymentMethod);
    if (decline != null) {
      intent.status = "requires_payment_method";
      intent.chargeStatus = "failed";
      Map<String, Object> error = StripeJson.declineError(decline, paymentMethod);
      intent.lastPaymentError = error;
      Map<String, Object> body = new LinkedHashMap<>(error);
      body.put("charge", intent.chargeId);
      body.put("payment_intent", StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
      return responses.declined(body);
    }
    if (StripeTestCards.requiresAction(paymentMethod)) {
      intent.status = "requires_action";
      intent.chargeId = null;
      return responses.success(
          StripeJson.intentJson(intent, StripeWire.expandsCharge(params), url));
    }
    approve(intent);
    return responses.success(StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
  }

  /** Approves a confirmation: the charge succeeds, and is captured unless the capture is manual. */
  private void approve(StripePaymentIntent intent) {
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

  private MockResponse.Builder capture(StripePaymentIntent intent, Map<String, String> params) {
    MockResponse.Builder unknown =
        responses.unknownParameters(params, Set.of("amount_to_capture"), "expand[", "metadata[");
    if (unknown != null) {
      return unknown;
    }
    if (!intent.status.equals("requires_capture")) {
      return responses.unexpectedState(intent.status, "captured", "requires_capture");
    }
    long amount = intent.amountCapturable;
    if (params.containsKey("amount_to_capture")) {
      Long asked = StripeWire.integer(params.get("amount_to_capture"));
      if (asked == null || asked < 1) {
        return responses.invalid(
            "amount_to_capture", "parameter_invalid_integer", "Invalid integer");
      }
      if (asked > intent.amountCapturable) {
        return responses.invalid(
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
    return responses.success(StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
  }

  private MockResponse.Builder cancel(StripePaymentIntent intent, Map<String, String> params) {
    MockResponse.Builder unknown =
        responses.unknownParameters(params, Set.of("cancellation_reason"), "expand[");
    if (unknown != null) {
      return unknown;
    }
    String reason = params.get("cancellation_reason");
    if (reason != null
        && !Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned")
            .contains(reason)) {
      return responses.invalid("cancellation_reason", "parameter_invalid_string", "Invalid reason");
    }
    if (!Set.of(
            "requires_payment_method",
            "requires_capture",
            "requires_confirmation",
            "requires_action",
            "processing")
        .contains(intent.status)) {
      return responses.unexpectedState(
          intent.status,
          "canceled",
          "requires_payment_method, requires_capture, requires_confirmation, requires_action,"
              + " processing");
    }
    intent.status = "canceled";
    intent.amountCapturable = 0;
    intent.canceledAt = clock.instant().getEpochSecond();
    intent.cancellationReason = reason;
    return responses.success(StripeJson.intentJson(intent, StripeWire.expandsCharge(params)));
  }

  private MockResponse.Builder refund(Map<String, String> params) {
    MockResponse.Builder unknown =
        responses.unknownParameters(
            params, Set.of("payment_intent", "charge", "amount", "reason"), "metadata[", "expand[");
    if (unknown != null) {
      return unknown;
    }
    String paymentIntent = params.get("payment_intent");
    if (paymentIntent == null) {
      return responses.invalid(
          "payment_intent", "parameter_missing", "One of charge or payment_intent is required.");
    }
    StripePaymentIntent intent = intents.get(paymentIntent);
    if (intent == null) {
      return responses.missing(paymentIntent);
    }
    if (!intent.status.equals("succeeded")) {
      return responses.error(
          400,
          "invalid_request_error",
          "payment_intent_unexpected_state",
          "payment_intent",
          "This PaymentIntent (" + intent.id + ") does not have a successful charge to refund.");
    }
    long refundable = intent.amountReceived - intent.amountRefunded;
    if (refundable == 0) {
      return responses.error(
          400,
          "invalid_request_error",
          "charge_already_refunded",
          null,
          "Charge " + intent.chargeId + " has already been refunded.");
    }
    long amount = refundable;
    if (params.containsKey("amount")) {
      Long asked = StripeWire.integer(params.get("amount"));
      if (asked == null || asked < 1) {
        return responses.invalid("amount", "parameter_invalid_integer", "Invalid positive integer");
      }
      if (asked > refundable) {
        return responses.invalid(
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
      return responses.invalid("reason", "parameter_invalid_string", "Invalid reason");
    }
    intent.amountRefunded += amount;
    Map<String, Object> refund = new LinkedHashMap<>();
    refund.put("id", "re_" + nextId());
    refund.put("object", "refund");
    refund.put("amount", amount);
    refund.put("charge", intent.chargeId);
    refund.put("created", clock.instant().getEpochSecond());
    refund.put("currency", intent.currency);
    refund.put("metadata", StripeWire.metadata(params));
    refund.put("payment_intent", intent.id);
    refund.put("reason", reason);
    refund.put("status", "succeeded");
    refunds.put((String) refund.get("id"), refund);
    return responses.success(refund);
  }
}
