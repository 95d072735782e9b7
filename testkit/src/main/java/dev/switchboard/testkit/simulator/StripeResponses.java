package dev.switchboard.testkit.simulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;

/**
 * Writing Stripe's answers: JSON bodies, a {@code Request-Id} on each, Stripe's error format, and
 * the one-shot changes a test asks for ({@code respondNextWithout}). Remembers the last status and
 * body, which the idempotency layer saves.
 */
final class StripeResponses {
  static final String API_VERSION = "2026-02-25.clover";

  private final JsonAdapter<Map<String, Object>> json =
      new Moshi.Builder()
          .build()
          .<Map<String, Object>>adapter(
              Types.newParameterizedType(Map.class, String.class, Object.class))
          .serializeNulls();
  private Consumer<Map<String, Object>> alterNext;
  private long requestIds;
  private int lastStatus;
  private String lastBody;

  /** The next successful answer is changed by {@code change} before it is written. */
  void alterNext(Consumer<Map<String, Object>> change) {
    this.alterNext = change;
  }

  /** Forgets a pending change and the last answer; request ids keep counting. */
  void reset() {
    alterNext = null;
    lastStatus = 0;
    lastBody = null;
  }

  int lastStatus() {
    return lastStatus;
  }

  String lastBody() {
    return lastBody;
  }

  /** The request id of the answer written last. */
  String lastRequestId() {
    return requestId(requestIds);
  }

  String toJson(Map<String, Object> body) {
    return json.toJson(body);
  }

  Map<String, Object> fromJson(String body) throws IOException {
    return Objects.requireNonNull(json.fromJson(body), "empty body");
  }

  /** 200 with {@code body}, after any change a test asked for. */
  MockResponse.Builder success(Map<String, Object> body) {
    if (alterNext != null) {
      alterNext.accept(body);
      alterNext = null;
    }
    return json(200, json.toJson(body));
  }

  /** A 402 card error: the decline with the PaymentIntent and charge it concerns. */
  MockResponse.Builder declined(Map<String, Object> error) {
    Map<String, Object> body = new LinkedHashMap<>(error);
    body.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + peekRequestId());
    return json(402, json.toJson(Map.of("error", body)));
  }

  MockResponse.Builder missing(String id) {
    return error(
        404,
        "invalid_request_error",
        "resource_missing",
        "intent",
        "No such payment_intent: '" + id + "'");
  }

  MockResponse.Builder unexpectedState(String status, String verb, String allowed) {
    return error(
        400,
        "invalid_request_error",
        "payment_intent_unexpected_state",
        null,
        "This PaymentIntent could not be "
            + verb
            + " because it has a status of "
            + status
            + ". Only a PaymentIntent with one of the following statuses may be "
            + verb
            + ": "
            + allowed
            + ".");
  }

  MockResponse.Builder invalid(String param, String code, String message) {
    return error(400, "invalid_request_error", code, param, message);
  }

  /** Stripe's 400 {@code parameter_unknown} for the first unknown parameter, or null if none. */
  MockResponse.Builder unknownParameters(
      Map<String, String> params, java.util.Set<String> names, String... prefixes) {
    String unknown = StripeWire.unknownParameter(params, names, prefixes);
    return unknown == null
        ? null
        : invalid(unknown, "parameter_unknown", "Received unknown parameter: " + unknown);
  }

  /** An answer in Stripe's error format: {@code {"error": {code, doc_url, message, ...}}}. */
  MockResponse.Builder error(int status, String type, String code, String param, String message) {
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

  MockResponse.Builder json(int status, String body) {
    requestIds++;
    lastStatus = status;
    lastBody = body;
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("Request-Id", requestId(requestIds))
        .setHeader("Stripe-Version", API_VERSION)
        .body(body);
  }

  MockResponse.Builder text(int status, String body) {
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
}
