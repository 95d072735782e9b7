package dev.switchboard.webhooks;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.http.VendorTimes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks every signed-webhook verifier makes, written once for adapter authors: a required
 * header, the signed timestamp against a tolerance, an HMAC-SHA256 compared in constant time, and
 * the {@link WebhookVerificationException} that names the provider and the operation. What a vendor
 * signs, and how it encodes the signature, stays in its adapter.
 *
 * <pre>{@code
 * WebhookChecks checks = WebhookChecks.of(provider, "verify");
 * String timestamp = checks.requireHeader(request, "X-Timestamp");
 * byte[] expected = WebhookChecks.hmacSha256(key, timestamp.getBytes(UTF_8), request.body());
 * byte[] provided = HexFormat.of().parseHex(checks.requireHeader(request, "X-Signature"));
 * if (!WebhookChecks.anyEqual(List.of(expected), List.of(provided))) {
 *   throw checks.failure(Problem.SIGNATURE_MISMATCH, "the signature does not match");
 * }
 * checks.checkTimestamp(Long.parseLong(timestamp), clock, tolerance);
 * }</pre>
 *
 * <p>In a builder, {@link #requirePositiveTolerance(Duration)} and {@link #requireClock(Clock)}
 * check the two settings every verifier has. Immutable and thread-safe.
 */
public final class WebhookChecks {

  private final ErrorContext context;

  private WebhookChecks(ErrorContext context) {
    this.context = context;
  }

  /** Checks whose failures name this provider and operation (such as {@code "verify"}). */
  public static WebhookChecks of(String provider, String operation) {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(operation, "operation == null");
    return new WebhookChecks(
        ErrorContext.builder().provider(provider).operation(operation).build());
  }

  /** The context of every failure: the provider and the operation, nothing sent. */
  public ErrorContext context() {
    return context;
  }

  /** A verification failure with this context. */
  public WebhookVerificationException failure(Problem problem, String reason) {
    return new WebhookVerificationException(problem, reason, context);
  }

  /** A verification failure with this context and the error that caused it. */
  public WebhookVerificationException failure(Problem problem, String reason, Throwable cause) {
    return new WebhookVerificationException(problem, reason, context, cause);
  }

  /** The {@link Problem#MISSING_HEADER} failure for the header {@code name}. */
  public WebhookVerificationException missingHeader(String name) {
    return failure(Problem.MISSING_HEADER, "header " + name + " is missing");
  }

  /**
   * The first value of the header, trimmed.
   *
   * @throws WebhookVerificationException {@link Problem#MISSING_HEADER} when the header is absent
   *     or blank
   */
  public String requireHeader(WebhookRequest request, String name) {
    String value = request.header(name).orElse(null);
    if (value == null || value.isBlank()) {
      throw missingHeader(name);
    }
    return value.trim();
  }

  /**
   * Accepts a signed time at most {@code tolerance} from the clock's now, in either direction; a
   * time exactly at the tolerance is accepted.
   *
   * @throws WebhookVerificationException {@link Problem#TIMESTAMP_OUT_OF_TOLERANCE} otherwise,
   *     saying how far off the time is, which way, and the tolerance
   */
  public void checkTimestamp(Instant signedAt, Clock clock, Duration tolerance) {
    Instant now = clock.instant();
    Duration off = Duration.between(signedAt, now);
    if (off.abs().compareTo(tolerance) > 0) {
      throw failure(
          Problem.TIMESTAMP_OUT_OF_TOLERANCE,
          "signed at "
              + signedAt
              + ", "
              + off.abs().toSeconds()
              + " s "
              + (off.isNegative() ? "ahead of" : "behind")
              + " the clock ("
              + now
              + "); the tolerance is "
              + tolerance.toSeconds()
              + " s");
    }
  }

  /**
   * Accepts a signed time in Unix seconds, as a header or signature states it, at most {@code
   * tolerance} from the clock's now, in either direction. Any {@code long} is handled: one beyond
   * the range of {@link Instant} is out of any tolerance.
   *
   * @throws WebhookVerificationException {@link Problem#TIMESTAMP_OUT_OF_TOLERANCE} otherwise
   */
  public void checkTimestamp(long epochSeconds, Clock clock, Duration tolerance) {
    if (epochSeconds < Instant.MIN.getEpochSecond()
        || epochSeconds > Instant.MAX.getEpochSecond()) {
      throw failure(
          Problem.TIMESTAMP_OUT_OF_TOLERANCE,
          "signed at " + epochSeconds + " s since the epoch, beyond the range of any clock");
    }
    checkTimestamp(Instant.ofEpochSecond(epochSeconds), clock, tolerance);
  }

  /**
   * The instant a time in the body states as Unix seconds (a JSON number: integer, fraction or
   * exponent), its fraction kept to the nanosecond and anything finer floored. Handles any number a
   * JSON parser hands over ({@code Double}, {@code Long}, {@code BigDecimal}, ...), so that hostile
   * values end as a verification failure, never as an arithmetic or date-time error.
   *
   * @param field the body's field, named in the failure
   * @throws WebhookVerificationException {@link Problem#MALFORMED_BODY} naming {@code field} when
   *     the value is absent, not a finite number, or beyond the range of {@link Instant}
   */
  public Instant epochSeconds(String field, Number seconds) {
    try {
      return VendorTimes.epochSeconds(field, seconds);
    } catch (JsonDataException e) {
      throw failure(Problem.MALFORMED_BODY, e.getMessage());
    }
  }

  /**
   * HMAC-SHA256 under {@code key} of the parts, one after the other.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Whether any provided signature equals any expected one. Every pair is compared, each in
   * constant time, so the time taken tells neither which pair matched nor how much of it.
   */
  public static boolean anyEqual(List<byte[]> expected, List<byte[]> provided) {
    boolean matched = false;
    for (byte[] e : expected) {
      for (byte[] p : provided) {
        matched |= MessageDigest.isEqual(e, p);
      }
    }
    return matched;
  }

  /**
   * Checks a builder's tolerance setting.
   *
   * @throws InvalidRequestException naming {@code tolerance} unless it is positive
   */
  public static Duration requirePositiveTolerance(Duration tolerance) {
    Objects.requireNonNull(tolerance, "tolerance == null");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw InvalidRequestException.invalidField(
          "tolerance", "tolerance must be positive, was " + tolerance);
    }
    return tolerance;
  }

  /**
   * Checks a builder's clock setting.
   *
   * @throws NullPointerException naming {@code clock} if it is null
   */
  public static Clock requireClock(Clock clock) {
    Objects.requireNonNull(clock, "clock == null");
    return clock;
  }
}
