package dev.switchboard.endtoend;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.switchboard.http.SwitchboardMoshi;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * acme-pay on a {@code MockWebServer}: a small stateful vendor that remembers every idempotency key
 * and replays its first answer, so a charge sent twice with one key is visible as one charge (and
 * one sent twice with two keys as two), plus switches for the faults the resilience layer must
 * survive.
 *
 * <pre>{@code
 * AcmeSimulator acme = new AcmeSimulator("sk_test_key", clock);
 * server.setDispatcher(acme);
 * acme.failNext(1, AcmeSimulator.Fault.disconnectAfterRequest()); // acts, then the answer is lost
 * acme.failAlways(AcmeSimulator.Fault.unavailable());             // 503 until heal()
 * acme.acceptOnlyKey("sk_test_rotated");                          // 401 for the old key
 * }</pre>
 *
 * <p>Faults that answer with an error (503, 500, 429) are decided before the request is looked at,
 * so nothing is charged. The two that lose the answer (a hang and a disconnect) process the request
 * first, as a vendor that acted and then failed to answer would. A source token {@code
 * tok_decline_<code>} is declined with {@code 402 card_error <code>}. Thread-safe.
 */
final class AcmeSimulator extends Dispatcher {
  /** What the vendor does instead of answering normally. */
  enum FaultKind {
    /** 503 before processing. */
    UNAVAILABLE,
    /** 500 before processing. */
    SERVER_ERROR,
    /** 429 with a {@code Retry-After} in seconds, before processing. */
    RATE_LIMITED,
    /** Processes the request, then never answers. */
    HANG,
    /** Processes the request, then closes the connection without answering. */
    DISCONNECT_AFTER_REQUEST
  }

  /** One fault; {@code retryAfterSeconds} matters only for {@link FaultKind#RATE_LIMITED}. */
  record Fault(FaultKind kind, long retryAfterSeconds) {
    static Fault unavailable() {
      return new Fault(FaultKind.UNAVAILABLE, 0);
    }

    static Fault serverError() {
      return new Fault(FaultKind.SERVER_ERROR, 0);
    }

    static Fault rateLimited(Duration retryAfter) {
      return new Fault(FaultKind.RATE_LIMITED, retryAfter.toSeconds());
    }

    static Fault hang() {
      return new Fault(FaultKind.HANG, 0);
    }

    static Fault disconnectAfterRequest() {
      return new Fault(FaultKind.DISCONNECT_AFTER_REQUEST, 0);
    }
  }

  /**
   * A request as the vendor saw it. Holds the {@code Authorization} value so that tests can check
   * which key was sent; never print one.
   */
  record Received(String method, String path, String idempotencyKey, String authorization) {}

  /** The first answer to an idempotency key, replayed for every repeat with the same body. */
  private record Stored(String requestBody, int code, String json) {}

  private final Clock clock;
  private final JsonAdapter<AcmeJson.ChargeBody> chargeBodies;
  private final JsonAdapter<AcmeJson.Charge> charges;
  private final JsonAdapter<AcmeJson.ErrorEnvelope> errors;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Stored> byKey = new HashMap<>();
  private final Map<String, AcmeJson.Charge> byId = new HashMap<>();
  private final Deque<Fault> next = new ArrayDeque<>();
  private Fault standing;
  private String validKey;
  private int responses;
  private long quotaLimit = -1;
  private long quotaRemaining;
  private int replays;

  AcmeSimulator(String validKey, Clock clock) {
    this.validKey = validKey;
    this.clock = clock;
    Moshi moshi = SwitchboardMoshi.create();
    this.chargeBodies = moshi.adapter(AcmeJson.ChargeBody.class);
    this.charges = moshi.adapter(AcmeJson.Charge.class);
    this.errors = moshi.adapter(AcmeJson.ErrorEnvelope.class);
  }

  /** The next {@code times} requests meet the fault; then the standing behaviour resumes. */
  synchronized void failNext(int times, Fault fault) {
    for (int i = 0; i < times; i++) {
      next.add(fault);
    }
  }

  /** Every request meets the fault until {@link #heal()}. */
  synchronized void failAlways(Fault fault) {
    this.standing = fault;
  }

  /** Drops every fault, queued or standing. */
  /** Answers with {@code X-RateLimit-*} headers from now on: this limit, this much left. */
  synchronized void reportQuota(long limit, long remaining) {
    this.quotaLimit = limit;
    this.quotaRemaining = remaining;
  }

  synchronized void heal() {
    next.clear();
    standing = null;
  }

  /** The vendor rotated the API key: only {@code key} is accepted from now on, others get 401. */
  synchronized void acceptOnlyKey(String key) {
    this.validKey = key;
  }

  /** Every request received, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The idempotency keys of the charge requests received, in order. */
  List<String> chargeKeys() {
    return received.stream()
        .filter(r -> r.method().equals("POST"))
        .map(Received::idempotencyKey)
        .collect(Collectors.toList());
  }

  /** How many distinct charges were created: what the customer's statement would show. */
  synchronized int chargesCreated() {
    return byId.size();
  }

  /** How many requests were answered from the idempotency record instead of acting again. */
  synchronized int replays() {
    return replays;
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    received.add(
        new Received(
            request.getMethod(),
            request.getUrl().encodedPath(),
            request.getHeaders().get("Idempotency-Key"),
            request.getHeaders().get("Authorization")));
    Fault fault = next.isEmpty() ? standing : next.poll();
    if (fault == null) {
      return answer(request).build();
    }
    return switch (fault.kind()) {
      case UNAVAILABLE -> error(503, "api_error", "unavailable", "try again later").build();
      case SERVER_ERROR -> error(500, "api_error", "internal", "something broke").build();
      case RATE_LIMITED ->
          error(429, "rate_limit_error", "rate_limited", "slow down")
              .setHeader("Retry-After", Long.toString(fault.retryAfterSeconds()))
              .build();
      case HANG -> answer(request).onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case DISCONNECT_AFTER_REQUEST ->
          answer(request).onResponseStart(new SocketEffect.CloseSocket()).build();
    };
  }

  private MockResponse.Builder answer(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (!("Bearer " + validKey).equals(authorization)) {
      return error(401, "authentication_error", "invalid_api_key", "the API key is not valid");
    }
    String path = request.getUrl().encodedPath();
    if (request.getMethod().equals("POST") && path.equals("/v1/charges")) {
      return charge(request);
    }
    if (request.getMethod().equals("GET") && path.startsWith("/v1/charges/")) {
      AcmeJson.Charge charge = byId.get(path.substring("/v1/charges/".length()));
      return charge == null
          ? error(404, "invalid_request_error", "resource_missing", "no such charge")
          : json(200, charges.toJson(charge));
    }
    return error(404, "invalid_request_error", "unknown_route", "no such route");
  }

  private MockResponse.Builder charge(RecordedRequest request) {
    String key = request.getHeaders().get("Idempotency-Key");
    if (key == null) {
      return error(400, "invalid_request_error", "idempotency_key_missing", "send one");
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Stored first = byKey.get(key);
    if (first != null) {
      if (!first.requestBody().equals(body)) {
        return error(409, "idempotency_error", "key_reused", "key used with other parameters");
      }
      replays++;
      return json(first.code(), first.json()).setHeader("Idempotent-Replayed", "true");
    }
    AcmeJson.ChargeBody charge;
    try {
      charge = chargeBodies.fromJson(body);
    } catch (IOException | JsonDataException e) {
      charge = null;
    }
    if (charge == null || charge.source() == null || charge.currency() == null) {
      return error(400, "invalid_request_error", "parameter_invalid", "unreadable charge");
    }
    Stored stored;
    if (charge.source().startsWith("tok_decline_")) {
      String code = charge.source().substring("tok_decline_".length());
      stored = new Stored(body, 402, errorJson("card_error", code, "the card was declined"));
    } else {
      String id = "ch_" + (byId.size() + 1);
      AcmeJson.Charge created =
          new AcmeJson.Charge(
              id,
              charge.amount(),
              charge.currency(),
              "succeeded",
              charge.amount(),
              clock.instant().getEpochSecond(),
              charge.metadata());
      byId.put(id, created);
      stored = new Stored(body, 200, charges.toJson(created));
    }
    byKey.put(key, stored);
    return json(stored.code(), stored.json());
  }

  private MockResponse.Builder error(int code, String type, String vendorCode, String message) {
    return json(code, errorJson(type, vendorCode, message));
  }

  private String errorJson(String type, String code, String message) {
    return errors.toJson(new AcmeJson.ErrorEnvelope(new AcmeJson.ErrorBody(type, code, message)));
  }

  private MockResponse.Builder json(int code, String json) {
    responses++;
    MockResponse.Builder response =
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "application/json")
            .setHeader("Acme-Request-Id", "req_" + responses)
            .body(json);
    if (quotaLimit >= 0) {
      response
          .setHeader("X-RateLimit-Limit", Long.toString(quotaLimit))
          .setHeader("X-RateLimit-Remaining", Long.toString(quotaRemaining))
          .setHeader(
              "X-RateLimit-Reset", Long.toString(clock.instant().plusSeconds(60).getEpochSecond()));
    }
    return response;
  }
}
