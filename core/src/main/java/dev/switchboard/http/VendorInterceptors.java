package dev.switchboard.http;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.resilience.QuotaTracker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interceptors every vendor client gets, installed by {@link #install} in this order (first is
 * outermost):
 *
 * <ol>
 *   <li>{@link RequestTracking}: {@code X-Request-Id}, {@code User-Agent}, the idempotency header,
 *       the config's {@linkplain VendorHttpConfig#headers() headers} and {@link Auth}'s header in
 *       one copy of the request, failure marking, bounded error bodies;
 *   <li>the config's own interceptors;
 *   <li>{@link Observation}, innermost, so it sees the request exactly as sent: the vendor's quota
 *       headers to the quota tracker (when one is configured), and the log line.
 * </ol>
 *
 * <p>A config with no interceptors of its own gets one interceptor, not two: {@link
 * RequestTracking} runs the observation itself, since nothing can change the request between them.
 * Each interceptor is one more copy of OkHttp's chain per call.
 */
final class VendorInterceptors {
  static final String REQUEST_ID = "X-Request-Id";

  private VendorInterceptors() {}

  static void install(OkHttpClient.Builder builder, VendorHttpConfig config, String userAgent) {
    Auth auth = config.authorization().map(supplier -> new Auth(config, supplier)).orElse(null);
    Observation observation = new Observation(config);
    if (config.interceptors().isEmpty()) {
      builder.addInterceptor(new RequestTracking(config, userAgent, auth, observation));
    } else {
      builder.addInterceptor(new RequestTracking(config, userAgent, auth, null));
      config.interceptors().forEach(builder::addInterceptor);
      builder.addInterceptor(observation);
    }
  }

  /**
   * Sends an {@code X-Request-Id} (a new random UUID unless the request has one), the SDK's {@code
   * User-Agent} and the request's {@link IdempotencyKey} tag in the vendor's idempotency header (on
   * the configured methods only, unless the request already carries that header), building the
   * request once for all three, for the config's {@linkplain VendorHttpConfig#headers() headers}
   * and for the {@link Auth} header when the vendor has one (one copy of the request per call).
   * With an {@link Observation} it also observes the answer, in place of a second interceptor.
   * Since it is outermost, it sees every failure: it wraps each {@link IOException} in a {@link
   * CallFailedException} that says whether request bytes may have been sent. It also cuts error
   * bodies to {@link HttpFailure#BODY_LIMIT} (plus one byte, to tell that there was more), because
   * Retrofit would otherwise buffer a whole error body in memory.
   */
  static final class RequestTracking implements Interceptor {
    private final VendorHttpConfig config;
    private final String userAgent;
    private final Auth auth;
    private final Observation observation;
    private final String idempotencyHeader;
    private final String[] headers;

    RequestTracking(VendorHttpConfig config, String userAgent, Auth auth, Observation observation) {
      this.config = config;
      this.userAgent = userAgent;
      this.auth = auth;
      this.observation = observation;
      this.idempotencyHeader = config.idempotencyHeader().orElse(null);
      this.headers = new String[config.headers().size() * 2];
      int i = 0;
      for (var header : config.headers().entrySet()) {
        headers[i++] = header.getKey();
        headers[i++] = header.getValue();
      }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      Request.Builder sent = request.newBuilder().header("User-Agent", userAgent);
      String id = request.header(REQUEST_ID);
      if (id == null || id.isBlank()) {
        id = requestId();
        sent.header(REQUEST_ID, id);
      }
      IdempotencyKey key = request.tag(IdempotencyKey.class);
      if (idempotencyHeader != null
          && key != null
          && config.idempotentMethods().contains(request.method())
          && request.header(idempotencyHeader) == null) {
        sent.header(idempotencyHeader, key.value());
      }
      for (int i = 0; i < headers.length; i += 2) {
        if (request.header(headers[i]) == null) {
          sent.header(headers[i], headers[i + 1]);
        }
      }
      try {
        if (auth != null) {
          auth.addTo(sent);
        }
        Request built = sent.build();
        Response response =
            observation != null ? observation.observe(chain, built) : chain.proceed(built);
        if (auth != null && response.code() == 401) {
          auth.unauthorized();
        }
        if (response.isSuccessful()) {
          return response;
        }
        try (Response original = response) {
          return original.newBuilder().body(original.peekBody(HttpFailure.BODY_LIMIT + 1L)).build();
        }
      } catch (IOException e) {
        SendTracker tracker = SendTracker.of(chain.call());
        throw new CallFailedException(e, tracker == null || tracker.requestStarted(), id);
      } catch (SwitchboardException e) {
        // An interceptor's own verdict (no credentials, say) leaves the chain as an IOException:
        // OkHttp hands that to an enqueued call's callback, where any other exception would be
        // rethrown on its dispatcher thread. HttpExecutor takes the verdict out again.
        throw new ChainVerdict(e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        // A checked exception OkHttp's Kotlin code throws undeclared: its connect, on a thread
        // that was interrupted, throws InterruptedException (and clears the interrupt). Made an
        // I/O failure like any other, marked as sent or not, with the interrupt kept.
        IOException io;
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          io = new InterruptedIOException("the calling thread was interrupted");
          io.initCause(e);
        } else {
          io = new IOException(e.getClass().getName(), e);
        }
        SendTracker tracker = SendTracker.of(chain.call());
        throw new CallFailedException(io, tracker == null || tracker.requestStarted(), id);
      }
    }

    /**
     * A version 4 UUID from the thread's own generator: the id only has to be unique enough to find
     * a call in the vendor's logs, and {@link UUID#randomUUID()} would make every call on every
     * thread take turns at one {@code SecureRandom}.
     */
    static String requestId() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long high = (random.nextLong() & ~0xF000L) | 0x4000L;
      long low = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
      return new UUID(high, low).toString();
    }
  }

  /** Carries a {@link SwitchboardException} thrown inside the chain out of it as an I/O failure. */
  static final class ChainVerdict extends IOException {
    private static final long serialVersionUID = 1L;

    ChainVerdict(SwitchboardException verdict) {
      super(verdict.getMessage(), verdict);
    }
  }

  /**
   * The {@code Authorization} value, read afresh for every request, and the report of a 401 to the
   * config's callback so the secret is re-read before the policy's one retry; {@link
   * RequestTracking} applies both.
   */
  static final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);

    private final VendorHttpConfig config;
    private final Supplier<String> authorization;

    Auth(VendorHttpConfig config, Supplier<String> authorization) {
      this.config = config;
      this.authorization = authorization;
    }

    /** Sets the header on the request being built. */
    void addTo(Request.Builder request) {
      try {
        request.header("Authorization", credentials());
      } catch (InvalidRequestException | IllegalArgumentException e) {
        // A credential that no header can carry (a rotated secret with a line break, say) is this
        // provider's credentials failing, not the caller's request: it must count for the
        // provider's breaker and trigger the re-read of the secret.
        throw new AuthenticationException(
            "credentials cannot be sent in a header: "
                + (e instanceof InvalidRequestException invalid
                    ? invalid.reason()
                    : "they hold whitespace, control or non-ASCII characters"),
            context());
      }
    }

    /** The vendor answered 401: the secret is to be read again. */
    void unauthorized() {
      try {
        config.onUnauthorized().run();
      } catch (RuntimeException e) {
        // The 401 still has to reach the caller as an AuthenticationException.
        log.warn(
            "onUnauthorized callback of provider {} failed: {}",
            config.provider(),
            e.getClass().getName());
      }
    }

    private String credentials() {
      String value;
      try {
        value = authorization.get();
      } catch (SwitchboardException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new AuthenticationException(
            "credentials could not be read: " + e.getClass().getName(), context(), e);
      }
      if (value == null || value.isBlank()) {
        throw new AuthenticationException("no credentials available", context());
      }
      return value;
    }

    private ErrorContext context() {
      return ErrorContext.builder().provider(config.provider()).build();
    }
  }

  /**
   * Observes each answer as the vendor gave it: feeds the vendor's reported quota to the {@link
   * QuotaTracker} when one is configured (unreadable values are skipped), and writes one line per
   * call with stable fields only. Header values other than the ids, query values and bodies never
   * reach the log sink.
   */
  static final class Observation implements Interceptor {
    private final VendorHttpConfig config;
    private final QuotaTracker quota;

    Observation(VendorHttpConfig config) {
      this.config = config;
      this.quota = config.quota().orElse(null);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      return observe(chain, chain.request());
    }

    /** Proceeds with {@code request} on the chain and observes the answer. */
    Response observe(Chain chain, Request request) throws IOException {
      HttpLogSink sink = config.logSink();
      if (!sink.isEnabled()) {
        return quota(chain.proceed(request));
      }
      long start = config.clock().millis();
      try {
        Response response = quota(chain.proceed(request));
        sink.log(
            line(request, Integer.toString(response.code()), start)
                + " vendorRequestId="
                + orDash(config.vendorRequestId(response.headers())));
        return response;
      } catch (IOException e) {
        sink.log(line(request, "-", start) + " error=" + e.getClass().getSimpleName());
        throw e;
      }
    }

    private Response quota(Response response) {
      if (quota == null) {
        return response;
      }
      long limit = count(response.header(config.rateLimitLimitHeader()));
      long remaining = count(response.header(config.rateLimitRemainingHeader()));
      long reset = count(response.header(config.rateLimitResetHeader()));
      Instant resetAt = reset >= 0 ? resetAt(reset, config.clock()) : null;
      if (limit >= 0 && remaining >= 0 && resetAt != null) {
        quota.observe(limit, remaining, resetAt);
      }
      return response;
    }

    /** When the window resets, or null when the header names a time beyond any clock. */
    private Instant resetAt(long reset, Clock clock) {
      try {
        return config.rateLimitReset() == RateLimitReset.EPOCH_SECONDS
            ? Instant.ofEpochSecond(reset)
            : clock.instant().plusSeconds(reset);
      } catch (DateTimeException | ArithmeticException e) {
        return null;
      }
    }

    private static long count(String value) {
      if (value == null) {
        return -1;
      }
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private String line(Request request, String status, long start) {
      HttpUrl url = request.url();
      return "provider="
          + config.provider()
          + " method="
          + request.method()
          + " host="
          + url.host()
          + " path="
          + pathWithoutQueryValues(url)
          + " status="
          + status
          + " durationMs="
          + Math.max(0, config.clock().millis() - start)
          + " requestId="
          + orDash(request.header(REQUEST_ID))
          + " idempotencyKey="
          + orDash(idempotencyKey(request));
    }

    private String idempotencyKey(Request request) {
      String header = config.idempotencyHeader().orElse(null);
      if (header != null && config.isSensitive(header)) {
        return null;
      }
      if (header != null && request.header(header) != null) {
        return request.header(header);
      }
      IdempotencyKey key = request.tag(IdempotencyKey.class);
      return key == null ? null : key.value();
    }

    static String pathWithoutQueryValues(HttpUrl url) {
      String query = url.encodedQuery();
      if (query == null) {
        return url.encodedPath();
      }
      StringBuilder path = new StringBuilder(url.encodedPath()).append('?');
      String[] pairs = query.split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        int eq = pairs[i].indexOf('=');
        if (i > 0) {
          path.append('&');
        }
        path.append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq)).append('=');
      }
      return path.toString();
    }

    private static String orDash(String value) {
      return value == null || value.isEmpty() ? "-" : value;
    }
  }
}
