package dev.switchboard.endtoend;

import static dev.switchboard.endtoend.TwoVendors.PRIMARY_KEY;
import static dev.switchboard.endtoend.TwoVendors.ROTATED_PRIMARY_KEY;
import static dev.switchboard.endtoend.TwoVendors.START;
import static dev.switchboard.endtoend.TwoVendors.chargeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.endtoend.AcmeSimulator.Fault;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEvent.ProviderRecovered;
import dev.switchboard.resilience.FailoverEvent.ProviderSwitched;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.RefusalReason;
import dev.switchboard.resilience.ResilienceEvent.AuthenticationRetried;
import dev.switchboard.resilience.ResilienceEvent.BreakerStateChanged;
import dev.switchboard.resilience.ResilienceEvent.CallRefused;
import dev.switchboard.resilience.ResilienceEvent.RetryBudgetExhausted;
import dev.switchboard.resilience.ResilienceEvent.RetryScheduled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The resilience layer end to end, over real HTTP on loopback: {@code Switchboard.fromConfig}
 * builds the payment port from configuration over two acme-pay vendors ({@link TwoVendors}), and
 * each test breaks the vendors the way real ones break, then checks what each server received.
 *
 * <p>Nothing sleeps for real: back-offs and {@code Retry-After} waits advance the test clock. Real
 * time passes only where a client timeout must fire (300 ms to 1 s).
 *
 * <p>{@link SecretsStayOutOfLogsTest} runs these same scenarios again while capturing every log
 * line, which is why each test starts its vendors through {@link #start}.
 */
class PaymentResilienceOverHttpTest {
  /** Every pair of vendors started, kept for {@link SecretsStayOutOfLogsTest} to look through. */
  final List<TwoVendors> runs = new ArrayList<>();

  TwoVendors start(TwoVendors.Builder builder) {
    TwoVendors vendors = builder.start();
    runs.add(vendors);
    return vendors;
  }

  @Test
  void primaryOutageOpensTheBreakerSendsTrafficToTheBackupAndBackWhenTheWaitIsOver() {
    try (TwoVendors v =
        start(
            TwoVendors.builder()
                .primary("retry.max-attempts", "2")
                .primary("retry.base-delay", "100ms")
                .primary("breaker.sliding-window-size", "4")
                .primary("breaker.minimum-calls", "4")
                .primary("breaker.wait-in-open", "30s")
                .primary("breaker.half-open-calls", "1"))) {
      v.primary.failAlways(Fault.unavailable());

      assertThat(v.charge("order-1").id().provider()).isEqualTo("backup");
      assertThat(v.charge("order-2").id().provider()).isEqualTo("backup");
      assertThat(v.primaryServer.getRequestCount())
          .as("two attempts per charge until the fourth failure opened the breaker")
          .isEqualTo(4);
      ProviderHealth primaryHealth = health(v, 0);
      assertThat(primaryHealth.provider()).isEqualTo("primary");
      assertThat(primaryHealth.breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(primaryHealth.lastError())
          .hasValueSatisfying(
              error -> {
                assertThat(error.type()).isEqualTo("ProviderUnavailableException");
                assertThat(error.reason()).startsWith("HTTP 503");
              });
      assertThat(health(v, 1).breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(health(v, 1).lastError()).isEmpty();

      assertThat(v.charge("order-3").id().provider()).isEqualTo("backup");
      v.primary.heal();
      assertThat(v.charge("order-4").id().provider())
          .as("healthy again, but the breaker's wait is not over")
          .isEqualTo("backup");
      assertThat(v.primaryServer.getRequestCount())
          .as("the open breaker asked nothing")
          .isEqualTo(4);

      v.clock.advance(Duration.ofSeconds(31));
      assertThat(v.charge("order-5").id().provider()).isEqualTo("primary");
      assertThat(v.charge("order-6").id().provider()).isEqualTo("primary");

      assertThat(v.primary.chargeKeys())
          .containsExactly("order-1", "order-1", "order-2", "order-2", "order-5", "order-6");
      assertThat(v.backup.chargeKeys())
          .as("the backup gets keys derived for it, never the primary's own")
          .containsExactly(
              derived("order-1"), derived("order-2"), derived("order-3"), derived("order-4"));
      assertThat(v.backup.chargesCreated()).isEqualTo(4);
      assertThat(health(v, 0).breakerState()).isEqualTo(BreakerState.CLOSED);

      List<ProviderSwitched> switches = v.failoverEventsOf(ProviderSwitched.class);
      assertThat(switches)
          .as("one switch for the outage, however many calls it moved")
          .hasSize(1)
          .allSatisfy(
              s -> {
                assertThat(s.from()).isEqualTo("primary");
                assertThat(s.to()).isEqualTo("backup");
                assertThat(s.operation()).isEqualTo("charge");
              });
      assertThat(switches.get(0).cause())
          .isInstanceOfSatisfying(
              ProviderUnavailableException.class,
              e -> {
                assertThat(ErrorPolicy.isLocalRefusal(e)).isFalse();
                assertThat(e.httpStatus()).hasValue(503);
              });
      assertThat(v.resilienceEventsOf(CallRefused.class))
          .filteredOn(e -> e.provider().equals("primary"))
          .extracting(CallRefused::reason)
          .as("order-3 and order-4, refused by the open breaker, moved without a switch each")
          .containsExactly(RefusalReason.BREAKER_OPEN, RefusalReason.BREAKER_OPEN);
      assertThat(v.failoverEvents.get(v.failoverEvents.size() - 1))
          .isEqualTo(
              new ProviderRecovered(
                  "primary",
                  4,
                  Duration.between(switches.get(0).at(), v.clock.instant()),
                  v.clock.instant()));
      assertThat(v.failoverEventsOf(ProviderRecovered.class)).hasSize(1);
      assertThat(v.resilienceEventsOf(BreakerStateChanged.class))
          .filteredOn(e -> e.provider().equals("primary"))
          .extracting(BreakerStateChanged::to)
          .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
    }
  }

  @Test
  void refusedConnectionsFailOverAndTheHealthShowsTheOutage() {
    try (TwoVendors v =
        start(
            TwoVendors.builder()
                .primary("retry.max-attempts", "2")
                .primary("connect-timeout", "500ms")
                .primary("breaker.sliding-window-size", "2")
                .primary("breaker.minimum-calls", "2"))) {
      v.primaryServer.close();

      assertThat(v.charge("order-1").id().provider()).isEqualTo("backup");
      assertThat(v.charge("order-2").id().provider()).isEqualTo("backup");

      assertThat(v.primary.received()).isEmpty();
      assertThat(v.backup.chargeKeys()).containsExactly(derived("order-1"), derived("order-2"));
      List<ProviderSwitched> switches = v.failoverEventsOf(ProviderSwitched.class);
      assertThat(switches).hasSize(1);
      assertThat(switches.get(0).cause())
          .isInstanceOfSatisfying(
              ProviderUnavailableException.class,
              e -> {
                assertThat(e.requestSent()).isFalse();
                assertThat(e.reason()).startsWith("request not sent");
              });
      assertThat(v.resilienceEventsOf(CallRefused.class))
          .filteredOn(e -> e.provider().equals("primary"))
          .extracting(CallRefused::reason)
          .containsExactly(RefusalReason.BREAKER_OPEN);
      assertThat(health(v, 0).breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(health(v, 0).lastError())
          .hasValueSatisfying(error -> assertThat(error.reason()).startsWith("request not sent"));
    }
  }

  @Test
  void lostAnswerIsRetriedOnThePrimaryWithTheSameKeyAndChargesOnce() throws Exception {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "3"))) {
      v.primary.failNext(1, Fault.disconnectAfterRequest());

      Payment paid = v.charge("order-7");

      assertThat(paid.id()).isEqualTo(PaymentId.of("primary", "ch_1"));
      assertThat(idempotencyKey(v.primaryServer)).isEqualTo("order-7");
      assertThat(idempotencyKey(v.primaryServer)).isEqualTo("order-7");
      assertThat(v.primaryServer.getRequestCount()).isEqualTo(2);
      assertThat(v.primary.chargesCreated()).as("the repeat was replayed").isEqualTo(1);
      assertThat(v.primary.replays()).isEqualTo(1);
      assertThat(v.payments().get(paid.id()).amount()).isEqualTo(TwoVendors.AMOUNT);
      assertThat(v.backupServer.getRequestCount()).isZero();
      assertThat(v.failoverEvents).isEmpty();
    }
  }

  @Test
  void primaryThatKeepsLosingAnswersSurfacesOutcomeUnknownWithTheKeyAndNeverReachesTheBackup() {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "3"))) {
      v.primary.failAlways(Fault.disconnectAfterRequest());

      OutcomeUnknownException unknown = v.chargeFails(OutcomeUnknownException.class, "order-8");

      assertThat(unknown.idempotencyKey()).contains(IdempotencyKey.of("order-8"));
      assertThat(unknown.provider()).contains("primary");
      assertThat(unknown.requestSent()).isTrue();
      assertThat(v.primary.chargeKeys()).containsExactly("order-8", "order-8", "order-8");
      assertThat(v.primary.chargesCreated()).isEqualTo(1);
      assertThat(v.backupServer.getRequestCount()).isZero();
      assertThat(v.failoverEvents).isEmpty();
    }
  }

  @Test
  void readTimeoutAfterTheRequestWasWrittenIsRetriedOnThePrimaryWithTheSameKey() throws Exception {
    try (TwoVendors v =
        start(
            TwoVendors.builder()
                .primary("retry.max-attempts", "2")
                .primary("read-timeout", "300ms"))) {
      v.primary.failNext(1, Fault.hang());

      Payment paid = v.charge("order-9");

      assertThat(paid.id()).isEqualTo(PaymentId.of("primary", "ch_1"));
      assertThat(idempotencyKey(v.primaryServer)).isEqualTo("order-9");
      assertThat(idempotencyKey(v.primaryServer)).isEqualTo("order-9");
      assertThat(v.primary.chargesCreated()).isEqualTo(1);
      assertThat(v.backupServer.getRequestCount()).isZero();
      assertThat(v.resilienceEventsOf(RetryScheduled.class))
          .singleElement()
          .satisfies(
              retry ->
                  assertThat(retry.cause())
                      .isInstanceOf(OutcomeUnknownException.class)
                      .hasMessageContaining("SocketTimeoutException"));
    }
  }

  @Test
  void theVendorsRateLimitHeadersReachThePolicyAndTheHealthReport() {
    try (TwoVendors v = start(TwoVendors.builder())) {
      v.primary.reportQuota(100, 42);

      v.charge("order-q");

      assertThat(health(v, 0).remainingQuota()).hasValue(42);
      assertThat(health(v, 1).remainingQuota()).as("the backup has said nothing").isEmpty();
    }
  }

  @Test
  void declineIsNeitherRetriedNorFailedOver() {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "3"))) {
      PaymentDeclinedException declined =
          v.fails(
              PaymentDeclinedException.class,
              () ->
                  v.payments().charge(chargeRequest("order-10", "tok_decline_insufficient_funds")));

      assertThat(declined.failure().code()).isEqualTo(FailureCode.INSUFFICIENT_FUNDS);
      assertThat(declined.failure().vendorCode()).isEqualTo("insufficient_funds");
      assertThat(declined.httpStatus()).hasValue(402);
      assertThat(declined.provider()).contains("primary");
      assertThat(v.primaryServer.getRequestCount()).isEqualTo(1);
      assertThat(v.backupServer.getRequestCount()).isZero();
      assertThat(v.failoverEvents).isEmpty();
      assertThat(health(v, 0).breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(health(v, 0).lastError()).as("a decline says the provider works").isEmpty();
    }
  }

  @Test
  void rateLimitedCallWaitsForTheRetryAfterHintThenRetriesOnThePrimary() {
    try (TwoVendors v = start(TwoVendors.builder().primary("retry.max-attempts", "2"))) {
      v.primary.failNext(1, Fault.rateLimited(Duration.ofSeconds(2)));

      Payment paid = v.charge("order-11");

      assertThat(paid.id().provider()).isEqualTo("primary");
      assertThat(v.waits)
          .singleElement()
          .satisfies(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
      assertThat(v.clock.instant()).isAfterOrEqualTo(START.plusSeconds(2));
      assertThat(v.primary.chargeKeys()).containsExactly("order-11", "order-11");
      assertThat(v.primary.chargesCreated()).isEqualTo(1);
      assertThat(v.backupServer.getRequestCount()).isZero();
    }
  }

  @Test
  void retryBudgetStopsRetriesDuringAnOutageSoTheLoadStaysAtOneRequestPerCall() {
    try (TwoVendors v =
        start(
            TwoVendors.builder()
                .withoutBackup()
                .primary("retry.max-attempts", "3")
                .primary("breaker.enabled", "false")
                .primary("retry-budget.capacity", "30")
                .primary("retry-budget.outcome-unknown-retry-cost", "10"))) {
      v.primary.failAlways(Fault.serverError());
      int calls = 10;

      List<Integer> requestsPerCall = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int before = v.primaryServer.getRequestCount();
        v.chargeFails(OutcomeUnknownException.class, "order-budget-" + i);
        requestsPerCall.add(v.primaryServer.getRequestCount() - before);
      }

      assertThat(requestsPerCall)
          .as("3 retries paid for (30 tokens, 10 each), then first attempts only")
          .containsExactly(3, 2, 1, 1, 1, 1, 1, 1, 1, 1);
      assertThat(v.primaryServer.getRequestCount()).isEqualTo(calls + 30 / 10);
      assertThat(v.resilienceEventsOf(RetryBudgetExhausted.class)).hasSize(calls - 1);
      assertThat(health(v, 0).retryBudgetTokens()).isZero();
    }
  }

  @Test
  void hangingPrimaryHoldsAtMostTwoCallersAndTheOthersAreServedByTheBackupAtOnce()
      throws Exception {
    try (TwoVendors v =
        start(
            TwoVendors.builder()
                .primary("bulkhead.max-concurrent-calls", "2")
                .primary("timeout.call", "1s")
                .primary("retry.max-attempts", "1")
                .primary("read-timeout", "3s"))) {
      v.primary.failAlways(Fault.hang());
      ExecutorService callers = Executors.newFixedThreadPool(6);
      try {
        List<Future<Outcome>> hung = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          hung.add(callers.submit(timedCharge(v, "hung-" + i)));
        }
        assertThat(v.primaryServer.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(v.primaryServer.takeRequest(5, TimeUnit.SECONDS)).isNotNull();

        List<Future<Outcome>> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          others.add(callers.submit(timedCharge(v, "other-" + i)));
        }

        for (Future<Outcome> other : others) {
          Outcome outcome = other.get(5, TimeUnit.SECONDS);
          assertThat(outcome.result())
              .isInstanceOfSatisfying(
                  Payment.class, p -> assertThat(p.id().provider()).isEqualTo("backup"));
          assertThat(outcome.elapsed()).as("refused at once").isLessThan(Duration.ofSeconds(1));
        }
        for (Future<Outcome> caller : hung) {
          Outcome outcome = caller.get(5, TimeUnit.SECONDS);
          assertThat(outcome.result())
              .isInstanceOfSatisfying(
                  OutcomeUnknownException.class,
                  e -> assertThat(e.reason()).startsWith("call did not finish within"));
          assertThat(outcome.elapsed()).isLessThan(Duration.ofMillis(2500));
        }
      } finally {
        callers.shutdownNow();
      }
      assertThat(v.primaryServer.getRequestCount()).isEqualTo(2);
      assertThat(v.backupServer.getRequestCount()).isEqualTo(4);
      assertThat(v.resilienceEventsOf(CallRefused.class))
          .extracting(CallRefused::reason)
          .containsExactly(
              RefusalReason.BULKHEAD_FULL,
              RefusalReason.BULKHEAD_FULL,
              RefusalReason.BULKHEAD_FULL,
              RefusalReason.BULKHEAD_FULL);
    }
  }

  @Test
  void rotatedKeyIsPickedUpAfterOneUnauthorizedAnswerWithoutARestart() throws Exception {
    try (TwoVendors v = start(TwoVendors.builder())) {
      assertThat(v.charge("order-20").id().provider()).isEqualTo("primary");
      v.primary.acceptOnlyKey(ROTATED_PRIMARY_KEY);
      v.env.put("PRIMARY_KEY", ROTATED_PRIMARY_KEY);

      Payment paid = v.charge("order-21");
      v.charge("order-22");

      assertThat(paid.id().provider()).isEqualTo("primary");
      assertThat(authorizations(v.primaryServer, 4))
          .containsExactly(
              "Bearer " + PRIMARY_KEY,
              "Bearer " + PRIMARY_KEY,
              "Bearer " + ROTATED_PRIMARY_KEY,
              "Bearer " + ROTATED_PRIMARY_KEY);
      assertThat(v.primary.chargeKeys())
          .containsExactly("order-20", "order-21", "order-21", "order-22");
      assertThat(v.resilienceEventsOf(AuthenticationRetried.class)).hasSize(1);
      assertThat(v.backupServer.getRequestCount()).isZero();
    }
  }

  @Test
  void rejectedKeyThatWasNotRotatedFailsAfterOneRetryAndIsNotFailedOver() throws Exception {
    try (TwoVendors v = start(TwoVendors.builder())) {
      v.primary.acceptOnlyKey(ROTATED_PRIMARY_KEY);

      AuthenticationException rejected = v.chargeFails(AuthenticationException.class, "order-23");
      v.env.put("PRIMARY_KEY", ROTATED_PRIMARY_KEY);
      Payment paid = v.charge("order-24");

      assertThat(rejected.httpStatus()).hasValue(401);
      assertThat(paid.id().provider()).isEqualTo("primary");
      assertThat(authorizations(v.primaryServer, 3))
          .as("the rejected key is re-read before the next call")
          .containsExactly(
              "Bearer " + PRIMARY_KEY, "Bearer " + PRIMARY_KEY, "Bearer " + ROTATED_PRIMARY_KEY);
      assertThat(v.backupServer.getRequestCount()).isZero();
      assertThat(v.failoverEvents).isEmpty();
    }
  }

  /** What one concurrent caller got, a payment or a failure, and how long it waited for it. */
  private record Outcome(Object result, Duration elapsed) {}

  private static Callable<Outcome> timedCharge(TwoVendors v, String key) {
    return () -> {
      long start = System.nanoTime();
      Object result;
      try {
        result = v.charge(key);
      } catch (SwitchboardException e) {
        v.failures.add(e);
        result = e;
      }
      return new Outcome(result, Duration.ofNanos(System.nanoTime() - start));
    };
  }

  private static ProviderHealth health(TwoVendors v, int index) {
    return v.switchboard.health().get("payments").get(index);
  }

  private static String derived(String key) {
    return IdempotencyKey.of(key).derive("backup").value();
  }

  private static String idempotencyKey(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request.getHeaders().get("Idempotency-Key");
  }

  private static List<String> authorizations(MockWebServer server, int count)
      throws InterruptedException {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      values.add(request.getHeaders().get("Authorization"));
    }
    return values;
  }
}
