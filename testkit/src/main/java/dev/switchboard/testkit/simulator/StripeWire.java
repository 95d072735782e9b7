package dev.switchboard.testkit.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/** Reading Stripe's requests: form bodies and query strings into parameters, and their values. */
final class StripeWire {
  private StripeWire() {}

  /** The parameters of a form body, {@code a=1&metadata%5Bk%5D=v}, decoded, in order. */
  static Map<String, String> form(String body) {
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

  /** The parameters of a URL's query string, decoded, in order. */
  static Map<String, String> query(HttpUrl url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      params.put(url.queryParameterName(i), value == null ? "" : value);
    }
    return params;
  }

  /** The {@code metadata[key]=value} parameters as a map of key to value. */
  static Map<String, String> metadata(Map<String, String> params) {
    Map<String, String> metadata = new LinkedHashMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith("metadata[") && k.endsWith("]")) {
            metadata.put(k.substring("metadata[".length(), k.length() - 1), v);
          }
        });
    return metadata;
  }

  /** Whether the request asks for the PaymentIntent's charge expanded ({@code expand[]}). */
  static boolean expandsCharge(Map<String, String> params) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith("expand[") && e.getValue().equals("latest_charge")) {
        return true;
      }
    }
    return false;
  }

  /** The value as a long, or null if it is missing or not an integer. */
  static Long integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The first parameter that is neither one of {@code names} nor {@code prefix[...]} for one of
   * {@code prefixes}, or null if every one is known.
   */
  static String unknownParameter(
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
        return name;
      }
    }
    return null;
  }

  /** A key as Stripe's 401 message shows it: its start and last four characters. */
  static String mask(String key) {
    return key.length() <= 12
        ? "****"
        : key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
  }
}
