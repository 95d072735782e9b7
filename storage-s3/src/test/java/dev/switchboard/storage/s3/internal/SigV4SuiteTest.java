package dev.switchboard.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signer against AWS's SigV4 test suite (aws-c-auth's copy, in {@code
 * src/test/resources/sigv4-suite}), both as an {@code Authorization} header and as a presigned URL.
 * Paths are encoded once and never normalised, as S3 signs them; the suite's {@code *-unnormalized}
 * cases expect exactly that.
 */
class SigV4SuiteTest {
  private static final List<String> CASES =
      List.of(
          "get-header-key-duplicate",
          "get-header-value-multiline",
          "get-header-value-order",
          "get-header-value-trim",
          "get-relative-relative-unnormalized",
          "get-relative-unnormalized",
          "get-slash-dot-slash-unnormalized",
          "get-slash-pointless-dot-unnormalized",
          "get-slash-unnormalized",
          "get-slashes-unnormalized",
          "get-space-unnormalized",
          "get-unreserved",
          "get-utf8",
          "get-vanilla",
          "get-vanilla-empty-query-key",
          "get-vanilla-query",
          "get-vanilla-query-order-encoded",
          "get-vanilla-query-order-key-case",
          "get-vanilla-query-unreserved",
          "get-vanilla-utf8-query",
          "get-vanilla-with-session-token",
          "post-header-key-case",
          "post-header-key-sort",
          "post-header-value-case",
          "post-sts-header-after",
          "post-sts-header-before",
          "post-vanilla",
          "post-vanilla-empty-query-value",
          "post-vanilla-query",
          "post-x-www-form-urlencoded",
          "post-x-www-form-urlencoded-parameters");

  static Stream<String> cases() {
    return CASES.stream();
  }

  /** One case of the suite, read from its files. */
  private record Case(
      String accessKeyId,
      String secret,
      String token,
      boolean omitToken,
      String region,
      String service,
      Instant time,
      long expires,
      boolean signBody,
      String method,
      String encodedPath,
      List<SigV4.Param> query,
      SortedMap<String, List<String>> headers,
      byte[] body) {

    static Case read(String name) throws IOException {
      Map<?, ?> context =
          new Moshi.Builder().build().adapter(Map.class).fromJson(text(name, "context.json"));
      Map<?, ?> credentials = (Map<?, ?>) context.get("credentials");
      String request = text(name, "request.txt");
      int headEnd = request.indexOf("\n\n");
      String head = headEnd < 0 ? request : request.substring(0, headEnd);
      byte[] body =
          headEnd < 0
              ? new byte[0]
              : request.substring(headEnd + 2).getBytes(StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(head.lines().toList());
      String[] requestLine = lines.remove(0).split(" ");
      String target = String.join(" ", List.of(requestLine).subList(1, requestLine.length - 1));
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      List<SigV4.Param> query = new ArrayList<>();
      if (q >= 0) {
        for (String pair : target.substring(q + 1).split("&")) {
          int eq = pair.indexOf('=');
          query.add(
              new SigV4.Param(
                  decode(eq < 0 ? pair : pair.substring(0, eq)),
                  eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
      }
      SortedMap<String, List<String>> headers = new TreeMap<>();
      String last = null;
      for (String line : lines) {
        if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
          List<String> values = headers.get(last);
          values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
          continue;
        }
        int colon = line.indexOf(':');
        last = line.substring(0, colon).toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
      }
      Object token = credentials.get("token");
      return new Case(
          (String) credentials.get("access_key_id"),
          (String) credentials.get("secret_access_key"),
          (String) token,
          Boolean.TRUE.equals(context.get("omit_session_token")),
          (String) context.get("region"),
          (String) context.get("service"),
          Instant.parse((String) context.get("timestamp")),
          ((Number) context.get("expiration_in_seconds")).longValue(),
          Boolean.TRUE.equals(context.get("sign_body")),
          requestLine[0],
          SigV4.uriEncode(path, false),
          query,
          headers,
          body);
    }

    SigV4 signer() {
      return new SigV4(region, service);
    }

    String payloadHash() {
      return SigV4.sha256Hex(body);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static String text(String name, String file) throws IOException {
    try (InputStream in =
        SigV4SuiteTest.class.getResourceAsStream("/sigv4-suite/" + name + "/" + file)) {
      assertThat(in).as("%s/%s", name, file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void signsTheHeaderFormLikeTheSuite(String name) throws IOException {
    Case c = Case.read(name);
    SortedMap<String, List<String>> headers = new TreeMap<>(c.headers());
    headers.put("x-amz-date", List.of(SigV4.amzDate(c.time())));
    if (c.token() != null && !c.omitToken()) {
      headers.put("x-amz-security-token", List.of(c.token()));
    }
    if (c.signBody()) {
      headers.put("x-amz-content-sha256", List.of(c.payloadHash()));
    }

    SigV4.Signature signature =
        c.signer()
            .sign(
                c.method(),
                c.encodedPath(),
                c.query(),
                headers,
                c.payloadHash(),
                c.secret(),
                c.time());

    assertThat(signature.canonicalRequest()).isEqualTo(text(name, "header-canonical-request.txt"));
    assertThat(signature.stringToSign()).isEqualTo(text(name, "header-string-to-sign.txt"));
    assertThat(signature.signature()).isEqualTo(text(name, "header-signature.txt").strip());
    assertThat(c.signer().authorization(c.accessKeyId(), c.time(), headers, signature))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential="
                + c.accessKeyId()
                + "/"
                + c.signer().scope(c.time())
                + ", SignedHeaders="
                + String.join(";", headers.keySet())
                + ", Signature="
                + signature.signature());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void signsThePresignedFormLikeTheSuite(String name) throws IOException {
    Case c = Case.read(name);
    List<SigV4.Param> query = new ArrayList<>(c.query());
    query.addAll(
        c.signer()
            .presignParameters(
                c.accessKeyId(),
                c.time(),
                c.expires(),
                c.omitToken() ? null : c.token(),
                c.headers()));

    SigV4.Signature signature =
        c.signer()
            .sign(
                c.method(),
                c.encodedPath(),
                query,
                c.headers(),
                c.payloadHash(),
                c.secret(),
                c.time());

    assertThat(signature.canonicalRequest()).isEqualTo(text(name, "query-canonical-request.txt"));
    assertThat(signature.stringToSign()).isEqualTo(text(name, "query-string-to-sign.txt"));
    assertThat(signature.signature()).isEqualTo(text(name, "query-signature.txt").strip());
  }
}
