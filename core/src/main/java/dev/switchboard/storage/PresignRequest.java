package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.internal.MediaTypes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a presigned URL may do and for how long: a download ({@link #get}) or an upload ({@link
 * #put}), valid for a bounded time so that a leaked URL stops working.
 *
 * <pre>{@code
 * URI download = store.presign("report.pdf", PresignRequest.get(Duration.ofMinutes(15)));
 * URI upload = store.presign(
 *     "avatar.png", PresignRequest.put(Duration.ofMinutes(5)).withContentType("image/png"));
 * }</pre>
 *
 * <p>The expiry must be more than zero and at most {@value #MAX_EXPIRY_DAYS} days (S3's limit). An
 * upload may be bound to a content type, which the uploader must then send.
 */
public final class PresignRequest {
  /** The longest validity, in days. */
  public static final int MAX_EXPIRY_DAYS = 7;

  private static final Duration MAX_EXPIRY = Duration.ofDays(MAX_EXPIRY_DAYS);

  private final HttpMethod method;
  private final Duration expiry;
  private final String contentType;

  private PresignRequest(HttpMethod method, Duration expiry, String contentType) {
    this.method = method;
    this.expiry = expiry;
    this.contentType = contentType;
  }

  /** A URL to download the blob, valid for {@code expiry}. */
  public static PresignRequest get(Duration expiry) {
    return new PresignRequest(HttpMethod.GET, requireExpiry(expiry), null);
  }

  /** A URL to upload the blob, valid for {@code expiry}. */
  public static PresignRequest put(Duration expiry) {
    return new PresignRequest(HttpMethod.PUT, requireExpiry(expiry), null);
  }

  private static Duration requireExpiry(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry == null");
    if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
      throw InvalidRequestException.invalidField(
          "expiry",
          "expiry must be more than zero and at most " + MAX_EXPIRY_DAYS + " days, was " + expiry);
    }
    return expiry;
  }

  /**
   * This upload bound to {@code contentType} ({@code type/subtype}), which the uploader must send.
   *
   * @throws InvalidRequestException with field {@code contentType} for a download, or a malformed
   *     type
   */
  public PresignRequest withContentType(String contentType) {
    if (method != HttpMethod.PUT) {
      throw InvalidRequestException.invalidField(
          "contentType", "only an upload (PUT) URL can be bound to a content type");
    }
    return new PresignRequest(method, expiry, MediaTypes.requireValid("contentType", contentType));
  }

  public HttpMethod method() {
    return method;
  }

  /** How long the URL stays valid after it is made. */
  public Duration expiry() {
    return expiry;
  }

  /** The content type an upload must carry; absent when any is accepted. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PresignRequest other
        && method == other.method
        && expiry.equals(other.expiry)
        && Objects.equals(contentType, other.contentType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, expiry, contentType);
  }

  @Override
  public String toString() {
    return "PresignRequest["
        + method
        + ", expiry="
        + expiry
        + (contentType == null ? "" : ", contentType=" + contentType)
        + "]";
  }
}
