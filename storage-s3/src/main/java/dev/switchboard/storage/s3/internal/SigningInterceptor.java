package dev.switchboard.storage.s3.internal;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.config.CredentialCheck;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs every request with SigV4 just before it is sent, so that a retried call is signed again
 * with a fresh date and the current credentials.
 *
 * <p>It sets {@code Host} itself (OkHttp would add it only after application interceptors), {@code
 * x-amz-date}, {@code x-amz-security-token} for temporary credentials, and {@code
 * x-amz-content-sha256} when the request did not choose a payload hash (then the body must be
 * empty). It signs {@code host}, {@code content-type}, {@code content-md5}, {@code range}, the
 * conditional headers and every {@code x-amz-*} header: the ones S3 requires or that change what
 * the request does. {@code User-Agent}, {@code X-Request-Id} and the like stay unsigned, so a proxy
 * that rewrites them does not break the signature.
 */
final class SigningInterceptor implements Interceptor {
  static final String CONTENT_SHA256 = "x-amz-content-sha256";

  private static final Set<String> SIGNED =
      Set.of("host", "content-type", "content-md5", "range", "if-match", "if-none-match");

  private final String provider;
  private final SigV4 signer;
  private final S3Credentials credentials;
  private final Clock clock;

  SigningInterceptor(String provider, SigV4 signer, S3Credentials credentials, Clock clock) {
    this.provider = provider;
    this.signer = signer;
    this.credentials = credentials;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Instant now = clock.instant();
    Request.Builder builder =
        request
            .newBuilder()
            .header("Host", hostHeader(request.url()))
            .header("x-amz-date", SigV4.amzDate(now));
    String payloadHash = request.header(CONTENT_SHA256);
    if (payloadHash == null) {
      payloadHash = SigV4.EMPTY_SHA256;
      builder.header(CONTENT_SHA256, payloadHash);
    }
    String token = credentials.token();
    if (token != null) {
      // A token rotated into one no header can carry is these credentials failing, which the
      // provider's breaker counts and which re-reads the secret, not the caller's request.
      Optional<String> problem = CredentialCheck.problem(token);
      if (problem.isPresent()) {
        throw new AuthenticationException(
            "the session token cannot be sent in a header: it " + problem.get(),
            ErrorContext.builder().provider(provider).build());
      }
      builder.header("x-amz-security-token", token);
    }
    Request dated = builder.build();
    SortedMap<String, List<String>> headers = signedHeaders(dated);
    SigV4.Signature signature =
        signer.sign(
            dated.method(),
            dated.url().encodedPath(),
            queryOf(dated.url()),
            headers,
            payloadHash,
            credentials.secret(),
            now);
    String authorization = signer.authorization(credentials.accessKeyId(), now, headers, signature);
    return chain.proceed(dated.newBuilder().header("Authorization", authorization).build());
  }

  private static SortedMap<String, List<String>> signedHeaders(Request request) {
    SortedMap<String, List<String>> headers = new TreeMap<>();
    for (int i = 0; i < request.headers().size(); i++) {
      String name = request.headers().name(i).toLowerCase(Locale.ROOT);
      if (SIGNED.contains(name) || name.startsWith("x-amz-")) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(request.headers().value(i));
      }
    }
    return headers;
  }

  /** The decoded query parameters of {@code url}; one written without {@code =} has value "". */
  static List<SigV4.Param> queryOf(HttpUrl url) {
    List<SigV4.Param> params = new ArrayList<>(url.querySize());
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      params.add(new SigV4.Param(url.queryParameterName(i), value == null ? "" : value));
    }
    return params;
  }

  /** The {@code Host} header OkHttp would send: the port only when it is not the scheme's own. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }
}
