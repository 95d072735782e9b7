package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery exactly as it arrived: the headers, looked up without regard to case, and the
 * raw body bytes.
 *
 * <p>Signatures are computed over the bytes the vendor sent, so hand the verifier the body before
 * any framework parses or re-serializes it. In a servlet:
 *
 * <pre>{@code
 * WebhookRequest request = WebhookRequest.builder()
 *     .header("X-Signature", servletRequest.getHeader("X-Signature"))
 *     .body(servletRequest.getInputStream().readAllBytes())
 *     .build();
 * List<WebhookEvent> events = verifier.verify(request);
 * }</pre>
 */
public final class WebhookRequest {
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private WebhookRequest(Builder b) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = b.body.clone();
  }

  /**
   * A request with these headers (any case; several values per name allowed) and body.
   *
   * @throws InvalidRequestException if a header name is blank or a value is null
   */
  public static WebhookRequest of(Map<String, ? extends List<String>> headers, byte[] body) {
    Builder b = builder().body(body);
    Objects.requireNonNull(headers, "headers == null")
        .forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every header, its name matched without regard to case. Unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of the header, matched without regard to case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of the header, in the order they arrived; empty when absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** A copy of the raw body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The number of body bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** Names the headers and counts the body; prints no header value and no body. */
  @Override
  public String toString() {
    return "WebhookRequest{headers=" + headers.keySet() + ", body=" + body.length + " bytes}";
  }

  /** Builds a {@link WebhookRequest}. */
  public static final class Builder {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body = new byte[0];

    private Builder() {}

    /** Adds a value to the header; a second call with the same name (any case) adds another. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw InvalidRequestException.invalidField("headers", "header name is blank");
      }
      if (value == null) {
        throw InvalidRequestException.invalidField(
            "headers[\"" + name + "\"]", "header value is null");
      }
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** The raw body bytes; copied. */
    public Builder body(byte[] body) {
      Objects.requireNonNull(body, "body == null");
      this.body = body.clone();
      return this;
    }

    /** The body as UTF-8 text; use {@link #body(byte[])} when you have the raw bytes. */
    public Builder body(String body) {
      Objects.requireNonNull(body, "body == null");
      this.body = body.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public WebhookRequest build() {
      return new WebhookRequest(this);
    }
  }
}
