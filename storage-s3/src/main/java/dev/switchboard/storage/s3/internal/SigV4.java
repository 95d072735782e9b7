package dev.switchboard.storage.s3.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 with S3's rules: the path is signed exactly as it is sent (encoded once,
 * never normalised), query names and values are encoded strictly (a {@code /} in a value becomes
 * {@code %2F}) and sorted, header values are trimmed with inner runs of spaces folded to one.
 *
 * <p>The signing key depends only on the secret, the day, the region and the service, so the last
 * one derived is kept and reused until one of them changes.
 *
 * <p>Pure functions over what it is given: which headers to sign and which payload hash to use is
 * the caller's choice ({@link SigningInterceptor} for requests, {@link S3Presigner} for presigned
 * URLs). Thread-safe.
 */
public final class SigV4 {
  /** The algorithm name in the {@code Authorization} header and presigned URLs. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** The payload hash of a body that is not signed. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  /** The SHA-256 of no bytes at all: the payload hash of a request without a body. */
  public static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Pattern SPACES = Pattern.compile(" +");
  private static final HexFormat HEX = HexFormat.of();

  private record SigningKey(String secret, LocalDate day, byte[] key) {}

  private final String region;
  private final String service;
  private volatile SigningKey cached;

  /** A signer for one region and service, such as {@code us-east-1} and {@code s3}. */
  public SigV4(String region, String service) {
    this.region = region;
    this.service = service;
  }

  /** A query parameter, decoded; a parameter written without {@code =} has the value "". */
  public record Param(String name, String value) {}

  /** What a signature was computed from, and the signature; for tests and diagnostics. */
  public record Signature(String canonicalRequest, String stringToSign, String signature) {}

  /** {@code 20130524T000000Z}. */
  public static String amzDate(Instant time) {
    return AMZ_DATE.format(time);
  }

  /** {@code 20130524/us-east-1/s3/aws4_request}. */
  public String scope(Instant time) {
    LocalDate day = time.atOffset(ZoneOffset.UTC).toLocalDate();
    return DAY.format(day) + "/" + region + "/" + service + "/aws4_request";
  }

  /**
   * Signs a request whose {@code x-amz-date} (and {@code x-amz-security-token}, when there is one)
   * are already among {@code headers}.
   *
   * @param encodedPath the path exactly as sent, percent-encoded once
   * @param query the decoded query parameters, in any order
   * @param headers the headers to sign, names in lower case, values in the order sent
   * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
   */
  public Signature sign(
      String method,
      String encodedPath,
      List<Param> query,
      SortedMap<String, List<String>> headers,
      String payloadHash,
      String secretAccessKey,
      Instant time) {
    String canonical = canonicalRequest(method, encodedPath, query, headers, payloadHash);
    String toSign = stringToSign(canonical, time);
    byte[] key = signingKey(secretAccessKey, time);
    return new Signature(canonical, toSign, HEX.formatHex(hmac(key, toSign)));
  }

  /** The {@code Authorization} header value for a signature made by {@link #sign}. */
  public String authorization(
      String accessKeyId, Instant time, SortedMap<String, ?> headers, Signature signature) {
    return ALGORITHM
        + " Credential="
        + accessKeyId
        + "/"
        + scope(time)
        + ", SignedHeaders="
        + String.join(";", headers.keySet())
        + ", Signature="
        + signature.signature();
  }

  /**
   * The query parameters a presigned URL carries before its signature: algorithm, credential, date,
   * expiry in seconds, signed header names, and the session token when there is one (S3 signs it
   * with the rest).
   */
  public List<Param> presignParameters(
      String accessKeyId,
      Instant time,
      long expirySeconds,
      String sessionToken,
      SortedMap<String, ?> headers) {
    List<Param> params = new ArrayList<>();
    params.add(new Param("X-Amz-Algorithm", ALGORITHM));
    params.add(new Param("X-Amz-Credential", accessKeyId + "/" + scope(time)));
    params.add(new Param("X-Amz-Date", amzDate(time)));
    params.add(new Param("X-Amz-Expires", Long.toString(expirySeconds)));
    if (sessionToken != null) {
      params.add(new Param("X-Amz-Security-Token", sessionToken));
    }
    params.add(new Param("X-Amz-SignedHeaders", String.join(";", headers.keySet())));
    return params;
  }

  /** The canonical request: method, path, query, headers, signed header names, payload hash. */
  public static String canonicalRequest(
      String method,
      String encodedPath,
      List<Param> query,
      SortedMap<String, List<String>> headers,
      String payloadHash) {
    StringBuilder s = new StringBuilder();
    s.append(method).append('\n');
    s.append(encodedPath.isEmpty() ? "/" : encodedPath).append('\n');
    s.append(canonicalQuery(query)).append('\n');
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      s.append(header.getKey()).append(':');
      List<String> values = header.getValue();
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          s.append(',');
        }
        s.append(trimValue(values.get(i)));
      }
      s.append('\n');
    }
    s.append('\n');
    s.append(String.join(";", headers.keySet())).append('\n');
    s.append(payloadHash);
    return s.toString();
  }

  /** The query, each name and value encoded strictly, sorted by name and then value. */
  public static String canonicalQuery(List<Param> query) {
    List<String[]> encoded = new ArrayList<>(query.size());
    for (Param p : query) {
      encoded.add(new String[] {uriEncode(p.name(), true), uriEncode(p.value(), true)});
    }
    encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder s = new StringBuilder();
    for (String[] p : encoded) {
      if (s.length() > 0) {
        s.append('&');
      }
      s.append(p[0]).append('=').append(p[1]);
    }
    return s.toString();
  }

  /** The string to sign: algorithm, time, scope and the canonical request's hash. */
  public String stringToSign(String canonicalRequest, Instant time) {
    return ALGORITHM
        + "\n"
        + amzDate(time)
        + "\n"
        + scope(time)
        + "\n"
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** The key for the day of {@code time}, derived once per secret, day, region and service. */
  byte[] signingKey(String secretAccessKey, Instant time) {
    LocalDate day = time.atOffset(ZoneOffset.UTC).toLocalDate();
    SigningKey current = cached;
    if (current != null && current.day().equals(day) && current.secret().equals(secretAccessKey)) {
      return current.key();
    }
    byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    key = hmac(key, DAY.format(day));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    cached = new SigningKey(secretAccessKey, day, key);
    return key;
  }

  /**
   * Percent-encodes every byte of the UTF-8 form of {@code text} except the unreserved characters
   * {@code A-Z a-z 0-9 - . _ ~}, and {@code /} too unless {@code encodeSlash} is false. Hex digits
   * are upper case.
   */
  public static String uriEncode(String text, boolean encodeSlash) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder s = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (c == '/' && !encodeSlash)) {
        s.append((char) c);
      } else {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        s.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return s.toString();
  }

  /** Hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(digest("SHA-256").digest(bytes));
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static String trimValue(String value) {
    return SPACES.matcher(value.strip()).replaceAll(" ");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
