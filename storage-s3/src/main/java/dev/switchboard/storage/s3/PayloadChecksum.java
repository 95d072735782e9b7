package dev.switchboard.storage.s3;

import java.util.Locale;

/**
 * How a put sent in one request proves its body to S3, which recomputes the value from the bytes it
 * received and refuses the put on a mismatch ({@code BadDigest} or {@code
 * XAmzContentSHA256Mismatch}), so a body damaged on the way is never stored.
 *
 * <p>Both cost one pass over the content before it is sent; they differ in what that pass costs and
 * in what it protects against. SigV4 signs every header it is given, so either value is covered by
 * the request's signature.
 */
public enum PayloadChecksum {
  /**
   * {@link #CRC32C} when the endpoint is {@code https} (TLS already keeps the body from being
   * altered on the way, so the check is for damage), {@link #SHA256} over plain {@code http}.
   */
  AUTO,

  /**
   * The body's SHA-256 as the signed payload hash ({@code x-amz-content-sha256}): the body itself
   * is signed, so nobody between the client and S3 can change it, even over plain HTTP. About 0.7
   * ms of CPU per MiB on a CPU with SHA extensions.
   */
  SHA256,

  /**
   * {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} with the body's CRC32C in a signed {@code
   * x-amz-checksum-crc32c} header, as the AWS SDKs send over HTTPS: S3 checks the bytes against it
   * and stores it with the object. About 20 µs of CPU per MiB. A CRC catches damage but not a
   * deliberate change, so over plain HTTP choose it only on a network you trust, and only with a
   * store that checks the header (AWS S3, MinIO and s3proxy do).
   */
  CRC32C;

  /** Whether puts to {@code endpoint} (a base URL) go with a CRC32C. */
  boolean crc32c(String endpoint) {
    return this == CRC32C
        || (this == AUTO && endpoint.regionMatches(true, 0, "https:", 0, "https:".length()));
  }

  /** The value named {@code text} ({@code auto}, {@code sha256}, {@code crc32c}), or null. */
  static PayloadChecksum parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "sha256", "sha-256" -> SHA256;
      case "crc32c" -> CRC32C;
      default -> null;
    };
  }
}
