package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallDeadline;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/** The policy's whole-call timeout enforced by OkHttp on the caller's thread, over real sockets. */
class DeadlineOverHttpTest {
  private static final IdempotencyKey KEY = IdempotencyKey.of("order-7-charge");

  @StartStop private final MockWebServer server = new MockWebServer();
  private ResiliencePolicy policy;

  public record ChargeBody(long amount) {}

  public record ChargeDto(String id) {}

  interface Api {
    @POST("charges")
    Call<ChargeDto> charge(@Body ChargeBody body, @Tag IdempotencyKey key);
  }

  @AfterEach
  void close() {
    policy.close();
    Thread.interrupted();
  }

  private VendorHttpConfig vendor(boolean replaysIdempotentRequests) {
    return VendorHttpConfig.builder()
        .provider("acme")
        .module("payments-acme")
        .baseUrl(server.url("/v1/").toString())
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .replaysIdempotentRequests(replaysIdempotentRequests)
        .build();
  }

  private ResiliencePolicy policy(Duration timeout) {
    policy =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .retryMaxAttempts(1)
                .bulkheadMaxConcurrentCalls(1)
                .timeoutCall(timeout)
                .random(new Random(1))
                .sleeper(new RecordingSleeper(null))
                .build());
    return policy;
  }

  /** An adapter's call, built once as adapters do, so the deadline covers only the call. */
  private static Supplier<ChargeDto> charge(VendorHttpConfig config) {
    Api api =
        RetrofitFactory.create(HttpClients.builder().build(), config, SwitchboardMoshi.create())
            .create(Api.class);
    HttpExecutor executor = HttpExecutor.create(config);
    return () -> executor.execute("charge", api.charge(new ChargeBody(100), KEY));
  }

  @Test
  void aVendorThatNeverAnswersEndsAtTheDeadlineAsAnUnknownOutcomeWithThePermitBack() {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"ch_0\"}").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    Supplier<ChargeDto> charge = charge(vendor(false));
    // A cold JVM's first call spends longer than the deadline loading classes and connecting.
    assertThat(charge.get()).isEqualTo(new ChargeDto("ch_0"));
    policy(Duration.ofMillis(300));
    long start = System.nanoTime();

    assertThatThrownBy(() -> policy.execute("charge", KEY, charge))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("call did not finish within PT0.3S");
              assertThat(e.requestSent()).isTrue();
              assertThat(e.idempotencyKey()).contains(KEY);
              assertThat(e.context().vendorRetryHint())
                  .as("the transport's do-not-repeat hint survives")
                  .contains(false);
              assertThat(e.getCause()).hasMessageContaining("call timeout");
            });

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallWhoseDeadlinePassedBeforeSendingSendsNothingAndMayFailOver() {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"ch_1\"}").build());
    Supplier<ChargeDto> charge = charge(vendor(true));
    policy(Duration.ofMillis(100));

    assertThatThrownBy(
            () ->
                policy.execute(
                    "charge",
                    KEY,
                    () -> {
                      while (CallDeadline.current().orElseThrow().compareTo(Duration.ZERO) > 0) {
                        Thread.onSpinWait();
                      }
                      return charge.get();
                    }))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(ErrorPolicy.mayFailOver(e, FailoverScope.payment())).isTrue();
            });

    assertThat(server.getRequestCount()).isZero();
    assertThat(policy.availableConcurrentCalls()).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallThatAnswersInTimeLeavesNoInterruptBehind() {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"ch_1\"}").build());
    policy(Duration.ofMillis(300));

    assertThat(policy.execute("charge", KEY, charge(vendor(true))))
        .isEqualTo(new ChargeDto("ch_1"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(CallDeadline.current()).isEmpty();
  }
}
