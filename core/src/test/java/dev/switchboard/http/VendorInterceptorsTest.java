package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Tag;

class VendorInterceptorsTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpTestSupport support = new HttpTestSupport();
  private final ResiliencePolicy policy =
      ResiliencePolicy.of("acme", ResilienceConfig.builder().clock(HttpTestSupport.CLOCK).build());

  interface Api {
    @POST("charges")
    Call<Void> charge(@Body RequestBody body, @Tag IdempotencyKey key);

    @GET("charges/{id}")
    Call<Void> get(@Path("id") String id, @Query("expand") String expand, @Tag IdempotencyKey key);

    @GET("charges")
    Call<Void> list(@Header("X-Request-Id") String requestId);

    @GET("charges")
    Call<Void> pinned(@Header("Acme-Version") String version);
  }

  @AfterEach
  void closePolicy() {
    policy.close();
  }

  private Api api(VendorHttpConfig config) {
    HttpClients clients = HttpClients.builder().build();
    return RetrofitFactory.create(clients, config, SwitchboardMoshi.create()).create(Api.class);
  }

  private Api api() {
    return api(
        support
            .config(server)
            .authorization(() -> Authorization.bearer(HttpTestSupport.SECRET))
            .build());
  }

  private static RequestBody json(String json) {
    return RequestBody.create(json, MediaType.get("application/json"));
  }

  /** An answer with the vendor's quota in the headers {@code prefix} + Limit, Remaining, Reset. */
  private static MockResponse quota(String prefix, String limit, String remaining, long reset) {
    return new MockResponse.Builder()
        .addHeader(prefix + "Limit", limit)
        .addHeader(prefix + "Remaining", remaining)
        .addHeader(prefix + "Reset", reset)
        .body("{}")
        .build();
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void requestIdsAreDistinctVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = VendorInterceptors.RequestTracking.requestId();
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(parsed.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void sendsRequestIdUserAgentAndAuthorizationOnEveryCall() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    Api api = api();

    api.charge(json("{}"), IdempotencyKey.of("k-1")).execute();
    api.get("ch_1", null, null).execute();

    RecordedRequest first = take();
    RecordedRequest second = take();
    for (RecordedRequest request : List.of(first, second)) {
      assertThat(request.getHeaders().get("X-Request-Id")).matches("[0-9a-f-]{36}");
      assertThat(request.getHeaders().get("User-Agent"))
          .isEqualTo("switchboard-java/" + HttpClients.sdkVersion() + " payments-acme");
      assertThat(request.getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + HttpTestSupport.SECRET);
    }
    assertThat(first.getHeaders().get("X-Request-Id"))
        .isNotEqualTo(second.getHeaders().get("X-Request-Id"));
  }

  @Test
  void keepsARequestIdTheRequestAlreadyCarries() throws Exception {
    server.enqueue(new MockResponse.Builder().body("[]").build());

    api().list("my-request-id").execute();

    assertThat(take().getHeaders().get("X-Request-Id")).isEqualTo("my-request-id");
  }

  @Test
  void sendsTheConfigsHeadersUnlessTheRequestCarriesItsOwn() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("[]").build());
    Api api =
        api(
            support
                .config(server)
                .header("Acme-Version", "2026-01-01")
                .header("Acme-Beta", "ledger=v2")
                .build());

    api.charge(json("{}"), IdempotencyKey.of("k-1")).execute();
    api.pinned("2025-06-30").execute();

    RecordedRequest first = take();
    assertThat(first.getHeaders().get("Acme-Version")).isEqualTo("2026-01-01");
    assertThat(first.getHeaders().get("Acme-Beta")).isEqualTo("ledger=v2");
    RecordedRequest second = take();
    assertThat(second.getHeaders().values("Acme-Version")).containsExactly("2025-06-30");
    assertThat(second.getHeaders().get("Acme-Beta")).isEqualTo("ledger=v2");
  }

  @Test
  void withInterceptorsOfItsOwnTheLogAndTheQuotaStillSeeTheRequestAsSent() throws Exception {
    server.enqueue(
        quota("X-RateLimit-", "100", "9", HttpTestSupport.NOW.plusSeconds(60).getEpochSecond()));
    VendorHttpConfig config =
        support
            .config(server)
            .quota(policy.quota())
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("X-Request-Id", "signed-id").build()))
            .build();

    api(config).get("a", null, null).execute();

    assertThat(take().getHeaders().get("X-Request-Id")).isEqualTo("signed-id");
    assertThat(support.lines).singleElement().asString().contains("requestId=signed-id");
    assertThat(policy.quota().remaining()).hasValue(9);
  }

  @Test
  void sendsTheIdempotencyKeyOnlyOnMethodsThatChangeState() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    Api api = api();

    api.charge(json("{}"), IdempotencyKey.of("order-42")).execute();
    api.get("ch_1", null, IdempotencyKey.of("order-43")).execute();
    api.charge(json("{}"), null).execute();

    assertThat(take().getHeaders().get("Idempotency-Key")).isEqualTo("order-42");
    assertThat(take().getHeaders().get("Idempotency-Key")).isNull();
    assertThat(take().getHeaders().get("Idempotency-Key")).isNull();
  }

  @Test
  void usesTheVendorsIdempotencyHeaderNameOrNoneAtAll() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());

    api(support.config(server).idempotencyHeader("Request-Key").build())
        .charge(json("{}"), IdempotencyKey.of("k-7"))
        .execute();
    api(support.config(server).idempotencyHeader(null).build())
        .charge(json("{}"), IdempotencyKey.of("k-8"))
        .execute();

    RecordedRequest named = take();
    assertThat(named.getHeaders().get("Request-Key")).isEqualTo("k-7");
    assertThat(named.getHeaders().get("Idempotency-Key")).isNull();
    RecordedRequest none = take();
    assertThat(none.getHeaders().names()).doesNotContain("Request-Key", "Idempotency-Key");
  }

  @Test
  void readsTheAuthorizationSupplierForEveryRequestSoRotationTakesEffect() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    AtomicInteger version = new AtomicInteger(1);
    Api api =
        api(
            support
                .config(server)
                .authorization(() -> Authorization.bearer("sk_test_v" + version.get()))
                .build());

    api.get("a", null, null).execute();
    version.set(2);
    api.get("b", null, null).execute();

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer sk_test_v1");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer sk_test_v2");
  }

  @Test
  void reportsA401ToOnUnauthorizedAndNothingElse() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(403).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    AtomicInteger unauthorized = new AtomicInteger();
    Api api =
        api(
            support
                .config(server)
                .authorization(() -> "Bearer x")
                .onUnauthorized(unauthorized::incrementAndGet)
                .build());

    api.get("a", null, null).execute();
    assertThat(unauthorized).hasValue(1);
    api.get("b", null, null).execute();
    api.get("c", null, null).execute();
    assertThat(unauthorized).hasValue(1);
  }

  @Test
  void aFailingOnUnauthorizedCallbackStillLetsThe401Through() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).build());
    Api api =
        api(
            support
                .config(server)
                .authorization(() -> "Bearer x")
                .onUnauthorized(
                    () -> {
                      throw new IllegalStateException("vault down");
                    })
                .build());

    assertThat(api.get("a", null, null).execute().code()).isEqualTo(401);
  }

  /**
   * Runs a call as the SDK does, through {@link HttpExecutor}: a verdict an interceptor reaches (no
   * credentials) leaves OkHttp's chain inside an {@code IOException}, so that an enqueued call does
   * not die on OkHttp's thread, and the executor hands it on as itself.
   */
  private Object send(VendorHttpConfig config) {
    return HttpExecutor.create(config).execute("get", api(config).get("a", null, null));
  }

  @Test
  void missingCredentialsFailBeforeAnythingIsSent() throws Exception {
    VendorHttpConfig blank = support.config(server).authorization(() -> " ").build();
    VendorHttpConfig broken =
        support
            .config(server)
            .authorization(
                () -> {
                  throw new IllegalStateException("secret file unreadable");
                })
            .build();

    assertThatThrownBy(() -> send(blank))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThatThrownBy(() -> send(broken))
        .isInstanceOf(AuthenticationException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> api(blank).get("a", null, null).execute())
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(AuthenticationException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCredentialThatCannotBeSentIsTheProvidersAuthenticationFailureNotTheCallers() {
    String rotated = HttpTestSupport.SECRET + "\n";
    VendorHttpConfig bearer =
        support.config(server).authorization(() -> Authorization.bearer(rotated)).build();
    VendorHttpConfig raw = support.config(server).authorization(() -> "Token " + rotated).build();

    for (VendorHttpConfig config : List.of(bearer, raw)) {
      assertThatThrownBy(() -> send(config))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.provider()).contains("acme");
                assertThat(e.requestSent()).isFalse();
              })
          .hasMessageContaining("cannot be sent")
          .message()
          .doesNotContain(HttpTestSupport.SECRET);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void feedsEpochSecondRateLimitHeadersToTheQuotaTracker() throws Exception {
    long reset = HttpTestSupport.NOW.plusSeconds(60).getEpochSecond();
    server.enqueue(quota("X-RateLimit-", "100", "7", reset));

    api(support.config(server).quota(policy.quota()).build()).get("a", null, null).execute();

    assertThat(policy.quota().remaining()).hasValue(7);
    assertThat(policy.quota().resetAt()).contains(Instant.ofEpochSecond(reset));
  }

  @Test
  void feedsSecondsUntilResetAndCustomHeaderNames() throws Exception {
    server.enqueue(quota("RateLimit-", "10", "0", 30));
    VendorHttpConfig config =
        support
            .config(server)
            .quota(policy.quota())
            .rateLimitHeaders("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
            .rateLimitReset(RateLimitReset.SECONDS_UNTIL_RESET)
            .build();

    api(config).get("a", null, null).execute();

    assertThat(policy.quota().remaining()).hasValue(0);
    assertThat(policy.quota().resetAt()).contains(HttpTestSupport.NOW.plusSeconds(30));
  }

  @Test
  void ignoresMissingOrUnreadableRateLimitHeaders() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("X-RateLimit-Limit", "100")
            .addHeader("X-RateLimit-Remaining", "lots")
            .addHeader("X-RateLimit-Reset", "1")
            .build());
    server.enqueue(new MockResponse.Builder().addHeader("X-RateLimit-Limit", "100").build());
    Api api = api(support.config(server).quota(policy.quota()).build());

    api.get("a", null, null).execute();
    api.get("b", null, null).execute();

    assertThat(policy.quota().remaining()).isEmpty();
  }

  @Test
  void logsOneRedactedLinePerCall() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Request-Id", "req_vendor_1")
            .addHeader("Set-Cookie", "session=cookie_secret_456")
            .body("{\"card\":\"4242424242424242\"}")
            .build());
    VendorHttpConfig config =
        support
            .config(server)
            .authorization(() -> Authorization.bearer(HttpTestSupport.SECRET))
            .vendorRequestIdHeader("Request-Id")
            .build();

    api(config)
        .charge(json("{\"email\":\"buyer@example.com\"}"), IdempotencyKey.of("order-42"))
        .execute();
    String requestId = take().getHeaders().get("X-Request-Id");

    assertThat(support.lines).hasSize(1);
    assertThat(support.lines.get(0))
        .isEqualTo(
            "provider=acme method=POST host="
                + server.getHostName()
                + " path=/v1/charges status=200 durationMs=0 requestId="
                + requestId
                + " idempotencyKey=order-42 vendorRequestId=req_vendor_1");
  }

  @Test
  void neverLogsSecretsBodiesOrQueryValues() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(402).body("{\"error\":\"card_declined\"}").build());
    server.enqueue(new MockResponse.Builder().addHeader("X-Api-Key", "sk_test_fake_123").build());
    VendorHttpConfig config =
        support
            .config(server)
            .authorization(() -> Authorization.basic("api", HttpTestSupport.SECRET))
            .vendorRequestIdHeader("X-Api-Key")
            .sensitiveHeaders("X-Api-Key")
            .build();
    Api api = api(config);

    api.get("ch_1", "customer.email=buyer@example.com", null).execute();
    api.get("ch_2", "secret_value", null).execute();

    assertThat(support.lines).hasSize(2);
    assertThat(support.lines.get(0))
        .contains("path=/v1/charges/ch_1?expand= status=402", "vendorRequestId=-");
    for (String line : support.lines) {
      assertThat(line)
          .doesNotContain(HttpTestSupport.SECRET)
          .doesNotContain(Authorization.basic("api", HttpTestSupport.SECRET).substring(6))
          .doesNotContain("buyer@example.com")
          .doesNotContain("secret_value")
          .doesNotContain("card_declined")
          .doesNotContainIgnoringCase("authorization");
    }
  }

  @Test
  void logsFailedCallsWithTheErrorTypeOnly() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(new mockwebserver3.SocketEffect.CloseSocket(true, true, true))
            .build());

    assertThatThrownBy(() -> api().get("ch_1", null, null).execute()).isInstanceOf(Exception.class);

    assertThat(support.lines).hasSize(1);
    assertThat(support.lines.get(0))
        .startsWith("provider=acme method=GET")
        .contains("status=- ")
        .containsPattern("error=[A-Za-z]+Exception$");
  }

  @Test
  void aDisabledSinkReceivesNothing() throws Exception {
    List<String> lines = new ArrayList<>();
    server.enqueue(new MockResponse.Builder().body("{}").build());
    HttpLogSink off =
        new HttpLogSink() {
          @Override
          public void log(String line) {
            lines.add(line);
          }

          @Override
          public boolean isEnabled() {
            return false;
          }
        };

    api(support.config(server).logSink(off).build()).get("a", null, null).execute();

    assertThat(lines).isEmpty();
    assertThat(HttpLogSink.slf4j().isEnabled()).isFalse();
  }

  @Test
  void stripsQueryValuesButKeepsTheirNames() {
    assertThat(
            VendorInterceptors.Observation.pathWithoutQueryValues(
                okhttp3.HttpUrl.get("https://x.test/a/b?limit=10&flag&token=abc")))
        .isEqualTo("/a/b?limit=&flag=&token=");
  }
}
