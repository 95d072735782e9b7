package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover composite's non-blocking form routes, fails over and pins keys exactly as the
 * blocking one: the same walk, written once.
 */
class FailoverNonBlockingTest {
  private final FailoverTesting t = new FailoverTesting();
  private final FakePaymentGateway acme =
      FakePaymentGateway.builder().provider("acme").clock(t.clock).seed(1).build();
  private final FakePaymentGateway other =
      FakePaymentGateway.builder().provider("other").clock(t.clock).seed(2).build();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  private AsyncPaymentGateway gateway(int attempts) {
    return FailoverPaymentGateway.builder()
        .add(acme, t.policy("acme", attempts))
        .add(other, t.policy("other", attempts))
        .listener(events::add)
        .clock(t.clock)
        .build()
        .async();
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(
            PaymentSource.token("acme", FakePaymentGateway.TOKEN_SUCCEEDS)
                .orToken("other", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  @Test
  void aChargeTheDownPrimaryCannotTakeIsServedByTheBackup() {
    acme.failures().goDown();

    Payment payment = Futures.join(gateway(2).charge(charge("order-1")));

    assertThat(payment.id().provider()).isEqualTo("other");
    assertThat(events).filteredOn(FailoverEvent.ProviderSwitched.class::isInstance).hasSize(1);
  }

  @Test
  void anUnknownOutcomeNeverMovesToTheBackupAndPinsTheKey() {
    AsyncPaymentGateway gateway = gateway(1);
    acme.failures().failNext(1, Failure.outcomeUnknown());

    assertThatThrownBy(() -> Futures.join(gateway.charge(charge("order-2"))))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(other.failures().calls()).isZero();

    acme.failures().goDown();
    assertThatThrownBy(() -> Futures.join(gateway.charge(charge("order-2"))))
        .isInstanceOf(EarlierAttemptException.class);
    assertThat(other.failures().calls()).isZero();

    acme.failures().recover();
    assertThat(Futures.join(gateway.charge(charge("order-2"))).id().provider()).isEqualTo("acme");
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void cancellingAChargeThePrimaryIsHoldingIsAnUnknownOutcomeThatStaysWithThePrimary() {
    AsyncPaymentGateway gateway = gateway(1);
    acme.failures().hang();

    CompletableFuture<Payment> held = gateway.charge(charge("order-3"));
    assertThat(held).isNotDone();
    held.cancel(true);

    assertThatThrownBy(() -> Futures.join(held))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-3")));
    assertThat(other.failures().calls()).isZero();
    acme.failures().release();
    // The repeat goes where the key went, with the same key: the primary's own replay answers it.
    assertThat(Futures.join(gateway.charge(charge("order-3"))).id().provider()).isEqualTo("acme");
    assertThat(other.failures().calls()).isZero();
  }

  /** A ledger that notes the thread of each call, over the in-memory one. */
  private final class ThreadNotingLedger implements KeyLedger {
    private final KeyLedger ledger =
        StateStore.inMemory(t.clock, Duration.ofDays(1), Duration.ofDays(1)).ledger();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Claim claim(
        String scope, String key, String provider, String sentKey, String fingerprint) {
      calls.add("claim " + provider + " on " + Thread.currentThread().getName());
      return ledger.claim(scope, key, provider, sentKey, fingerprint);
    }

    @Override
    public Optional<LedgerRecord> find(String scope, String key) {
      return ledger.find(scope, key);
    }

    @Override
    public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
      calls.add(
          "settle " + claimed.provider() + " " + state + " on " + Thread.currentThread().getName());
      return ledger.settle(claimed, state, vendorId);
    }
  }

  private final ExecutorService ledgerThread =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "ledger-thread"));

  @AfterEach
  void stopLedgerThread() {
    ledgerThread.shutdownNow();
  }

  private FailoverPaymentGateway gatewayOver(KeyLedger ledger, Executor ledgerExecutor) {
    return FailoverPaymentGateway.builder()
        .add(acme, t.policy("acme", 1))
        .add(other, t.policy("other", 1))
        .ledger(ledger)
        .ledgerExecutor(ledgerExecutor)
        .clock(t.clock)
        .build();
  }

  @Test
  void aBlockingLedgersCallsRunOnTheLedgerExecutorNeverOnTheCallersThread() {
    ThreadNotingLedger ledger = new ThreadNotingLedger();
    acme.failures().goDown();

    Payment payment =
        Futures.join(gatewayOver(ledger, ledgerThread).async().charge(charge("order-5")));

    assertThat(payment.id().provider()).isEqualTo("other");
    // The success is settled after the answer, off the call's path: wait for the queue to drain.
    Futures.join(CompletableFuture.runAsync(() -> {}, ledgerThread));
    assertThat(ledger.calls)
        .as("the failure is settled before the backup claims the key, all on the ledger's thread")
        .containsExactly(
            "claim acme on ledger-thread",
            "settle acme FAILED on ledger-thread",
            "claim other on ledger-thread",
            "settle other SUCCEEDED on ledger-thread");
  }

  @Test
  void aBlockingCallUsesItsOwnThreadForTheLedger() {
    ThreadNotingLedger ledger = new ThreadNotingLedger();
    String caller = Thread.currentThread().getName();

    gatewayOver(ledger, ledgerThread).charge(charge("order-6"));

    assertThat(ledger.calls)
        .containsExactly("claim acme on " + caller, "settle acme SUCCEEDED on " + caller);
  }

  @Test
  void aClaimTheLedgerExecutorRefusesIsNotSent() {
    ThreadNotingLedger ledger = new ThreadNotingLedger();
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("full");
        };

    CompletableFuture<Payment> charge =
        gatewayOver(ledger, refusing).async().charge(charge("order-7"));

    assertThatThrownBy(() -> Futures.join(charge))
        .isInstanceOfSatisfying(
            StateStoreException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(e.reason()).contains("refused the claim");
            });
    assertThat(acme.failures().calls()).isZero();
    assertThat(other.failures().calls()).isZero();
    assertThat(ledger.calls).isEmpty();
  }

  @Test
  void retriesOnTheSchedulerWithTheSameKey() {
    acme.failures().failNext(1, Failure.unavailable());

    Payment payment = Futures.join(gateway(3).charge(charge("order-4")));

    assertThat(payment.id().provider()).isEqualTo("acme");
    assertThat(acme.failures().calls()).isEqualTo(2);
    assertThat(t.waits).singleElement().satisfies(d -> assertThat(d).isPositive());
    assertThat(t.waits.get(0)).isLessThan(Duration.ofMinutes(1));
  }
}
