package dev.switchboard.storage.s3.internal;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;

/**
 * The one place S3's vocabulary meets the SDK's: response headers and XML become {@link BlobInfo}
 * and {@link BlobPage}, and S3's error codes become the taxonomy.
 *
 * <table>
 *   <caption>S3 error to exception</caption>
 *   <tr><th>S3 code (status)</th><th>exception</th></tr>
 *   <tr><td>NoSuchKey (404), a 404 without a body</td><td>NotFoundException</td></tr>
 *   <tr><td>NoSuchBucket (404)</td><td>InvalidRequestException, field {@code bucket}: the
 *       configuration names a bucket that does not exist, which no retry mends and which must not
 *       read as "no such blob"</td></tr>
 *   <tr><td>PreconditionFailed (412)</td><td>ConflictException (create-if-absent)</td></tr>
 *   <tr><td>InvalidRange (416)</td><td>InvalidRequestException, field {@code range}</td></tr>
 *   <tr><td>SignatureDoesNotMatch, InvalidAccessKeyId, ExpiredToken, InvalidToken,
 *       TokenRefreshRequired, AccessDenied, RequestTimeTooSkewed, any 401/403</td>
 *       <td>AuthenticationException; the credentials are re-read before the next request</td></tr>
 *   <tr><td>SlowDown, any 503</td><td>RateLimitedException</td></tr>
 *   <tr><td>RequestTimeout (400), BadDigest, XAmzContentSHA256Mismatch, OperationAborted,
 *       ConditionalRequestConflict</td><td>ProviderUnavailableException: S3 stored nothing and
 *       says so, so sending again is safe</td></tr>
 *   <tr><td>EntityTooLarge</td><td>InvalidRequestException, field {@code content}</td></tr>
 *   <tr><td>KeyTooLongError</td><td>InvalidRequestException, field {@code key}</td></tr>
 *   <tr><td>MetadataTooLarge</td><td>InvalidRequestException, field {@code metadata}</td></tr>
 *   <tr><td>InvalidArgument in a listing</td><td>InvalidRequestException, field {@code
 *       pageToken} (the only listing input not checked before sending)</td></tr>
 *   <tr><td>InternalError (500), NoSuchUpload, other 5xx</td><td>OutcomeUnknownException</td></tr>
 *   <tr><td>anything else</td><td>by status, as {@link DefaultErrorMapper} does</td></tr>
 * </table>
 *
 * <p>{@code x-amz-request-id} (and {@code x-amz-id-2}, S3's host id) are kept in {@link
 * ErrorContext#vendorRequestId()}; the S3 code in {@link ErrorContext#vendorCode()}.
 */
public final class S3Mapper implements ErrorMapper {
  /** The prefix of user metadata headers. */
  public static final String META = "x-amz-meta-";

  private static final Set<String> AUTH_CODES =
      Set.of(
          "SignatureDoesNotMatch",
          "InvalidAccessKeyId",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "AccessDenied",
          "RequestTimeTooSkewed",
          "InvalidSecurity");
  private static final Set<String> NOT_PROCESSED =
      Set.of(
          "RequestTimeout",
          "BadDigest",
          "XAmzContentSHA256Mismatch",
          "OperationAborted",
          "ConditionalRequestConflict");

  private final S3Credentials credentials;
  private final ErrorMapper fallback;
  private final Clock clock;

  S3Mapper(S3Credentials credentials, ErrorMapper fallback, Clock clock) {
    this.credentials = credentials;
    this.fallback = fallback;
    this.clock = clock;
  }

  @Override
  public SwitchboardException map(HttpFailure failure) {
    S3Xml.Element error = parseError(failure.body());
    String code = error == null ? null : error.text("Code");
    String message = error == null ? null : error.text("Message");
    ErrorContext context =
        failure.context().toBuilder()
            .vendorCode(code)
            .vendorRequestId(
                requestIds(
                    failure.header("x-amz-request-id").orElse(null),
                    failure.header("x-amz-id-2").orElse(null),
                    error))
            .build();
    String reason =
        "HTTP "
            + failure.status()
            + (code == null ? "" : " " + code)
            + (message == null ? "" : ": " + message)
            + failure.requestIdSuffix();
    return map(failure.status(), code, reason, context, failure);
  }

  /**
   * The exception for an {@code <Error>} S3 put in a 200 answer, as it does when {@code
   * CompleteMultipartUpload} or {@code CopyObject} fails after the status line was sent.
   */
  public SwitchboardException mapEmbedded(S3Xml.Element error, ErrorContext context) {
    String code = error.text("Code");
    ErrorContext withCode =
        context.toBuilder()
            .vendorCode(code)
            .vendorRequestId(requestIds(context.vendorRequestId().orElse(null), null, error))
            .build();
    String reason = "HTTP 200 with error " + code + ": " + error.text("Message");
    if (code == null || "InternalError".equals(code) || code.equals("SlowDown")) {
      return new OutcomeUnknownException(reason, withCode);
    }
    return map(400, code, reason, withCode, null);
  }

  private SwitchboardException map(
      int status, String code, String reason, ErrorContext context, HttpFailure failure) {
    if ((code != null && AUTH_CODES.contains(code)) || status == 401 || status == 403) {
      credentials.invalidate();
      return new AuthenticationException(reason, context);
    }
    if ("NoSuchBucket".equals(code)) {
      return new InvalidRequestException(reason, context, "bucket", null);
    }
    if ("NoSuchKey".equals(code) || (code == null && status == 404)) {
      return new NotFoundException(reason, context);
    }
    if ("PreconditionFailed".equals(code) || status == 412) {
      return new ConflictException(reason, context);
    }
    if ("InvalidRange".equals(code) || status == 416) {
      return new InvalidRequestException(reason, context, "range", null);
    }
    if ("SlowDown".equals(code) || status == 503) {
      return new RateLimitedException(
          reason,
          context,
          failure == null
              ? null
              : DefaultErrorMapper.retryAfter(failure.header("Retry-After").orElse(null), clock)
                  .orElse(null));
    }
    if (code != null && NOT_PROCESSED.contains(code)) {
      return new ProviderUnavailableException(reason, context);
    }
    if ("EntityTooLarge".equals(code)) {
      return new InvalidRequestException(reason, context, "content", null);
    }
    if ("KeyTooLongError".equals(code)) {
      return new InvalidRequestException(reason, context, "key", null);
    }
    if ("MetadataTooLarge".equals(code)) {
      return new InvalidRequestException(reason, context, "metadata", null);
    }
    if ("InvalidArgument".equals(code) && context.operation().filter("list"::equals).isPresent()) {
      return new InvalidRequestException(reason, context, "pageToken", null);
    }
    if ("InternalError".equals(code) || "NoSuchUpload".equals(code) || status >= 500) {
      return new OutcomeUnknownException(reason, context);
    }
    if (status == 400 || status == 405 || status == 409 || status == 411 || status == 501) {
      return new InvalidRequestException(reason, context);
    }
    return failure == null ? new OutcomeUnknownException(reason, context) : fallback.map(failure);
  }

  private static S3Xml.Element parseError(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      S3Xml.Element root = S3Xml.parse(body);
      return root.name().equals("Error") ? root : null;
    } catch (S3Xml.MalformedXmlException e) {
      // Not S3's error format (a proxy's HTML page, say): the status alone decides.
      return null;
    }
  }

  private static String requestIds(String requestId, String hostId, S3Xml.Element error) {
    String id = requestId != null ? requestId : error == null ? null : error.text("RequestId");
    String host = hostId != null ? hostId : error == null ? null : error.text("HostId");
    if (id == null) {
      return host;
    }
    return host == null ? id : id + " (x-amz-id-2 " + host + ")";
  }

  /**
   * What the headers of a HEAD or GET answer say about the blob under {@code key}.
   *
   * @param size the whole blob's size (from {@code Content-Length}, or {@code Content-Range} for a
   *     part)
   * @throws S3Xml.MalformedXmlException when the ETag or a readable date is missing
   */
  public BlobInfo toBlobInfo(String key, long size, Headers headers) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i).toLowerCase(Locale.ROOT);
      if (name.startsWith(META)) {
        metadata.put(name.substring(META.length()), headers.value(i));
      }
    }
    return BlobInfo.builder()
        .key(key)
        .size(size)
        .contentType(headers.get("Content-Type"))
        .etag(required(headers.get("ETag"), "ETag header"))
        .lastModified(httpDate(headers.get("Last-Modified"), headers.get("Date")))
        .metadata(metadata)
        .build();
  }

  /** The time of an HTTP date header, or of the fallback, or now when neither reads. */
  public Instant httpDate(String value, String fallbackValue) {
    for (String candidate : new String[] {value, fallbackValue}) {
      if (candidate != null) {
        Instant fixdate = imfFixdate(candidate);
        if (fixdate != null) {
          return fixdate;
        }
        try {
          return ZonedDateTime.parse(candidate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant();
        } catch (DateTimeParseException e) {
          // try the next one
        }
      }
    }
    return clock.instant();
  }

  /**
   * The instant of {@code value} when it is exactly an IMF-fixdate as S3 writes them ({@code Sun,
   * 06 Dec 2026 07:00:00 GMT}: 29 characters, English names as capitalised, the day of the week
   * that date's), read without {@link DateTimeFormatter}, which costs a few microseconds a call on
   * every get; null for anything else, which {@link #httpDate} leaves to the formatter.
   */
  static Instant imfFixdate(String value) {
    if (value.length() != 29
        || value.charAt(3) != ','
        || value.charAt(4) != ' '
        || value.charAt(7) != ' '
        || value.charAt(11) != ' '
        || value.charAt(16) != ' '
        || value.charAt(19) != ':'
        || value.charAt(22) != ':'
        || !value.endsWith(" GMT")) {
      return null;
    }
    int day = digits(value, 5, 2);
    int month = name(MONTHS, value, 8) + 1;
    int year = digits(value, 12, 4);
    int hour = digits(value, 17, 2);
    int minute = digits(value, 20, 2);
    int second = digits(value, 23, 2);
    int weekday = name(WEEKDAYS, value, 0) + 1;
    if (day < 1
        || month < 1
        || year < 0
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || weekday < 1
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    LocalDate date = LocalDate.of(year, month, day);
    if (date.getDayOfWeek().getValue() != weekday) {
      return null;
    }
    return Instant.ofEpochSecond(
        date.toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second);
  }

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String value, int from, int count) {
    int number = 0;
    for (int i = from; i < from + count; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  /** The index in {@code names} of the three letters at {@code from}, or -1. */
  private static int name(String[] names, String value, int from) {
    for (int i = 0; i < names.length; i++) {
      if (value.startsWith(names[i], from)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A page of a {@code ListBucketResult} (ListObjectsV2).
   *
   * @throws S3Xml.MalformedXmlException when it is some other document or an entry lacks a field
   */
  public BlobPage toPage(S3Xml.Element result) {
    if (!result.name().equals("ListBucketResult")) {
      throw new S3Xml.MalformedXmlException(
          "expected ListBucketResult, got " + result.name(), null);
    }
    List<BlobInfo> items = new ArrayList<>();
    for (S3Xml.Element entry : result.all("Contents")) {
      try {
        items.add(
            BlobInfo.builder()
                .key(required(entry.text("Key"), "Key"))
                .size(Long.parseLong(required(entry.text("Size"), "Size")))
                .etag(required(entry.text("ETag"), "ETag"))
                .lastModified(Instant.parse(required(entry.text("LastModified"), "LastModified")))
                .build());
      } catch (NumberFormatException | DateTimeParseException | InvalidRequestException e) {
        throw new S3Xml.MalformedXmlException("a listed entry is unreadable: " + e.getMessage(), e);
      }
    }
    List<String> prefixes = new ArrayList<>();
    for (S3Xml.Element prefix : result.all("CommonPrefixes")) {
      prefixes.add(required(prefix.text("Prefix"), "Prefix"));
    }
    boolean truncated = "true".equalsIgnoreCase(result.text("IsTruncated"));
    String next = truncated ? required(result.text("NextContinuationToken"), "token") : null;
    return BlobPage.of(items, prefixes, next);
  }

  private static String required(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new S3Xml.MalformedXmlException("the answer has no " + what, null);
    }
    return value;
  }
}
