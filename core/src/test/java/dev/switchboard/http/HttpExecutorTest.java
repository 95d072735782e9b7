package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Converter;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Tag;

class HttpExecutorTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpTestSupport support = new HttpTestSupport();
  private final HttpClients clients = HttpClients.builder().build();
  private static final IdempotencyKey KEY = IdempotencyKey.of("order-42-charge");

  public record ChargeBody(long amount, String currency) {}

  public record ChargeDto(String id, long amount, String status) {}

  interface Api {
    @POST("charges")
    Call<ChargeDto> charge(@Body ChargeBody body, @Tag IdempotencyKey key);

    @GET("charges/{id}")
    Call<ChargeDto> get(@Path("id") String id);

    @POST("charges/{id}/void")
    Call<Void> cancel(@Path("id") String id, @Tag IdempotencyKey key);
  }

  private Api api(VendorHttpConfig config) {
    return RetrofitFactory.create(clients, config, SwitchboardMoshi.create()).create(Api.class);
  }

  private VendorHttpConfig config() {
    return support.config(server).vendorRequestIdHeader("Request-Id").build();
  }

  private ChargeDto charge(VendorHttpConfig config) {
    return HttpExecutor.create(config)
        .execute("charge", api(config).charge(new ChargeBody(1234, "EUR"), KEY));
  }

  private ChargeDto charge() {
    return charge(config());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void returnsTheParsedBodyAndSendsTheJsonRequest() throws Exception {
    server.enqueue(json(200, "{\"id\":\"ch_1\",\"amount\":1234,\"status\":\"succeeded\"}"));

    assertThat(charge()).isEqualTo(new ChargeDto("ch_1", 1234, "succeeded"));
    assertThat(server.takeRequest().getBody().utf8())
        .isEqualTo("{\"amount\":1234,\"currency\":\"EUR\"}");
  }

  @Test
  void connectionRefusedIsUnavailableAndNotSent() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    VendorHttpConfig config =
        support
            .config(server)
            .baseUrl("http://127.0.0.1:" + closedPort + "/v1/")
            .connectTimeout(Duration.ofMillis(500))
            .build();

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(e.provider()).contains("acme");
              assertThat(e.operation()).contains("charge");
              assertThat(e.idempotencyKey()).contains(KEY);
              assertThat(e.reason()).startsWith("request not sent: ").contains("X-Request-Id ");
            });
  }

  @Test
  void disconnectAfterTheRequestWasReadIsOutcomeUnknownAndNotRetriedByOkHttp() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{\"id\":\"ch_2\",\"amount\":1,\"status\":\"succeeded\"}"));

    assertThatThrownBy(this::charge)
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e.idempotencyKey()).contains(KEY);
              assertThat(e.reason()).startsWith("no answer after the request was sent");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void readTimeoutAfterWritingIsOutcomeUnknown() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    VendorHttpConfig config = support.config(server).readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e.reason()).contains("SocketTimeoutException");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callTimeoutAfterWritingIsOutcomeUnknown() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    VendorHttpConfig config = support.config(server).callTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e.reason()).contains("call timeout");
            });
  }

  @Test
  void theCallsDeadlineEndsAStalledCallBeforeItsLongerTimeouts() {
    server.enqueue(json(200, "{\"id\":\"ch_0\",\"amount\":1234,\"status\":\"succeeded\"}"));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    VendorHttpConfig config =
        support
            .config(server)
            .readTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(20))
            .build();
    // A cold JVM's first call may spend longer than the deadline loading classes and connecting.
    assertThat(charge(config).id()).isEqualTo("ch_0");
    long start = System.nanoTime();

    try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(200))) {
      assertThatThrownBy(() -> charge(config))
          .isInstanceOfSatisfying(
              OutcomeUnknownException.class,
              e -> {
                assertThat(e.requestSent()).isTrue();
                assertThat(e.reason()).contains("call timeout");
              });
      assertThat(deadline.interruptedCaller()).as("the transport took it over").isFalse();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void sendsNothingOnceTheCallsDeadlineHasPassed() {
    server.enqueue(json(200, "{\"id\":\"ch_1\",\"amount\":1234,\"status\":\"succeeded\"}"));
    VendorHttpConfig config = config();

    try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(1))) {
      while (!deadline.passed()) {
        Thread.onSpinWait();
      }
      assertThatThrownBy(() -> charge(config))
          .isInstanceOfSatisfying(
              ProviderUnavailableException.class,
              e -> {
                assertThat(e.requestSent()).isFalse();
                assertThat(e.reason()).contains("deadline passed before sending");
                assertThat(e.idempotencyKey()).contains(KEY);
              });
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void sendsCleanupOutsideADeadlineThatPassedAndHadTheThreadInterrupted() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).addHeader("Request-Id", "req_v").build());
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);

    try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(1))) {
      while (!deadline.interruptedCaller()) {
        Thread.onSpinWait();
      }
      String voided =
          CallDeadline.outside(
              () -> executor.executeWithoutBody("cancel", api.cancel("ch_1", KEY)));

      assertThat(voided).isEqualTo("req_v");
      assertThat(Thread.currentThread().isInterrupted())
          .as("the watchdog's interrupt is back after the cleanup")
          .isTrue();
    }
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(KEY.value());
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallOnAnInterruptedThreadFailsTypedAsNotSentAndKeepsTheInterrupt() {
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);

    // No connection is pooled yet: OkHttp's connect throws the undeclared InterruptedException.
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> executor.executeWithoutBody("cancel", api.cancel("ch_1", KEY)))
          .isInstanceOfSatisfying(
              ProviderUnavailableException.class,
              e -> {
                assertThat(e.requestSent()).isFalse();
                assertThat(e.reason()).contains("interrupted");
              });
      assertThat(Thread.currentThread().isInterrupted())
          .as("the caller's interrupt is kept for its own code to see")
          .isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void keepsACallTimeoutShorterThanTheDeadline() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    VendorHttpConfig config = support.config(server).callTimeout(Duration.ofMillis(200)).build();
    long start = System.nanoTime();

    try (CallDeadline deadline = CallDeadline.start(Duration.ofSeconds(20))) {
      assertThatThrownBy(() -> charge(config)).isInstanceOf(OutcomeUnknownException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void rateLimitedWithRetryAfterSeconds() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{}").build());

    assertThatThrownBy(this::charge)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              assertThat(e.httpStatus()).hasValue(429);
              assertThat(e.requestSent()).isTrue();
            });
  }

  @Test
  void rateLimitedWithRetryAfterHttpDateMeasuredFromTheInjectedClock() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "Wed, 01 May 2024 12:01:30 GMT")
            .build());

    assertThatThrownBy(this::charge)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
  }

  @Test
  void serverErrorIsOutcomeUnknownWithTheVendorRequestId() {
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .addHeader("Request-Id", "req_500")
            .body("oops")
            .build());

    assertThatThrownBy(this::charge)
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(500);
              assertThat(e.vendorRequestId()).contains("req_500");
              assertThat(e.requestSent()).isTrue();
              assertThat(e.reason()).contains("X-Request-Id ");
            });
  }

  @Test
  void theVendorsRetryHintHeaderReachesTheError() {
    VendorHttpConfig config = config().toBuilder().retryHintHeader("X-Should-Retry").build();
    server.enqueue(
        new MockResponse.Builder().code(500).addHeader("X-Should-Retry", "false").build());
    server.enqueue(
        new MockResponse.Builder().code(500).addHeader("X-Should-Retry", "True").build());
    server.enqueue(
        new MockResponse.Builder().code(500).addHeader("X-Should-Retry", "maybe").build());

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.context().vendorRetryHint()).contains(false));
    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.context().vendorRetryHint()).contains(true));
    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.context().vendorRetryHint()).isEmpty());
  }

  @Test
  void aVendorWithoutIdempotentReplaysMarksEveryUnknownOutcomeDoNotRetry() {
    VendorHttpConfig noReplays = config().toBuilder().replaysIdempotentRequests(false).build();
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{\"id\": \"trunc"));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());

    for (String what : List.of("a 500", "a reset after the request", "a malformed 2xx body")) {
      assertThatThrownBy(() -> charge(noReplays))
          .as(what)
          .isInstanceOfSatisfying(
              OutcomeUnknownException.class,
              e -> {
                assertThat(e.context().vendorRetryHint()).contains(false);
                assertThat(e.idempotencyKey()).contains(KEY);
              });
    }
    assertThatThrownBy(() -> charge(noReplays))
        .as("a refusal the vendor did not act on keeps its own retry rule")
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.context().vendorRetryHint()).isEmpty());
    assertThatThrownBy(this::charge)
        .as("a vendor that replays by key leaves the unknown outcome retryable")
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.context().vendorRetryHint()).isEmpty());
  }

  @Test
  void unavailable503IsOutcomeUnknownUnlessTheVendorSaysItIsNeverProcessed() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(503).build());

    assertThatThrownBy(this::charge).isInstanceOf(OutcomeUnknownException.class);
    assertThatThrownBy(
            () -> charge(support.config(server).unavailableMeansNotProcessed(true).build()))
        .isExactlyInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void clientErrorsMapToTheirTaxonomyEntries() {
    int[] statuses = {400, 422, 401, 403, 404, 409, 412, 418, 302};
    List<Class<? extends SwitchboardException>> expected =
        List.of(
            InvalidRequestException.class,
            InvalidRequestException.class,
            AuthenticationException.class,
            AuthenticationException.class,
            NotFoundException.class,
            ConflictException.class,
            ConflictException.class,
            OutcomeUnknownException.class,
            OutcomeUnknownException.class);
    for (int i = 0; i < statuses.length; i++) {
      server.enqueue(new MockResponse.Builder().code(statuses[i]).body("{}").build());
      int status = statuses[i];
      assertThatThrownBy(this::charge)
          .as("HTTP %d", status)
          .isExactlyInstanceOf(expected.get(i))
          .satisfies(e -> assertThat(((SwitchboardException) e).httpStatus()).hasValue(status));
    }
  }

  @Test
  void malformedJsonSuccessIsOutcomeUnknownNeverAnNpe() {
    server.enqueue(json(200, "{\"id\":"));
    server.enqueue(json(200, "{\"id\":\"ch_1\",\"amount\":\"lots\"}"));
    server.enqueue(json(200, "null"));
    server.enqueue(json(200, ""));

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(this::charge)
          .isInstanceOfSatisfying(
              OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    }
  }

  @Test
  void anUnreadableSuccessNamesTheCallTheVendorsRequestIdAndOursAsItAlwaysDid() {
    // The context of an unreadable 2xx is built only when one happens: it must still hold all of
    // it.
    server.enqueue(json(200, "null").newBuilder().addHeader("Request-Id", "req_vendor_1").build());
    server.enqueue(
        json(200, "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\"}")
            .newBuilder()
            .addHeader("Request-Id", "req_2")
            .build());
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);

    assertThatThrownBy(
            () -> executor.execute("charge", api.charge(new ChargeBody(5, "EUR"), KEY), d -> d))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason())
                  .matches("unparseable success body: empty \\(X-Request-Id .+\\)");
              assertThat(e.httpStatus()).hasValue(200);
              assertThat(e.context().vendorRequestId()).hasValue("req_vendor_1");
              assertThat(e.context().idempotencyKey()).hasValue(KEY);
              assertThat(e.context().operation()).hasValue("charge");
              assertThat(e.requestSent()).isTrue();
            });
    assertThatThrownBy(
            () -> executor.execute("charge", api.charge(new ChargeBody(5, "EUR"), KEY), d -> null))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason())
                  .startsWith(
                      "unparseable success body: nothing could be read from it (X-Request-Id ");
              assertThat(e.context().vendorRequestId()).hasValue("req_2");
            });
  }

  @Test
  void aMappingThatFindsARequiredFieldMissingIsUnparseable() {
    server.enqueue(json(200, "{\"amount\":5}"));
    server.enqueue(json(200, "{\"amount\":5}"));
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);

    assertThatThrownBy(
            () ->
                executor.execute(
                    "charge",
                    api.charge(new ChargeBody(5, "EUR"), KEY),
                    dto -> {
                      if (dto.id() == null) {
                        throw new JsonDataException("required field id missing");
                      }
                      return dto.id();
                    }))
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("unparseable success body: required field id missing")
        .satisfies(e -> assertThat(((OutcomeUnknownException) e).httpStatus()).hasValue(200));
    assertThatThrownBy(() -> executor.execute("charge", api.get("x"), ChargeDto::id))
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("unparseable success body");
  }

  @Test
  void unknownFieldsInTheVendorsJsonAreIgnored() {
    server.enqueue(
        json(200, "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\",\"new_field\":{\"a\":[1,2]}}"));

    assertThat(charge().id()).isEqualTo("ch_1");
  }

  @Test
  void aCallWithoutBodyNeedsNoBodyAndReturnsTheVendorRequestId() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).addHeader("Request-Id", "req_v").build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);

    String quoted = executor.executeWithoutBody("cancel", api(config).cancel("ch_1", KEY));
    String none = executor.executeWithoutBody("cancel", api(config).cancel("ch_2", KEY));

    assertThat(quoted).isEqualTo("req_v");
    assertThat(none).isNull();
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(KEY.value());
  }

  @Test
  void anAlreadyExecutedCallIsClonedSoARetrySendsItAgain() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(json(200, "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\"}"));
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Call<ChargeDto> call = api(config).charge(new ChargeBody(1, "EUR"), KEY);

    assertThatThrownBy(() -> executor.execute("charge", call))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(executor.execute("charge", call).id()).isEqualTo("ch_1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void handsTheMapperABoundedBodyWithoutSensitiveHeadersAndAPrefilledContext() {
    String huge = "x".repeat(HttpFailure.BODY_LIMIT + 100);
    server.enqueue(
        new MockResponse.Builder()
            .code(402)
            .addHeader("Request-Id", "req_402")
            .addHeader("Set-Cookie", "session=abc")
            .body(huge)
            .build());
    List<HttpFailure> seen = new CopyOnWriteArrayList<>();
    VendorHttpConfig config = config();
    HttpExecutor executor =
        HttpExecutor.create(
            config,
            failure -> {
              seen.add(failure);
              return new InvalidRequestException("declined by vendor", failure.context());
            });

    assertThatThrownBy(
            () -> executor.execute("charge", api(config).charge(new ChargeBody(1, "EUR"), KEY)))
        .isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("declined by vendor");
    HttpFailure failure = seen.get(0);
    assertThat(failure.status()).isEqualTo(402);
    assertThat(failure.body()).hasSize(HttpFailure.BODY_LIMIT);
    assertThat(failure.bodyTruncated()).isTrue();
    assertThat(failure.header("Set-Cookie")).isEmpty();
    assertThat(failure.header("request-id")).contains("req_402");
    assertThat(failure.requestId()).isPresent();
    assertThat(failure.context().provider()).contains("acme");
    assertThat(failure.context().operation()).contains("charge");
    assertThat(failure.context().httpStatus()).hasValue(402);
    assertThat(failure.context().vendorRequestId()).contains("req_402");
    assertThat(failure.context().idempotencyKey()).contains(KEY);
    assertThat(failure.context().requestSent()).isTrue();
    assertThat(failure.toString()).doesNotContain("xxxx");
  }

  @Test
  void fallsBackToTheDefaultMapperWhenTheAdaptersReturnsNullOrThrows() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().code(404).build());
    VendorHttpConfig config = config();
    Api api = api(config);

    assertThatThrownBy(
            () -> HttpExecutor.create(config, failure -> null).execute("get", api.get("ch_x")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                HttpExecutor.create(
                        config,
                        failure -> {
                          throw new IllegalStateException("mapper bug");
                        })
                    .execute("get", api.get("ch_x")))
        .isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void executesPlainOkHttpCallsWithTheSameClassification() throws Exception {
    server.enqueue(new MockResponse.Builder().body("streamed bytes").build());
    server.enqueue(new MockResponse.Builder().code(404).build());
    VendorHttpConfig config = config();
    OkHttpClient client = clients.forVendor(config);
    HttpExecutor executor = HttpExecutor.create(config);
    Request request = new Request.Builder().url(server.url("/v1/blob")).build();

    try (Response response = executor.executeRaw("get", client.newCall(request))) {
      assertThat(response.body().string()).isEqualTo("streamed bytes");
    }
    assertThatThrownBy(() -> executor.executeRaw("get", client.newCall(request)))
        .isInstanceOf(NotFoundException.class);
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    assertThatThrownBy(() -> executor.executeRaw("get", client.newCall(request)))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
  }

  @Test
  void handsTheMappingTheAnswersVendorRequestIdUnlessItIsMissingOrSensitive() throws Exception {
    String body = "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\"}";
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .addHeader("Content-Type", "application/json")
              .addHeader("Request-Id", "req_" + i)
              .body(body)
              .build());
    }
    server.enqueue(json(200, body));
    server.enqueue(json(200, body).newBuilder().addHeader("Request-Id", "req_secret").build());
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);
    Converter<ResponseBody, ChargeDto> converter =
        RetrofitFactory.create(clients, config, SwitchboardMoshi.create())
            .responseBodyConverter(ChargeDto.class, new java.lang.annotation.Annotation[0]);
    Request request = new Request.Builder().url(server.url("/v1/charges/ch_1")).build();
    OkHttpClient client = clients.forVendor(config);

    java.util.function.BiFunction<ChargeDto, String, String> quote =
        (dto, id) -> dto.id() + " " + id;
    String retrofit = executor.executeWithVendorRequestId("get", api.get("ch_1"), quote);
    String plain =
        executor.executeWithVendorRequestId("get", client.newCall(request), converter, quote);
    String none = executor.executeWithVendorRequestId("get", api.get("ch_1"), quote);
    VendorHttpConfig sensitive = config.toBuilder().sensitiveHeaders("Request-Id").build();
    String secret =
        HttpExecutor.create(sensitive)
            .executeWithVendorRequestId("get", api(sensitive).get("ch_1"), quote);

    assertThat(retrofit).isEqualTo("ch_1 req_0");
    assertThat(plain).isEqualTo("ch_1 req_1");
    assertThat(none).isEqualTo("ch_1 null");
    assertThat(secret).isEqualTo("ch_1 null");
  }

  /**
   * A plain OkHttp call read with Retrofit's converter ends exactly as the same answer through a
   * Retrofit call does: the same result, or the same exception type, reason, status and "sent".
   */
  @Test
  void aPlainCallReadWithRetrofitsConverterEndsLikeTheRetrofitCall() {
    List<MockResponse> answers =
        List.of(
            json(200, "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\",\"extra\":[1]}"),
            json(200, "\uFEFF{\"id\":\"ch_2\",\"amount\":2,\"status\":\"ok\"}"),
            json(200, "{\"id\":"),
            json(200, "{\"id\":\"ch_1\",\"amount\":\"lots\"}"),
            json(200, "{\"id\":\"ch_1\",\"amount\":1,\"status\":\"ok\"} trailing"),
            json(200, "null"),
            json(200, ""),
            new MockResponse.Builder().code(204).build(),
            json(200, "{\"amount\":5}"),
            new MockResponse.Builder()
                .body("{\"id\":\"ch_1\",\"amount\":1,\"status\":\"succeeded\"}")
                .onResponseBody(new SocketEffect.CloseSocket())
                .build(),
            json(404, "{\"error\":\"no such charge\"}"),
            json(500, "oops"),
            new MockResponse.Builder().code(429).addHeader("Retry-After", "3").build());
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);
    OkHttpClient client = clients.forVendor(config);
    retrofit2.Converter<okhttp3.ResponseBody, ChargeDto> converter =
        RetrofitFactory.create(clients, config, SwitchboardMoshi.create())
            .responseBodyConverter(ChargeDto.class, new java.lang.annotation.Annotation[0]);
    java.util.function.Function<ChargeDto, String> mapping =
        dto -> dto.id() == null ? null : dto.id() + "/" + dto.amount();

    for (MockResponse answer : answers) {
      server.enqueue(answer);
      Object viaRetrofit =
          outcome(
              () -> executor.execute("charge", api.charge(new ChargeBody(1, "EUR"), KEY), mapping));
      server.enqueue(answer);
      Request request =
          new Request.Builder()
              .url(server.url("/charges"))
              .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json")))
              .tag(IdempotencyKey.class, KEY)
              .build();
      Object viaPlainCall =
          outcome(() -> executor.execute("charge", client.newCall(request), converter, mapping));

      assertThat(viaPlainCall).as("answer %s", answer).isEqualTo(viaRetrofit);
    }
    assertThat(server.getRequestCount()).isEqualTo(2 * answers.size());
  }

  /** The result, or what identifies the exception: its type, reason, status and "sent". */
  private static Object outcome(java.util.function.Supplier<String> call) {
    try {
      return call.get();
    } catch (SwitchboardException e) {
      return List.of(
          e.getClass().getSimpleName(),
          e.reason().replaceAll("X-Request-Id [^)]*", "X-Request-Id *"),
          e.httpStatus(),
          e.requestSent());
    }
  }

  @Test
  void rejectsMissingArguments() {
    VendorHttpConfig config = config();
    HttpExecutor executor = HttpExecutor.create(config);
    Api api = api(config);

    assertThatThrownBy(() -> executor.execute(" ", api.get("a")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("operation"));
    assertThatThrownBy(() -> executor.execute("get", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> executor.execute("get", api.get("a"), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> executor.executeRaw("get", null))
        .isInstanceOf(NullPointerException.class);
    OkHttpClient client = clients.forVendor(config);
    okhttp3.Call plain = client.newCall(new Request.Builder().url(server.url("/")).build());
    assertThatThrownBy(() -> executor.execute("get", plain, null, dto -> dto))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                executor.execute(
                    "get",
                    plain,
                    RetrofitFactory.create(clients, config, SwitchboardMoshi.create())
                        .responseBodyConverter(
                            ChargeDto.class, new java.lang.annotation.Annotation[0]),
                    null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mapping == null");
    assertThatThrownBy(() -> HttpExecutor.create(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> HttpExecutor.create(config, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRequestThatCannotBeBuiltIsInvalidAndNotSent() throws Exception {
    VendorHttpConfig config = config();

    assertThatThrownBy(() -> HttpExecutor.create(config).execute("get", api(config).get(null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(server.takeRequest(50, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void missingCredentialsReachTheCallerAsAuthenticationNotSent() {
    VendorHttpConfig config = support.config(server).authorization(() -> null).build();

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anUnexpectedFailureInTheChainIsTreatedAsPossiblyActedOn() {
    VendorHttpConfig config =
        support
            .config(server)
            .addInterceptor(
                chain -> {
                  throw new IllegalStateException("signer bug");
                })
            .build();

    assertThatThrownBy(() -> charge(config))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
            });
    assertThatThrownBy(
            () ->
                HttpExecutor.create(config)
                    .executeRaw(
                        "get",
                        clients
                            .forVendor(config)
                            .newCall(new Request.Builder().url(server.url("/v1/x")).build())))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void aStatusOutsideHttpsRangeIsOutcomeUnknown() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 600 Strange").build());

    assertThatThrownBy(this::charge)
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("HTTP 600: unexpected status");
  }

  @Test
  void aSuccessBodyCutOffMidwayIsOutcomeUnknown() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"id\":\"ch_1\",\"amount\":1,\"status\":\"succeeded\"}")
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());

    assertThatThrownBy(this::charge)
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e.reason()).startsWith("success body cut off or unreadable");
            });
  }

  @Test
  void withAClientNotBuiltForTheVendorEveryIoFailureIsConservativelyUnknown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Request request = new Request.Builder().url("http://127.0.0.1:" + closedPort + "/").build();

    assertThatThrownBy(
            () ->
                HttpExecutor.create(config())
                    .executeRaw("get", new OkHttpClient().newCall(request)))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
  }
}
