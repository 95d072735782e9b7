package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients adapters talk through: one shared base client, and one client per vendor
 * derived from it with {@code newBuilder()}, so that every vendor shares the same connection pool
 * and dispatcher threads.
 *
 * <pre>{@code
 * OkHttpClient acme = HttpClients.shared().forVendor(config);
 * }</pre>
 *
 * <p>The base client never retries on its own ({@code retryOnConnectionFailure(false)}: the one
 * retry layer is {@code ResiliencePolicy}) and never follows redirects (an API that redirects a
 * POST is misconfigured, and a silent redirect could replay it). Default timeouts: connect 5 s,
 * read 30 s, write 30 s, whole call 60 s; a {@link VendorHttpConfig} may override each. Its
 * connection pool keeps up to {@link #DEFAULT_MAX_IDLE_CONNECTIONS} (64) idle connections for 5
 * minutes, as many as a provider's default bulkhead lets run at once, so that a burst of concurrent
 * calls finds its connections warm again next time instead of opening new ones (OkHttp's own
 * default keeps 5). Its dispatcher, which runs non-blocking calls, runs as many per vendor host and
 * {@link #DEFAULT_MAX_REQUESTS} in all.
 *
 * <p>{@link #forVendor} adds these interceptors, after the base client's own and after any added
 * with {@link #withInterceptor}, first (outermost) to last:
 *
 * <ol>
 *   <li>{@code X-Request-Id}: a new UUID unless the request has one; it is also put in errors and
 *       log lines;
 *   <li>{@code User-Agent}: {@code switchboard-java/<version> <module>};
 *   <li>the idempotency header, from the request's {@link dev.switchboard.IdempotencyKey} tag, on
 *       the configured methods (POST, PATCH, DELETE by default). A Retrofit service passes the key
 *       as a tag parameter: {@code Call<ChargeDto> charge(@Body ChargeBody body, @Tag
 *       IdempotencyKey key)};
 *   <li>{@code Authorization} from the config's supplier, read per request, reporting a 401 to
 *       {@code onUnauthorized}; then the config's own interceptors (such as a request signer);
 *   <li>rate-limit capture into the config's {@code QuotaTracker};
 *   <li>the redacting logger: one line per call to the config's {@link HttpLogSink}.
 * </ol>
 *
 * <p>It also installs an event listener per call that records whether any request byte may have
 * been written, which is what lets {@link HttpExecutor} tell "certainly not sent" from "maybe acted
 * on". That listener is added to the base client's own event listener factory, never put in its
 * place: a listener of the application's (such as OkHttp's OpenTelemetry instrumentation) gets
 * every callback too.
 *
 * <h2>Bringing your own OkHttpClient</h2>
 *
 * <p>{@link Builder#baseClient(OkHttpClient)} derives the base client from the application's own
 * client (with {@code newBuilder()}, so it shares that client's connection pool and dispatcher).
 * Kept from it: the proxy, proxy selector and proxy authenticator, the SSL socket factory and trust
 * manager, hostname verifier, certificate pinner, dispatcher, connection pool, socket factory, DNS,
 * cookie jar, cache, protocols, connection specs, interceptors and network interceptors (which run
 * before, that is outside, Switchboard's own) and event listener factory (composed with
 * Switchboard's). Always set, whatever the client said: {@code retryOnConnectionFailure(false)}, no
 * redirects, and this builder's timeouts (Switchboard's defaults unless set here), which each
 * vendor's configuration may still override. The socket factory is replaced only when the client
 * has the JVM's default one (by Switchboard's {@code TCP_NODELAY} sockets); the connection pool is
 * the application's as it is (OkHttp's default keeps 5 idle connections, fewer than the {@value
 * #DEFAULT_MAX_IDLE_CONNECTIONS} calls a provider's bulkhead admits by default: size it for your
 * concurrency).
 *
 * <pre>{@code
 * OkHttpClient corporate = new OkHttpClient.Builder()
 *     .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp", 3128)))
 *     .certificatePinner(pinner)
 *     .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
 *     .build();
 * HttpClients clients = HttpClients.builder().baseClient(corporate).build();
 * }</pre>
 */
public final class HttpClients {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Idle connections the base client keeps: the concurrency the SDK is sized for. A provider's
   * default {@code bulkhead.max-concurrent-calls} is this number, so every call the bulkhead admits
   * can keep its connection.
   */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 64;

  /**
   * Non-blocking calls the base client's dispatcher runs at once, over every vendor; each vendor
   * host gets up to {@link #DEFAULT_MAX_IDLE_CONNECTIONS}, as many as its bulkhead admits by
   * default (OkHttp's own dispatcher runs 5 per host and 64 in all). OkHttp runs each enqueued
   * exchange on a dispatcher thread of its own, so this is also how many threads in-flight
   * non-blocking calls can hold; the rest wait in OkHttp's queue, holding none.
   */
  public static final int DEFAULT_MAX_REQUESTS = 256;

  /** How long an idle connection is kept in the base client's pool. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);

  private static final String SDK = "switchboard-java";

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final OkHttpClient given;
  private final List<Function<? super VendorHttpConfig, ? extends Interceptor>> perVendor;
  private volatile OkHttpClient base;

  private HttpClients(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.callTimeout = b.callTimeout;
    this.given = b.baseClient;
    this.perVendor = List.copyOf(b.perVendor);
  }

  private static final class Shared {
    static final HttpClients INSTANCE = builder().build();
  }

  /** The process-wide instance with the default timeouts; its base client is built on first use. */
  public static HttpClients shared() {
    return Shared.INSTANCE;
  }

  /** An independent instance, say with other base timeouts; it does not share the shared pool. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base client: no silent retries, no redirects, the default timeouts and connection pool.
   * Built on first use.
   */
  public OkHttpClient baseClient() {
    OkHttpClient client = base;
    if (client == null) {
      synchronized (this) {
        client = base;
        if (client == null) {
          client = given == null ? ownBase() : derivedBase(given);
          base = client;
        }
      }
    }
    return client;
  }

  private OkHttpClient ownBase() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(DEFAULT_MAX_IDLE_CONNECTIONS);
    dispatcher.setMaxRequests(DEFAULT_MAX_REQUESTS);
    return withSwitchboardRules(new OkHttpClient.Builder())
        .dispatcher(dispatcher)
        .socketFactory(new VendorSockets())
        .connectionPool(
            new ConnectionPool(
                DEFAULT_MAX_IDLE_CONNECTIONS, DEFAULT_KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS))
        .build();
  }

  /** The application's client with the rules above; everything else it set is kept. */
  private OkHttpClient derivedBase(OkHttpClient application) {
    OkHttpClient.Builder builder = withSwitchboardRules(application.newBuilder());
    if (application.socketFactory() == SocketFactory.getDefault()) {
      builder.socketFactory(new VendorSockets());
    }
    return builder.build();
  }

  private OkHttpClient.Builder withSwitchboardRules(OkHttpClient.Builder builder) {
    return builder
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(writeTimeout)
        .callTimeout(callTimeout);
  }

  /**
   * A client for one vendor, sharing the base's connections and threads, with the vendor's timeouts
   * and the interceptors listed above.
   *
   * @throws NullPointerException if the config is null
   */
  public OkHttpClient forVendor(VendorHttpConfig config) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    OkHttpClient base = baseClient();
    EventListener.Factory applications = base.eventListenerFactory();
    OkHttpClient.Builder builder =
        base.newBuilder()
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .eventListenerFactory(call -> withSendTracker(applications.create(call)));
    config.connectTimeout().ifPresent(builder::connectTimeout);
    config.readTimeout().ifPresent(builder::readTimeout);
    config.writeTimeout().ifPresent(builder::writeTimeout);
    config.callTimeout().ifPresent(builder::callTimeout);
    for (Function<? super VendorHttpConfig, ? extends Interceptor> interceptor : perVendor) {
      builder.addInterceptor(interceptor.apply(config));
    }
    VendorInterceptors.install(builder, config, userAgent(sdkVersion(), config.module()));
    return builder.build();
  }

  /**
   * These clients plus an interceptor made for each vendor client from its config (so it may name
   * the provider), run before (outside) Switchboard's own interceptors and after the base client's.
   * The result shares this instance's base client, so its connection pool and dispatcher; tracing
   * ({@code SwitchboardTracing}) uses it for its span per HTTP attempt.
   *
   * @throws NullPointerException naming {@code interceptor} if it is null
   */
  public HttpClients withInterceptor(
      Function<? super VendorHttpConfig, ? extends Interceptor> interceptor) {
    if (interceptor == null) {
      throw new NullPointerException("interceptor == null");
    }
    Builder derived =
        builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(writeTimeout)
            .callTimeout(callTimeout)
            .baseClient(baseClient());
    derived.perVendor.addAll(perVendor);
    derived.perVendor.add(interceptor);
    return derived.build();
  }

  /**
   * Switchboard's send tracker first, then the application's listener: both get every callback.
   * OkHttp's default factory answers {@link EventListener#NONE}, which needs no composing.
   */
  private static EventListener withSendTracker(EventListener applications) {
    SendTracker tracker = new SendTracker();
    return applications == EventListener.NONE ? tracker : tracker.plus(applications);
  }

  /**
   * This SDK's version: the jar manifest's {@code Implementation-Version}, else the version in the
   * jar's Maven descriptor, else {@code dev} (as when running from an IDE's classes folder).
   */
  public static String sdkVersion() {
    try (InputStream descriptor =
        HttpClients.class.getResourceAsStream(
            "/META-INF/maven/dev.switchboard/core/pom.properties")) {
      return sdkVersion(HttpClients.class.getPackage().getImplementationVersion(), descriptor);
    } catch (IOException e) {
      // Only closing the descriptor failed; the version in the User-Agent is a courtesy.
      return "dev";
    }
  }

  static String sdkVersion(String manifestVersion, InputStream descriptor) throws IOException {
    if (manifestVersion != null && !manifestVersion.isBlank()) {
      return manifestVersion.trim();
    }
    if (descriptor != null) {
      Properties pom = new Properties();
      pom.load(descriptor);
      String version = pom.getProperty("version");
      if (version != null && !version.isBlank()) {
        return version.trim();
      }
    }
    return "dev";
  }

  static String userAgent(String version, String module) {
    return SDK + "/" + version + " " + module;
  }

  /** Builds an {@link HttpClients} with its own base client; every timeout is optional. */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private OkHttpClient baseClient;
    private final List<Function<? super VendorHttpConfig, ? extends Interceptor>> perVendor =
        new ArrayList<>();

    private Builder() {}

    /**
     * The application's own client to derive every vendor client from, keeping its proxy, TLS,
     * pinning, dispatcher, connection pool, interceptors and event listeners (see the class comment
     * for what is overridden). Without it, Switchboard builds its own base client.
     *
     * @throws NullPointerException naming {@code baseClient} if it is null
     */
    public Builder baseClient(OkHttpClient client) {
      if (client == null) {
        throw new NullPointerException("baseClient == null");
      }
      this.baseClient = client;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = VendorHttpConfig.checkTimeout("connectTimeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = VendorHttpConfig.checkTimeout("readTimeout", timeout);
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = VendorHttpConfig.checkTimeout("writeTimeout", timeout);
      return this;
    }

    /** The whole-call timeout; zero means none. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = VendorHttpConfig.checkTimeout("callTimeout", timeout);
      return this;
    }

    public HttpClients build() {
      return new HttpClients(this);
    }
  }
}
