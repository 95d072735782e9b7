package dev.switchboard.payments.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;

/** Reads a recorded form body back into its fields, in the order they were sent. */
final class Forms {
  private Forms() {}

  static Map<String, String> of(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }
}
