package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
  private final VendorHttpConfig.Builder acme =
      VendorHttpConfig.builder().provider("acme").baseUrl("https://api.acme.test/");

  @Test
  void baseClientNeverRetriesNorRedirectsAndHasTheDefaultTimeouts() {
    OkHttpClient base = HttpClients.builder().build().baseClient();
    assertThat(base.retryOnConnectionFailure()).isFalse();
    assertThat(base.followRedirects()).isFalse();
    assertThat(base.followSslRedirects()).isFalse();
    assertThat(base.connectTimeoutMillis()).isEqualTo(5_000);
    assertThat(base.readTimeoutMillis()).isEqualTo(30_000);
    assertThat(base.writeTimeoutMillis()).isEqualTo(30_000);
    assertThat(base.callTimeoutMillis()).isEqualTo(60_000);
  }

  @Test
  void keepsTheConnectionsOfABurstAsLargeAsTheDefaultBulkheadForTheNextBurst() throws Exception {
    int burst = 16; // more than OkHttp's own default pool of 5 idle connections keeps
    List<Integer> connectionIndexes = new CopyOnWriteArrayList<>();
    AtomicReference<CountDownLatch> arrived = new AtomicReference<>();
    ExecutorService callers = Executors.newFixedThreadPool(burst);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              connectionIndexes.add(request.getConnectionIndex());
              CountDownLatch all = arrived.get();
              all.countDown();
              all.await(10, TimeUnit.SECONDS);
              return new MockResponse.Builder().body("ok").build();
            }
          });
      server.start();
      OkHttpClient base = HttpClients.builder().build().baseClient();
      for (int round = 0; round < 2; round++) {
        arrived.set(new CountDownLatch(burst));
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
          calls.add(
              callers.submit(
                  () -> {
                    try (Response response =
                        base.newCall(new Request.Builder().url(server.url("/")).build())
                            .execute()) {
                      return response.body().string();
                    }
                  }));
        }
        for (Future<String> call : calls) {
          assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(HttpClients.DEFAULT_MAX_IDLE_CONNECTIONS)
        .isEqualTo(ResilienceConfig.defaults().bulkheadMaxConcurrentCalls())
        .isGreaterThanOrEqualTo(burst);
    assertThat(connectionIndexes).hasSize(2 * burst);
    assertThat(new HashSet<>(connectionIndexes))
        .as("the second burst reuses every connection of the first, opening none")
        .hasSize(burst);
  }

  @Test
  void sharedInstanceBuildsItsBaseOnceAndLazily() {
    assertThat(HttpClients.shared()).isSameAs(HttpClients.shared());
    assertThat(HttpClients.shared().baseClient()).isSameAs(HttpClients.shared().baseClient());
  }

  @Test
  void baseTimeoutsCanBeOverridden() {
    OkHttpClient base =
        HttpClients.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2))
            .writeTimeout(Duration.ofSeconds(3))
            .callTimeout(Duration.ZERO)
            .build()
            .baseClient();
    assertThat(base.connectTimeoutMillis()).isEqualTo(1_000);
    assertThat(base.readTimeoutMillis()).isEqualTo(2_000);
    assertThat(base.writeTimeoutMillis()).isEqualTo(3_000);
    assertThat(base.callTimeoutMillis()).isZero();
    assertThatThrownBy(() -> HttpClients.builder().callTimeout(Duration.ofMillis(-1)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("callTimeout"));
  }

  @Test
  void vendorClientsShareThePoolAndDispatcherButNotTheirSettings() {
    HttpClients clients = HttpClients.builder().build();
    OkHttpClient one = clients.forVendor(acme.readTimeout(Duration.ofMillis(200)).build());
    OkHttpClient two = clients.forVendor(acme.provider("other").build());
    assertThat(one.connectionPool()).isSameAs(clients.baseClient().connectionPool());
    assertThat(two.connectionPool()).isSameAs(clients.baseClient().connectionPool());
    assertThat(one.dispatcher()).isSameAs(two.dispatcher());
    assertThat(one.readTimeoutMillis()).isEqualTo(200);
    assertThat(one.retryOnConnectionFailure()).isFalse();
    assertThat(one.followRedirects()).isFalse();
    assertThat(clients.baseClient().interceptors()).isEmpty();
  }

  @Test
  void installsTheInterceptorsInTheDocumentedOrder() {
    Interceptor signer = chain -> chain.proceed(chain.request());
    OkHttpClient client;
    try (ResiliencePolicy policy = ResiliencePolicy.ofDefaults("acme")) {
      VendorHttpConfig config =
          acme.authorization(() -> "Bearer x").addInterceptor(signer).quota(policy.quota()).build();
      client = HttpClients.builder().build().forVendor(config);
    }
    assertThat(client.interceptors().stream().map(Object::getClass).collect(Collectors.toList()))
        .containsExactly(
            VendorInterceptors.RequestTracking.class,
            signer.getClass(),
            VendorInterceptors.Observation.class);
  }

  @Test
  void withoutInterceptorsOfItsOwnAVendorClientHasOneInterceptorThatAlsoObserves() {
    OkHttpClient client;
    try (ResiliencePolicy policy = ResiliencePolicy.ofDefaults("acme")) {
      client =
          HttpClients.builder()
              .build()
              .forVendor(acme.authorization(() -> "Bearer x").quota(policy.quota()).build());
    }
    assertThat(client.interceptors().stream().map(Object::getClass).collect(Collectors.toList()))
        .containsExactly(VendorInterceptors.RequestTracking.class);
  }

  @Test
  void userAgentNamesTheSdkItsVersionAndTheModule() {
    assertThat(HttpClients.userAgent("1.2.3", "payments-acme"))
        .isEqualTo("switchboard-java/1.2.3 payments-acme");
    assertThat(HttpClients.sdkVersion()).isNotBlank();
  }

  @Test
  void sdkVersionPrefersTheManifestThenTheMavenDescriptorThenDev() throws Exception {
    assertThat(HttpClients.sdkVersion("1.0.0", descriptor("version=0.9.0"))).isEqualTo("1.0.0");
    assertThat(HttpClients.sdkVersion(" ", descriptor("version=0.9.0\n"))).isEqualTo("0.9.0");
    assertThat(HttpClients.sdkVersion(null, descriptor("groupId=dev.switchboard")))
        .isEqualTo("dev");
    assertThat(HttpClients.sdkVersion(null, null)).isEqualTo("dev");
  }

  private static InputStream descriptor(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void rejectsANullConfig() {
    assertThatThrownBy(() -> HttpClients.shared().forVendor(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void vendorClientsConnectWithTcpNoDelayWhichOkHttpAloneLeavesOff() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(new MockResponse.Builder().body("ok").build());
      server.enqueue(new MockResponse.Builder().body("ok").build());
      OkHttpClient vendor =
          HttpClients.builder().build().forVendor(acme.baseUrl(server.url("/").toString()).build());

      assertThat(connectedWithNoDelay(vendor, server)).isTrue();
      assertThat(connectedWithNoDelay(new OkHttpClient(), server)).isFalse();
    }
  }

  private static boolean connectedWithNoDelay(OkHttpClient client, MockWebServer server)
      throws Exception {
    AtomicBoolean noDelay = new AtomicBoolean();
    OkHttpClient probing =
        client
            .newBuilder()
            .addNetworkInterceptor(
                chain -> {
                  Socket socket = chain.connection().socket();
                  assertThat(socket.isConnected()).isTrue();
                  noDelay.set(socket.getTcpNoDelay());
                  return chain.proceed(chain.request());
                })
            .build();
    try (Response response =
        probing.newCall(new Request.Builder().url(server.url("/x")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    return noDelay.get();
  }
}
