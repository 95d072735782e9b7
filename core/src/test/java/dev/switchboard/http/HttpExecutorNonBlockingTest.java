package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.internal.Futures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/**
 * {@link HttpExecutor}'s non-blocking mode: the call is enqueued, the caller's thread is not held,
 * and every answer is classified as the blocking call classifies it (see {@link HttpExecutorTest}).
 */
class HttpExecutorNonBlockingTest {
  private static final IdempotencyKey KEY = IdempotencyKey.of("order-42-charge");
  private static final long WAIT_SECONDS = 10;

  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpTestSupport support = new HttpTestSupport();
  private final HttpClients clients = HttpClients.builder().build();

  public record ChargeBody(long amount, String currency) {}

  public record ChargeDto(String id, long amount, String status) {}

  interface Api {
    @POST("charges")
    Call<ChargeDto> charge(@Body ChargeBody body, @Tag IdempotencyKey key);
  }

  private VendorHttpConfig config() {
    return support.config(server).vendorRequestIdHeader("Request-Id").build();
  }

  private Api api(HttpClients clients, VendorHttpConfig config) {
    return RetrofitFactory.create(clients, config, SwitchboardMoshi.create()).create(Api.class);
  }

  private CompletableFuture<String> charge(VendorHttpConfig config) {
    Api api = api(clients, config);
    return HttpExecutor.create(config)
        .executeWithVendorRequestId(
            CallMode.NON_BLOCKING,
            "charge",
            api.charge(new ChargeBody(1234, "EUR"), KEY),
            (dto, requestId) -> dto.id() + "@" + requestId);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("Request-Id", "req_1")
        .body(body)
        .build();
  }

  @Test
  void mapsTheAnswerOnOkHttpsThread() throws Exception {
    server.enqueue(json(200, "{\"id\":\"ch_1\",\"amount\":1234,\"status\":\"succeeded\"}"));
    AtomicReference<Thread> mappedOn = new AtomicReference<>();
    VendorHttpConfig config = config();
    Api api = api(clients, config);

    CompletableFuture<String> result =
        HttpExecutor.create(config)
            .executeWithVendorRequestId(
                CallMode.NON_BLOCKING,
                "charge",
                api.charge(new ChargeBody(1234, "EUR"), KEY),
                (dto, requestId) -> {
                  mappedOn.set(Thread.currentThread());
                  return dto.id() + "@" + requestId;
                });

    assertThat(await(result)).isEqualTo("ch_1@req_1");
    assertThat(mappedOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(mappedOn.get().getName()).startsWith("OkHttp");
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(KEY.value());
  }

  @Test
  void anErrorAnswerIsMappedAsForABlockingCall() {
    server.enqueue(json(400, "{\"error\":\"amount too small\"}"));

    assertThatThrownBy(() -> Futures.join(charge(config())))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(400);
              assertThat(e.vendorRequestId()).contains("req_1");
            });
  }

  @Test
  void connectionRefusedIsUnavailableAndNotSent() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    VendorHttpConfig config =
        support.config(server).baseUrl("http://127.0.0.1:" + closedPort + "/v1/").build();

    assertThatThrownBy(() -> Futures.join(charge(config)))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(e.idempotencyKey()).contains(KEY);
            });
  }

  @Test
  void aDisconnectAfterTheRequestIsAnUnknownOutcome() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    assertThatThrownBy(() -> Futures.join(charge(config())))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.reason()).startsWith("no answer after the request was sent"));
  }

  @Test
  void aSuccessBodyThatIsNotTheExpectedJsonIsAnUnknownOutcome() {
    server.enqueue(json(200, "{\"id\":"));

    assertThatThrownBy(() -> Futures.join(charge(config())))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              // The blocking call reports a truncated body the same way (HttpExecutorTest).
              assertThat(e.reason()).startsWith("success body cut off or unreadable");
              assertThat(e.requestSent()).isTrue();
            });
  }

  @Test
  void cancellingTheScopeCancelsTheCallInFlight() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CallScope scope = CallScope.start(Duration.ofSeconds(30));

    CompletableFuture<String> result = scope.enter(() -> charge(config()));
    server.takeRequest(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(scope.cancel()).isTrue();

    assertThatThrownBy(() -> await(result)).hasCauseInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void aCancelledScopeSendsNothing() {
    CallScope scope = CallScope.start(Duration.ofSeconds(30));
    scope.cancel();

    assertThatThrownBy(() -> Futures.join(scope.enter(() -> charge(config()))))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo("request not sent: the call was cancelled"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theScopesDeadlineEndsAStalledCall() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    // Warm the client so that connecting does not use up the short deadline below.
    OkHttpClient warm = clients.forVendor(config());
    warm.newCall(new Request.Builder().url(server.url("/warm")).build()).execute().close();
    VendorHttpConfig config = config();
    Api api = api(clients, config);
    HttpExecutor executor = HttpExecutor.create(config);
    Call<ChargeDto> call = api.charge(new ChargeBody(1234, "EUR"), KEY);
    CallScope scope = CallScope.start(Duration.ofMillis(500));

    CompletableFuture<String> result =
        scope.enter(() -> executor.execute(CallMode.NON_BLOCKING, "charge", call, ChargeDto::id));

    assertThatThrownBy(() -> await(result))
        .cause()
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.reason()).contains("call timeout"));
  }

  @Test
  void blockingModeRunsTheCallOnTheCallersThread() {
    server.enqueue(json(200, "{\"id\":\"ch_2\",\"amount\":1234,\"status\":\"succeeded\"}"));
    VendorHttpConfig config = config();
    Api api = api(clients, config);

    CompletableFuture<String> result =
        HttpExecutor.create(config)
            .execute(
                CallMode.BLOCKING,
                "charge",
                api.charge(new ChargeBody(1, "EUR"), KEY),
                ChargeDto::id);

    assertThat(result).isCompletedWithValue("ch_2");
  }

  @Test
  void anInterceptorsVerdictFailsTheFutureAndNeverKillsOkHttpsThread() throws Exception {
    AuthenticationException verdict =
        new AuthenticationException(
            "no access token", ErrorContext.builder().provider("acme").requestSent(false).build());
    VendorHttpConfig config =
        support
            .config(server)
            .addInterceptor(
                chain -> {
                  throw verdict;
                })
            .build();
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      CompletableFuture<String> result = charge(config);

      assertThatThrownBy(() -> await(result)).cause().isSameAs(verdict);
      OkHttpClient client = clients.forVendor(config);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (client.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(client.dispatcher().runningCallsCount()).isZero();
      assertThat(uncaught).isEmpty();
      assertThatThrownBy(
              () ->
                  HttpExecutor.create(config)
                      .execute(
                          "charge", api(clients, config).charge(new ChargeBody(1, "EUR"), KEY)))
          .isSameAs(verdict);
      assertThat(server.getRequestCount()).isZero();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void aCallCancelledJustAfterItsAnswerCameBackIsAnUnknownOutcome() throws Exception {
    server.enqueue(json(200, "{\"id\":\"ch_3\",\"amount\":1234,\"status\":\"succeeded\"}"));
    // OkHttp fails a call cancelled after its interceptors returned an answer with a bare
    // "Canceled", outside the chain that marks what was sent: the charge did reach the vendor.
    OkHttpClient cancelsAfterTheAnswer =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  okhttp3.Response response = chain.proceed(chain.request());
                  chain.call().cancel();
                  return response;
                })
            .build();
    HttpClients clients = HttpClients.builder().baseClient(cancelsAfterTheAnswer).build();
    VendorHttpConfig config = config();
    Api api = api(clients, config);

    CompletableFuture<String> result =
        HttpExecutor.create(config)
            .execute(
                CallMode.NON_BLOCKING,
                "charge",
                api.charge(new ChargeBody(1, "EUR"), KEY),
                ChargeDto::id);

    assertThatThrownBy(() -> await(result))
        .cause()
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
