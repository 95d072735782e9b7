package dev.switchboard.http;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;

/**
 * Everything the HTTP layer needs to know about one vendor: where it lives, how it authenticates,
 * which headers carry its idempotency key, request id and quota, and which headers are secret.
 * Immutable; {@link #toBuilder()} derives a variant.
 *
 * <pre>{@code
 * VendorHttpConfig config = VendorHttpConfig.builder()
 *     .provider("acme-pay")
 *     .module("payments-acme")
 *     .baseUrl("https://api.acme.test/v1/")
 *     .idempotencyHeader("Idempotency-Key")
 *     .vendorRequestIdHeader("Request-Id")
 *     .authorization(() -> Authorization.bearer(apiKey.get()))
 *     .onUnauthorized(apiKey::refresh)
 *     .quota(policy.quota())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: timeouts inherited from the {@link HttpClients} base (connect 5 s, read 30 s, write
 * 30 s, call 60 s); idempotency header {@code Idempotency-Key} on POST, PATCH and DELETE; no vendor
 * request id header; sensitive headers {@code Authorization}, {@code Proxy-Authorization}, {@code
 * Cookie} and {@code Set-Cookie} (more can be added, none removed); rate-limit headers {@code
 * X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} in {@link
 * RateLimitReset#EPOCH_SECONDS}; no quota tracker; no authorization; the UTC system clock; a 503
 * means the outcome is unknown; log lines to {@link HttpLogSink#slf4j()}.
 *
 * <p>The base URL must use {@code https}; plain {@code http} is accepted only for loopback hosts
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), where local simulators run.
 */
public final class VendorHttpConfig {
  /** The idempotency header most vendors use, and the default. */
  public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

  private static final Set<String> DEFAULT_SENSITIVE =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private final String provider;
  private final HttpUrl baseUrl;
  private final String module;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final String idempotencyHeader;
  private final Set<String> idempotentMethods;
  private final String vendorRequestIdHeader;
  private final String retryHintHeader;
  private final Set<String> sensitiveHeaders;

  /** {@link #vendorRequestIdHeader}, unless it is sensitive: the header results and logs quote. */
  private final String quotedRequestIdHeader;

  private final String rateLimitLimitHeader;
  private final String rateLimitRemainingHeader;
  private final String rateLimitResetHeader;
  private final RateLimitReset rateLimitReset;
  private final QuotaTracker quota;
  private final Supplier<String> authorization;
  private final Runnable onUnauthorized;
  private final Clock clock;
  private final boolean unavailableMeansNotProcessed;
  private final boolean replaysIdempotentRequests;
  private final HttpLogSink logSink;
  private final List<Interceptor> interceptors;
  private final Map<String, String> headers;
  private final HttpClients httpClients;

  private VendorHttpConfig(Builder b) {
    this.provider = b.provider;
    this.baseUrl = b.baseUrl;
    this.module = b.module == null ? b.provider : b.module;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.callTimeout = b.callTimeout;
    this.idempotencyHeader = b.idempotencyHeader;
    this.idempotentMethods = Set.copyOf(b.idempotentMethods);
    this.vendorRequestIdHeader = b.vendorRequestIdHeader;
    this.retryHintHeader = b.retryHintHeader;
    this.sensitiveHeaders = Set.copyOf(b.sensitiveHeaders);
    this.quotedRequestIdHeader =
        b.vendorRequestIdHeader == null || isSensitive(b.vendorRequestIdHeader)
            ? null
            : b.vendorRequestIdHeader;
    this.rateLimitLimitHeader = b.rateLimitLimitHeader;
    this.rateLimitRemainingHeader = b.rateLimitRemainingHeader;
    this.rateLimitResetHeader = b.rateLimitResetHeader;
    this.rateLimitReset = b.rateLimitReset;
    this.quota = b.quota;
    this.authorization = b.authorization;
    this.onUnauthorized = b.onUnauthorized;
    this.clock = b.clock;
    this.unavailableMeansNotProcessed = b.unavailableMeansNotProcessed;
    this.replaysIdempotentRequests = b.replaysIdempotentRequests;
    this.logSink = b.logSink;
    this.httpClients = b.httpClients;
    this.interceptors = List.copyOf(b.interceptors);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The provider's name, used in errors, logs and the {@code User-Agent}. */
  public String provider() {
    return provider;
  }

  /** The base URL, always ending in {@code /} as Retrofit requires. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The adapter module named in the {@code User-Agent}; defaults to the provider's name. */
  public String module() {
    return module;
  }

  /** The connect timeout; empty to inherit the base client's (5 s by default). */
  public Optional<Duration> connectTimeout() {
    return Optional.ofNullable(connectTimeout);
  }

  /** The read timeout; empty to inherit the base client's (30 s by default). */
  public Optional<Duration> readTimeout() {
    return Optional.ofNullable(readTimeout);
  }

  /** The write timeout; empty to inherit the base client's (30 s by default). */
  public Optional<Duration> writeTimeout() {
    return Optional.ofNullable(writeTimeout);
  }

  /** The whole-call timeout; empty to inherit the base client's (60 s by default). */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /** The header that carries the idempotency key; empty when the vendor takes none. */
  public Optional<String> idempotencyHeader() {
    return Optional.ofNullable(idempotencyHeader);
  }

  /** The HTTP methods, upper case, that carry the idempotency header. */
  public Set<String> idempotentMethods() {
    return idempotentMethods;
  }

  /** The response header with the vendor's own request id; empty when the vendor sends none. */
  public Optional<String> vendorRequestIdHeader() {
    return Optional.ofNullable(vendorRequestIdHeader);
  }

  /**
   * The response header in which the vendor says whether a failed call may be retried ({@code
   * true}/{@code false}), put in each error's {@link
   * dev.switchboard.ErrorContext#vendorRetryHint()}; absent when the vendor has none.
   */
  public Optional<String> retryHintHeader() {
    return Optional.ofNullable(retryHintHeader);
  }

  /** The headers never logged nor handed to error mappers, lower case. */
  public Set<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }

  /**
   * The answer's vendor request id, as results, errors and log lines quote it: null when the vendor
   * sends none, the answer carries none, or the header is {@linkplain #isSensitive sensitive}.
   */
  String vendorRequestId(okhttp3.Headers headers) {
    return quotedRequestIdHeader == null ? null : headers.get(quotedRequestIdHeader);
  }

  /** Whether the named header is sensitive, ignoring case. */
  public boolean isSensitive(String headerName) {
    return headerName != null && sensitiveHeaders.contains(headerName.toLowerCase(Locale.ROOT));
  }

  public String rateLimitLimitHeader() {
    return rateLimitLimitHeader;
  }

  public String rateLimitRemainingHeader() {
    return rateLimitRemainingHeader;
  }

  public String rateLimitResetHeader() {
    return rateLimitResetHeader;
  }

  public RateLimitReset rateLimitReset() {
    return rateLimitReset;
  }

  /** The tracker fed with the vendor's rate-limit headers, usually {@code policy.quota()}. */
  public Optional<QuotaTracker> quota() {
    return Optional.ofNullable(quota);
  }

  /** Supplies the full {@code Authorization} header value for each request. */
  public Optional<Supplier<String>> authorization() {
    return Optional.ofNullable(authorization);
  }

  /** Runs when the vendor answers 401, so that the secret is re-read before the policy retries. */
  public Runnable onUnauthorized() {
    return onUnauthorized;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Whether this vendor's 503 means the request was certainly not processed (then it is {@code
   * ProviderUnavailableException}); otherwise a 503 leaves the outcome unknown.
   */
  public boolean unavailableMeansNotProcessed() {
    return unavailableMeansNotProcessed;
  }

  /**
   * Whether the vendor recognises a repeated request by its idempotency key and answers it without
   * acting again. When it does not, {@link HttpExecutor} marks every unknown outcome "do not retry"
   * ({@code vendorRetryHint=false}): a second attempt on the same provider could act twice.
   */
  public boolean replaysIdempotentRequests() {
    return replaysIdempotentRequests;
  }

  public HttpLogSink logSink() {
    return logSink;
  }

  /** Extra interceptors (request signing, say) run after authorization, in order. */
  public List<Interceptor> interceptors() {
    return interceptors;
  }

  /**
   * Headers every request carries, such as a pinned API version, in the order they were added; a
   * request that already has one of them keeps its own value.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The clients the vendor's client is derived from ({@link
   * RetrofitFactory#create(VendorHttpConfig, com.squareup.moshi.Moshi)} uses them): the ones set on
   * the builder, else {@link HttpClients#shared()}.
   */
  public HttpClients httpClients() {
    return httpClients != null ? httpClients : HttpClients.shared();
  }

  /** Names the provider and the base URL only; never the credentials. */
  @Override
  public String toString() {
    return "VendorHttpConfig{provider="
        + provider
        + ", baseUrl="
        + baseUrl.redact()
        + ", module="
        + module
        + ", authorization="
        + (authorization == null ? "none" : "set")
        + "}";
  }

  static boolean isLoopback(String host) {
    // HttpUrl hands hosts over canonical (lower case, IPv6 shortest form), so no lookup is needed.
    return host.equals("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  private static void checkHeaderName(String field, String name) {
    if (name == null || !TOKEN.matcher(name).matches()) {
      throw InvalidRequestException.invalidField(
          field, field + " must be an HTTP header name, was " + name);
    }
  }

  private static InvalidRequestException setByTheLayer(String name) {
    return InvalidRequestException.invalidField(
        "header", "header " + name + " is set by the HTTP layer itself");
  }

  static Duration checkTimeout(String field, Duration timeout) {
    if (timeout == null) {
      throw new NullPointerException(field + " == null");
    }
    if (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw InvalidRequestException.invalidField(
          field, field + " must be 0 (none) to " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    return timeout;
  }

  /** Builds a {@link VendorHttpConfig}; {@code provider} and {@code baseUrl} are required. */
  public static final class Builder {
    private String provider;
    private HttpUrl baseUrl;
    private String module;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration writeTimeout;
    private Duration callTimeout;
    private String idempotencyHeader = DEFAULT_IDEMPOTENCY_HEADER;
    private Set<String> idempotentMethods = Set.of("POST", "PATCH", "DELETE");
    private String vendorRequestIdHeader;
    private String retryHintHeader;
    private final Set<String> sensitiveHeaders = new LinkedHashSet<>(DEFAULT_SENSITIVE);
    private String rateLimitLimitHeader = "X-RateLimit-Limit";
    private String rateLimitRemainingHeader = "X-RateLimit-Remaining";
    private String rateLimitResetHeader = "X-RateLimit-Reset";
    private RateLimitReset rateLimitReset = RateLimitReset.EPOCH_SECONDS;
    private QuotaTracker quota;
    private Supplier<String> authorization;
    private Runnable onUnauthorized = () -> {};
    private Clock clock = Clock.systemUTC();
    private boolean unavailableMeansNotProcessed;
    private boolean replaysIdempotentRequests = true;
    private HttpLogSink logSink = HttpLogSink.slf4j();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpClients httpClients;

    private Builder() {}

    private Builder(VendorHttpConfig c) {
      this.provider = c.provider;
      this.baseUrl = c.baseUrl;
      this.module = c.module;
      this.connectTimeout = c.connectTimeout;
      this.readTimeout = c.readTimeout;
      this.writeTimeout = c.writeTimeout;
      this.callTimeout = c.callTimeout;
      this.idempotencyHeader = c.idempotencyHeader;
      this.idempotentMethods = c.idempotentMethods;
      this.vendorRequestIdHeader = c.vendorRequestIdHeader;
      this.retryHintHeader = c.retryHintHeader;
      this.sensitiveHeaders.addAll(c.sensitiveHeaders);
      this.rateLimitLimitHeader = c.rateLimitLimitHeader;
      this.rateLimitRemainingHeader = c.rateLimitRemainingHeader;
      this.rateLimitResetHeader = c.rateLimitResetHeader;
      this.rateLimitReset = c.rateLimitReset;
      this.quota = c.quota;
      this.authorization = c.authorization;
      this.onUnauthorized = c.onUnauthorized;
      this.clock = c.clock;
      this.unavailableMeansNotProcessed = c.unavailableMeansNotProcessed;
      this.replaysIdempotentRequests = c.replaysIdempotentRequests;
      this.logSink = c.logSink;
      this.httpClients = c.httpClients;
      this.interceptors.addAll(c.interceptors);
      this.headers.putAll(c.headers);
    }

    /** The provider's name, such as {@code acme-pay}: non-blank. */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /**
     * The vendor's base URL; a missing trailing {@code /} is added.
     *
     * @throws InvalidRequestException naming {@code base-url} if the URL is not absolute, carries
     *     credentials, or uses plain {@code http} for a host that is not loopback
     */
    public Builder baseUrl(String baseUrl) {
      HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl);
      if (url == null) {
        throw InvalidRequestException.invalidField(
            "base-url", "base-url must be an absolute http or https URL, was " + baseUrl);
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw InvalidRequestException.invalidField(
            "base-url", "base-url must not carry credentials, was " + url.redact());
      }
      if (url.scheme().equals("http") && !isLoopback(url.host())) {
        throw InvalidRequestException.invalidField(
            "base-url",
            "base-url must use https; plain http is allowed only for loopback hosts, was "
                + url.redact());
      }
      if (!url.encodedPath().endsWith("/")) {
        url = url.newBuilder().addPathSegment("").build();
      }
      this.baseUrl = url;
      return this;
    }

    /** The adapter module named in the {@code User-Agent}, such as {@code payments-acme}. */
    public Builder module(String module) {
      if (module == null || !TOKEN.matcher(module).matches()) {
        throw InvalidRequestException.invalidField(
            "module", "module must be a non-empty name without spaces, was " + module);
      }
      this.module = module;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout("connectTimeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = checkTimeout("readTimeout", timeout);
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = checkTimeout("writeTimeout", timeout);
      return this;
    }

    /** The whole-call timeout; zero means none. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = checkTimeout("callTimeout", timeout);
      return this;
    }

    /** The header carrying the idempotency key, or null when the vendor takes none. */
    public Builder idempotencyHeader(String name) {
      if (name != null) {
        checkHeaderName("idempotencyHeader", name);
      }
      this.idempotencyHeader = name;
      return this;
    }

    /** The HTTP methods that carry the idempotency header (default POST, PATCH, DELETE). */
    public Builder idempotentMethods(Set<String> methods) {
      if (methods == null) {
        throw new NullPointerException("idempotentMethods == null");
      }
      Set<String> upper = new LinkedHashSet<>();
      for (String method : methods) {
        checkHeaderName("idempotentMethods", method);
        upper.add(method.toUpperCase(Locale.ROOT));
      }
      this.idempotentMethods = upper;
      return this;
    }

    /** The response header holding the vendor's request id, or null when it sends none. */
    public Builder vendorRequestIdHeader(String name) {
      if (name != null) {
        checkHeaderName("vendorRequestIdHeader", name);
      }
      this.vendorRequestIdHeader = name;
      return this;
    }

    /**
     * The header in which the vendor says whether a failed call may be retried, such as {@code
     * X-Should-Retry}; null (the default) when it has none.
     */
    public Builder retryHintHeader(String name) {
      if (name != null) {
        checkHeaderName("retryHintHeader", name);
      }
      this.retryHintHeader = name;
      return this;
    }

    /** Adds headers that must never be logged nor handed to error mappers. */
    public Builder sensitiveHeaders(String... names) {
      if (names == null) {
        throw new NullPointerException("sensitiveHeaders == null");
      }
      for (String name : names) {
        checkHeaderName("sensitiveHeaders", name);
        sensitiveHeaders.add(name.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** The names of the vendor's limit, remaining and reset headers. */
    public Builder rateLimitHeaders(String limit, String remaining, String reset) {
      checkHeaderName("rateLimitLimitHeader", limit);
      checkHeaderName("rateLimitRemainingHeader", remaining);
      checkHeaderName("rateLimitResetHeader", reset);
      this.rateLimitLimitHeader = limit;
      this.rateLimitRemainingHeader = remaining;
      this.rateLimitResetHeader = reset;
      return this;
    }

    public Builder rateLimitReset(RateLimitReset semantics) {
      if (semantics == null) {
        throw new NullPointerException("rateLimitReset == null");
      }
      this.rateLimitReset = semantics;
      return this;
    }

    /** The tracker to feed with rate-limit headers, or null for none. */
    public Builder quota(QuotaTracker quota) {
      this.quota = quota;
      return this;
    }

    /**
     * The clients to derive the vendor's client from, such as ones over the application's own
     * {@code OkHttpClient} ({@link HttpClients.Builder#baseClient}); null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      this.httpClients = httpClients;
      return this;
    }

    /**
     * Supplies the full {@code Authorization} value per request, so a rotated secret is used at
     * once; null for none. See {@link Authorization} for the usual forms.
     */
    public Builder authorization(Supplier<String> authorization) {
      this.authorization = authorization;
      return this;
    }

    /** Runs on every 401 answer (default: nothing). It should only mark the secret stale. */
    public Builder onUnauthorized(Runnable onUnauthorized) {
      if (onUnauthorized == null) {
        throw new NullPointerException("onUnauthorized == null");
      }
      this.onUnauthorized = onUnauthorized;
      return this;
    }

    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new NullPointerException("clock == null");
      }
      this.clock = clock;
      return this;
    }

    /** Whether the vendor's 503 certainly means "not processed" (default false). */
    public Builder unavailableMeansNotProcessed(boolean value) {
      this.unavailableMeansNotProcessed = value;
      return this;
    }

    /**
     * Whether the vendor replays a repeated request by its idempotency key instead of acting again
     * (default true). Set it to false for a vendor with no idempotency keys, such as an email API:
     * its unknown outcomes are then never retried on the same provider.
     */
    public Builder replaysIdempotentRequests(boolean value) {
      this.replaysIdempotentRequests = value;
      return this;
    }

    public Builder logSink(HttpLogSink logSink) {
      if (logSink == null) {
        throw new NullPointerException("logSink == null");
      }
      this.logSink = logSink;
      return this;
    }

    /**
     * Adds a header that every request carries unless it already has that header, such as a pinned
     * API version ({@code Acme-Version}); it is set in the same copy of the request as the request
     * id, so it costs no interceptor. Setting a name again replaces its value.
     *
     * @throws InvalidRequestException if the name is not an HTTP header name, the value cannot
     *     travel in a header (line breaks, control or non-ASCII characters), or the header is one
     *     the HTTP layer sets itself ({@code Authorization}, {@code X-Request-Id}, {@code
     *     User-Agent}; the idempotency header is refused by {@link #build()})
     * @throws NullPointerException if the value is null
     */
    public Builder header(String name, String value) {
      checkHeaderName("header", name);
      if (value == null) {
        throw new NullPointerException("header " + name + " == null");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c >= 0x7f) {
          throw InvalidRequestException.invalidField(
              "header",
              "header "
                  + name
                  + " must hold printable ASCII only, found character "
                  + (int) c
                  + " at index "
                  + i);
        }
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization")
          || lower.equals("x-request-id")
          || lower.equals("user-agent")) {
        throw setByTheLayer(name);
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /** Adds an interceptor that runs after authorization, such as a request signer. */
    public Builder addInterceptor(Interceptor interceptor) {
      if (interceptor == null) {
        throw new NullPointerException("interceptor == null");
      }
      interceptors.add(interceptor);
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalStateException if the provider was never set
     * @throws InvalidRequestException if the base URL is missing
     */
    public VendorHttpConfig build() {
      if (provider == null) {
        throw new IllegalStateException("provider must be set");
      }
      if (baseUrl == null) {
        throw InvalidRequestException.invalidField("base-url", "base-url == null");
      }
      if (idempotencyHeader != null) {
        for (String name : headers.keySet()) {
          if (name.equalsIgnoreCase(idempotencyHeader)) {
            throw setByTheLayer(name);
          }
        }
      }
      return new VendorHttpConfig(this);
    }
  }
}
