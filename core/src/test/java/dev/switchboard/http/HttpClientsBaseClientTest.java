package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.CertificatePinner;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A vendor client derived from the application's own OkHttpClient. */
class HttpClientsBaseClientTest {
  private static final IdempotencyKey KEY = IdempotencyKey.of("order-1");

  private final HttpTestSupport support = new HttpTestSupport();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().body("ok").build();
  }

  private static Response get(OkHttpClient client, String url) throws IOException {
    return client
        .newCall(new Request.Builder().url(url).tag(IdempotencyKey.class, KEY).build())
        .execute();
  }

  private static OkHttpClient vendorClient(OkHttpClient application, VendorHttpConfig config) {
    return HttpClients.builder().baseClient(application).build().forVendor(config);
  }

  @Test
  void callsGoThroughTheApplicationsProxy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    server.enqueue(ok());
    OkHttpClient application =
        new OkHttpClient.Builder()
            .proxy(
                new Proxy(
                    Proxy.Type.HTTP, new InetSocketAddress(server.getHostName(), server.getPort())))
            .build();
    String vendorUrl = "http://127.0.0.1:" + closedPort + "/v1/";
    OkHttpClient vendor =
        vendorClient(application, support.config(server).baseUrl(vendorUrl).build());

    // Nothing listens on the vendor's port: only the proxy can have answered.
    try (Response response = get(vendor, vendorUrl + "charges")) {
      assertThat(response.code()).isEqualTo(200);
    }
    RecordedRequest seen = server.takeRequest();
    assertThat(seen.getRequestLine()).startsWith("GET " + vendorUrl + "charges");
    assertThat(seen.getHeaders().get("User-Agent")).startsWith("switchboard-java/");
    assertThat(seen.getHeaders().get(VendorInterceptors.REQUEST_ID)).isNotBlank();
  }

  @Test
  void theApplicationsInterceptorsRunOutsideSwitchboardsAndSeeEveryCall() throws Exception {
    server.enqueue(ok());
    List<String> seen = new CopyOnWriteArrayList<>();
    OkHttpClient application =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add("app:" + chain.request().header("User-Agent"));
                  return chain.proceed(chain.request());
                })
            .addNetworkInterceptor(
                chain -> {
                  seen.add("network:" + chain.request().header("User-Agent"));
                  return chain.proceed(chain.request());
                })
            .build();
    OkHttpClient vendor = vendorClient(application, support.config(server).build());

    try (Response response = get(vendor, server.url("/v1/charges").toString())) {
      assertThat(response.code()).isEqualTo(200);
    }
    // The application's interceptor is outermost (no User-Agent yet); its network interceptor sees
    // the request as sent.
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo("app:null");
    assertThat(seen.get(1)).startsWith("network:switchboard-java/");
  }

  @Test
  void theApplicationsEventListenerGetsCallbacksAndANotSentFailureIsStillCertain()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    List<String> events = new CopyOnWriteArrayList<>();
    OkHttpClient application =
        new OkHttpClient.Builder().eventListenerFactory(call -> new Recording(events)).build();
    VendorHttpConfig config =
        support
            .config(server)
            .baseUrl("http://127.0.0.1:" + closedPort + "/v1/")
            .connectTimeout(Duration.ofMillis(500))
            .build();
    OkHttpClient vendor = vendorClient(application, config);
    HttpExecutor executor = HttpExecutor.create(config);

    assertThatThrownBy(
            () ->
                executor.executeRaw(
                    "charge",
                    vendor.newCall(
                        new Request.Builder()
                            .url(config.baseUrl() + "charges")
                            .tag(IdempotencyKey.class, KEY)
                            .build())))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(events).contains("callStart", "connectFailed", "callFailed");
    assertThat(events).doesNotContain("requestHeadersStart");
  }

  @Test
  void theApplicationsEventListenerGetsCallbacksAndAMaybeSentFailureIsStillUnknown()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(ok());
    List<String> events = new CopyOnWriteArrayList<>();
    // The application asked for OkHttp's silent retries; Switchboard turns them off all the same.
    OkHttpClient application =
        new OkHttpClient.Builder()
            .retryOnConnectionFailure(true)
            .followRedirects(true)
            .eventListener(new Recording(events))
            .build();
    VendorHttpConfig config = support.config(server).build();
    OkHttpClient vendor = vendorClient(application, config);

    assertThat(vendor.retryOnConnectionFailure()).isFalse();
    assertThat(vendor.followRedirects()).isFalse();
    assertThatThrownBy(
            () ->
                HttpExecutor.create(config)
                    .executeRaw(
                        "charge",
                        vendor.newCall(
                            new Request.Builder()
                                .url(server.url("/v1/charges"))
                                .tag(IdempotencyKey.class, KEY)
                                .build())))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).contains("callStart", "requestHeadersStart", "callFailed");
  }

  @Test
  void keepsTheApplicationsTlsPinningDispatcherPoolAndSocketsWithTheVendorsTimeouts()
      throws Exception {
    X509TrustManager trust = systemTrustManager();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    javax.net.ssl.SSLSocketFactory tlsSockets = tls.getSocketFactory();
    CertificatePinner pinner =
        new CertificatePinner.Builder()
            .add("api.acme.test", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .build();
    Dispatcher dispatcher = new Dispatcher();
    ConnectionPool pool = new ConnectionPool(3, 1, TimeUnit.MINUTES);
    SocketFactory sockets = SocketFactory.getDefault();
    SocketFactory ownSockets =
        new SocketFactory() {
          @Override
          public Socket createSocket() throws IOException {
            return sockets.createSocket();
          }

          @Override
          public Socket createSocket(String host, int port) throws IOException {
            return sockets.createSocket(host, port);
          }

          @Override
          public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
              throws IOException {
            return sockets.createSocket(host, port, localHost, localPort);
          }

          @Override
          public Socket createSocket(InetAddress host, int port) throws IOException {
            return sockets.createSocket(host, port);
          }

          @Override
          public Socket createSocket(
              InetAddress address, int port, InetAddress localAddress, int localPort)
              throws IOException {
            return sockets.createSocket(address, port, localAddress, localPort);
          }
        };
    OkHttpClient application =
        new OkHttpClient.Builder()
            .sslSocketFactory(tlsSockets, trust)
            .certificatePinner(pinner)
            .dispatcher(dispatcher)
            .connectionPool(pool)
            .socketFactory(ownSockets)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    OkHttpClient vendor =
        vendorClient(
            application, support.config(server).readTimeout(Duration.ofSeconds(7)).build());

    assertThat(vendor.sslSocketFactory()).isSameAs(tlsSockets);
    assertThat(vendor.x509TrustManager()).isSameAs(trust);
    assertThat(vendor.certificatePinner().getPins()).isEqualTo(pinner.getPins());
    assertThat(vendor.dispatcher()).isSameAs(dispatcher);
    assertThat(vendor.connectionPool()).isSameAs(pool);
    assertThat(vendor.socketFactory()).isSameAs(ownSockets);
    assertThat(vendor.readTimeoutMillis()).isEqualTo(7_000);
    // Switchboard's base timeout replaces the client's; the vendor's config could override it.
    assertThat(vendor.connectTimeoutMillis()).isEqualTo(5_000);
  }

  @Test
  void anApplicationClientWithTheDefaultSocketFactoryStillGetsTcpNoDelay() throws Exception {
    server.enqueue(ok());
    AtomicBoolean noDelay = new AtomicBoolean();
    OkHttpClient application =
        new OkHttpClient.Builder()
            .addNetworkInterceptor(
                chain -> {
                  noDelay.set(chain.connection().socket().getTcpNoDelay());
                  return chain.proceed(chain.request());
                })
            .build();
    OkHttpClient vendor = vendorClient(application, support.config(server).build());

    try (Response response = get(vendor, server.url("/v1/x").toString())) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(noDelay).isTrue();
  }

  @Test
  void refusesANullBaseClient() {
    assertThatThrownBy(() -> HttpClients.builder().baseClient(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("baseClient");
  }

  private static X509TrustManager systemTrustManager() throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  /** Records the callbacks the send tracker relies on, to show both listeners get them. */
  private static final class Recording extends EventListener {
    private final List<String> events;

    Recording(List<String> events) {
      this.events = events;
    }

    @Override
    public void callStart(Call call) {
      events.add("callStart");
    }

    @Override
    public void connectFailed(
        Call call,
        InetSocketAddress address,
        Proxy proxy,
        okhttp3.Protocol protocol,
        IOException e) {
      events.add("connectFailed");
    }

    @Override
    public void requestHeadersStart(Call call) {
      events.add("requestHeadersStart");
    }

    @Override
    public void callFailed(Call call, IOException e) {
      events.add("callFailed");
    }
  }
}
