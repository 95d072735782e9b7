package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import dev.switchboard.internal.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/**
 * A vendor that accepts requests and never answers, under 5,000 concurrent non-blocking calls:
 * every future completes by its deadline, no caller thread is held, and only the calls OkHttp
 * really sent are reported as unknown outcomes.
 */
class HangingVendorNonBlockingTest {
  private static final int CALLS = 5_000;
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpClients clients = HttpClients.builder().build();
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
  }

  @Test
  void everyFutureCompletesByItsDeadline() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
          }
        });
    VendorHttpConfig vendor =
        VendorHttpConfig.builder()
            .provider("acme")
            .module("payments-acme")
            .baseUrl(server.url("/v1/").toString())
            .idempotencyHeader("Idempotency-Key")
            .build();
    Api api = RetrofitFactory.create(clients, vendor, SwitchboardMoshi.create()).create(Api.class);
    HttpExecutor executor = HttpExecutor.create(vendor);
    policy =
        ResiliencePolicy.of(
            "acme",
            ResilienceConfig.builder()
                .timeoutCall(DEADLINE)
                .retryMaxAttempts(1)
                .breakerEnabled(false)
                .bulkheadMaxConcurrentCalls(CALLS)
                .build());
    List<CompletableFuture<String>> futures = new ArrayList<>(CALLS);
    long[] lateness = new long[CALLS];

    for (int i = 0; i < CALLS; i++) {
      IdempotencyKey key = IdempotencyKey.of("order-" + i);
      long started = System.nanoTime();
      int call = i;
      futures.add(
          policy
              .executeAsync(
                  "charge",
                  key,
                  () ->
                      executor.execute(
                          CallMode.NON_BLOCKING,
                          "charge",
                          api.charge(new ChargeBody(1), key),
                          ChargeDto::id))
              .whenComplete(
                  (value, error) ->
                      lateness[call] = System.nanoTime() - started - DEADLINE.toNanos()));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
        .handle((ignored, error) -> null)
        .get(60, TimeUnit.SECONDS);

    int unknown = 0;
    int notSent = 0;
    Set<String> unknownKeys = new HashSet<>();
    for (CompletableFuture<String> future : futures) {
      Throwable failure = Futures.unwrap(future.handle((value, error) -> error).join());
      if (failure instanceof OutcomeUnknownException outcomeUnknown) {
        unknownKeys.add(outcomeUnknown.idempotencyKey().orElseThrow().value());
        unknown++;
      } else if (failure instanceof ProviderUnavailableException refused) {
        assertThat(refused.requestSent()).isFalse();
        notSent++;
      } else {
        throw new AssertionError("unexpected outcome", failure);
      }
    }
    // Each future ends at its own deadline, plus the moment OkHttp takes to fail a call it still
    // held queued once a running call's slot is free (a loaded two-core machine allowed).
    assertThat(Duration.ofNanos(Arrays.stream(lateness).max().orElseThrow()))
        .isLessThan(Duration.ofSeconds(3));
    assertThat(unknown + notSent).isEqualTo(CALLS);
    // OkHttp runs 64 calls per host; the rest wait in its queue, and a queued call whose deadline
    // passes there is failed as never sent. Exactly the calls that reached the vendor are unknown.
    assertThat(unknown).isPositive();
    // Every request the vendor received whole belongs to a call reported as an unknown outcome:
    // none is reported as not sent. (A request cut off mid-way is unknown too, as it should be; a
    // connection opened and closed unused is recorded by the server as a failed request.)
    int received = 0;
    for (RecordedRequest request; (request = server.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
      if (request.getFailure() == null) {
        received++;
        assertThat(unknownKeys).contains(request.getHeaders().get("Idempotency-Key"));
      }
    }
    assertThat(received).isPositive().isLessThanOrEqualTo(unknown);
  }
}
