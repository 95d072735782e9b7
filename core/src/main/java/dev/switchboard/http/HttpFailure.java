package dev.switchboard.http;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * A vendor's non-2xx answer, as handed to an {@link ErrorMapper}: the status, the response headers
 * (sensitive ones removed), at most {@link #BODY_LIMIT} bytes of the error body decoded as text,
 * our {@code X-Request-Id}, and an {@link ErrorContext} already filled with the provider,
 * operation, status, vendor request id, idempotency key and {@code requestSent=true}.
 *
 * <pre>{@code
 * HttpFailure failure = HttpFailure.builder()
 *     .status(429).headers(Headers.of("Retry-After", "2"))
 *     .body("{\"error\":\"slow down\"}")
 *     .context(ErrorContext.builder().provider("acme").httpStatus(429).requestSent(true).build())
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} prints the body's size, never its content.
 */
public final class HttpFailure {
  /** The most bytes of an error body that are read: 64 KiB. */
  public static final int BODY_LIMIT = 64 * 1024;

  private final int status;
  private final Headers headers;
  private final String body;
  private final boolean bodyTruncated;
  private final String requestId;
  private final ErrorContext context;

  private HttpFailure(Builder b) {
    this.status = b.status;
    this.headers = b.headers;
    this.body = b.body;
    this.bodyTruncated = b.bodyTruncated;
    this.requestId = b.requestId;
    this.context = b.context;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The response headers, without the configured sensitive ones. */
  public Headers headers() {
    return headers;
  }

  /** A response header's last value, ignoring case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The error body as text, at most {@link #BODY_LIMIT} bytes of it; empty when there was none. */
  public String body() {
    return body;
  }

  /** Whether the vendor sent more than {@link #BODY_LIMIT} bytes and the rest was dropped. */
  public boolean bodyTruncated() {
    return bodyTruncated;
  }

  /** The {@code X-Request-Id} this SDK sent with the request, to quote in messages and logs. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The context every mapped exception should start from. */
  public ErrorContext context() {
    return context;
  }

  /**
   * A suffix such as {@code " (X-Request-Id 6f1c...)"} for exception reasons; empty without one.
   */
  public String requestIdSuffix() {
    return requestId == null ? "" : " (X-Request-Id " + requestId + ")";
  }

  @Override
  public String toString() {
    return "HttpFailure{status="
        + status
        + ", bodyChars="
        + body.length()
        + (bodyTruncated ? "+" : "")
        + ", requestId="
        + requestId
        + ", context="
        + context
        + "}";
  }

  /** Builds an {@link HttpFailure}; the status and the context are required. */
  public static final class Builder {
    private int status = -1;
    private Headers headers = Headers.of();
    private String body = "";
    private boolean bodyTruncated;
    private String requestId;
    private ErrorContext context;

    private Builder() {}

    /** The status, 100 to 599. */
    public Builder status(int status) {
      if (status < 100 || status > 599) {
        throw InvalidRequestException.invalidField(
            "status", "status must be 100 to 599, was " + status);
      }
      this.status = status;
      return this;
    }

    public Builder headers(Headers headers) {
      if (headers == null) {
        throw new NullPointerException("headers == null");
      }
      this.headers = headers;
      return this;
    }

    /** The body text; longer than {@link #BODY_LIMIT} characters is cut and marked truncated. */
    public Builder body(String body) {
      if (body == null) {
        throw new NullPointerException("body == null");
      }
      if (body.length() > BODY_LIMIT) {
        this.body = body.substring(0, BODY_LIMIT);
        this.bodyTruncated = true;
      } else {
        this.body = body;
      }
      return this;
    }

    /** Marks the body as cut short; a body cut by {@link #body} stays marked whatever is passed. */
    public Builder bodyTruncated(boolean bodyTruncated) {
      this.bodyTruncated = this.bodyTruncated || bodyTruncated;
      return this;
    }

    /** Our {@code X-Request-Id}, or null when unknown. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder context(ErrorContext context) {
      if (context == null) {
        throw new NullPointerException("context == null");
      }
      this.context = context;
      return this;
    }

    /**
     * @throws InvalidRequestException if the status or the context is missing
     */
    public HttpFailure build() {
      if (status < 0) {
        throw InvalidRequestException.invalidField("status", "status is required");
      }
      if (context == null) {
        throw new IllegalStateException("context must be set");
      }
      return new HttpFailure(this);
    }
  }
}
