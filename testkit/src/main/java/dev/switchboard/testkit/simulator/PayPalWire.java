package dev.switchboard.testkit.simulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * PayPal's wire format: JSON in and out, its error format ({@code name}, {@code details} with
 * {@code issue}), a {@code Paypal-Debug-Id} on every answer, and the one sequence all ids, tokens
 * and debug ids come from.
 */
final class PayPalWire {
  /** An answer before its debug id is set: status and JSON body. */
  record Answer(int code, String json) {}

  private final JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
  private long sequence;

  String toJson(Object value) {
    return json.toJson(value);
  }

  Object fromJson(String body) throws IOException {
    return json.fromJson(body);
  }

  /** A new access token. */
  String nextToken() {
    return "A21AA-fake-" + (++sequence);
  }

  Answer notFound() {
    return error(
        404,
        "INVALID_RESOURCE_ID",
        null,
        "Specified resource ID does not exist.",
        "RESOURCE_NOT_FOUND");
  }

  Answer error(int status, String issue, String field, String description) {
    return error(
        status,
        issue,
        field,
        description,
        status == 400 ? "INVALID_REQUEST" : "UNPROCESSABLE_ENTITY");
  }

  Answer error(int status, String issue, String field, String description, String name) {
    Map<String, Object> detail = new LinkedHashMap<>();
    putIfSet(detail, "field", field);
    detail.put("issue", issue);
    detail.put("description", description);
    Map<String, Object> body =
        ordered(
            "name", name,
            "message", "The requested action could not be performed.",
            "debug_id", "pending");
    body.put("details", List.of(detail));
    body.put("links", List.of());
    return new Answer(status, json.toJson(body));
  }

  MockResponse.Builder respond(Answer answer) {
    String debugId = nextDebugId();
    return json(
        answer.code(),
        answer.json().replace("\"debug_id\":\"pending\"", "\"debug_id\":\"" + debugId + "\""),
        debugId);
  }

  static MockResponse.Builder json(int code, String body, String debugId) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("Paypal-Debug-Id", debugId)
        .body(body);
  }

  String nextDebugId() {
    return String.format("f%012x", ++sequence);
  }

  String nextId(String kind) {
    return kind.charAt(0) + String.format("%016X", ++sequence);
  }

  static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  static Map<String, Object> ordered(String... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }
}
