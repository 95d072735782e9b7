package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.QuotaSnapshot;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStore;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.ReplayGuard.Sighting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must show: the key ledger, the replay guards and the rate
 * state, with an injected clock. A store module runs it by extending it:
 *
 * <pre>{@code
 * class JdbcStateStoreContractTest extends StateStoreContract {
 *   protected StateStore openStore(TestClock clock, Duration ledgerRetention,
 *       Duration replayRetention) {
 *     return JdbcStateStore.builder().dataSource(dataSource).clock(clock)
 *         .ledgerRetention(ledgerRetention).replayRetention(replayRetention).build();
 *   }
 *   protected Set<StateCapability> capabilities() {
 *     return EnumSet.of(StateCapability.SHARED);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test uses scopes, keys and names of its own, so stores on one database or server can run
 * every test without clearing it. Stores that {@link StateCapability#SHARED share} their backing
 * are also opened twice at once, and again after being closed (a restart).
 */
public abstract class StateStoreContract {
  /** The ledger retention the contract opens stores with. */
  protected static final Duration LEDGER_RETENTION = Duration.ofDays(7);

  /** The replay retention the contract opens stores with. */
  protected static final Duration REPLAY_RETENTION = Duration.ofDays(2);

  private static final int THREADS = 64;

  private final List<StateStore> opened = new ArrayList<>();
  private TestClock clock;
  private String unique;

  /**
   * A new store instance on the store's backing (the same database or server every time, for a
   * store that declares {@link StateCapability#SHARED}), reading time from {@code clock}. The
   * contract closes it after the test.
   */
  protected abstract StateStore openStore(
      TestClock clock, Duration ledgerRetention, Duration replayRetention);

  /** What the store can do; none unless overridden. */
  protected Set<StateCapability> capabilities() {
    return EnumSet.noneOf(StateCapability.class);
  }

  @BeforeEach
  void freshClockAndNames() {
    clock = TestClock.start();
    unique = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
    opened.clear();
  }

  // --- the key ledger ---

  @Test
  void firstClaimWinsAndIsPending() {
    KeyLedger ledger = ledger();
    Claim claim = ledger.claim(scope(), "order-1", "acme", "order-1", "fp");

    assertThat(claim.won()).isTrue();
    LedgerRecord record = claim.record();
    assertThat(record.state()).isEqualTo(LedgerState.PENDING);
    assertThat(record.provider()).isEqualTo("acme");
    assertThat(record.sentKey()).isEqualTo("order-1");
    assertThat(record.fingerprint()).isEqualTo("fp");
    assertThat(record.key()).isEqualTo("order-1");
    assertThat(record.scope()).isEqualTo(scope());
    assertThat(record.vendorId()).isEmpty();
    assertThat(record.version()).isZero();
    assertThat(record.createdAt()).isEqualTo(clock.instant());
    assertThat(ledger.find(scope(), "order-1")).contains(record);
  }

  @Test
  void aLaterClaimLosesAndGetsTheFirstRecord() {
    KeyLedger ledger = ledger();
    LedgerRecord first = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    clock.advance(Duration.ofSeconds(3));

    Claim second = ledger.claim(scope(), "order-1", "other", "derived-key", "fp");

    assertThat(second.won()).isFalse();
    assertThat(second.record()).isEqualTo(first);
  }

  @Test
  void theSameKeyInAnotherScopeIsAnotherRecord() {
    KeyLedger ledger = ledger();
    ledger.claim(scope(), "order-1", "acme", "order-1", "fp");

    Claim other = ledger.claim(scope() + ".other", "order-1", "other", "order-1", "fp");

    assertThat(other.won()).isTrue();
    assertThat(other.record().provider()).isEqualTo("other");
  }

  @Test
  void sixtyFourThreadsClaimingOneKeyHaveExactlyOneWinner() throws Exception {
    KeyLedger ledger = ledger();

    List<Claim> claims = race(i -> ledger.claim(scope(), "contested", "p" + i, "key-" + i, "fp"));

    List<Claim> winners = claims.stream().filter(Claim::won).toList();
    assertThat(winners).hasSize(1);
    String winner = winners.get(0).record().provider();
    assertThat(claims).allSatisfy(c -> assertThat(c.record().provider()).isEqualTo(winner));
    assertThat(ledger.find(scope(), "contested").orElseThrow().provider()).isEqualTo(winner);
  }

  @Test
  void settleRecordsTheOutcomeAndTheVendorId() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    clock.advance(Duration.ofSeconds(2));

    LedgerRecord settled = ledger.settle(claimed, LedgerState.SUCCEEDED, "pay_123").orElseThrow();

    assertThat(settled.state()).isEqualTo(LedgerState.SUCCEEDED);
    assertThat(settled.vendorId()).contains("pay_123");
    assertThat(settled.version()).isEqualTo(1);
    assertThat(settled.createdAt()).isEqualTo(claimed.createdAt());
    assertThat(settled.updatedAt()).isEqualTo(clock.instant());
    assertThat(ledger.find(scope(), "order-1")).contains(settled);
  }

  @Test
  void settleWithoutAVendorIdKeepsTheRecordedOne() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    LedgerRecord succeeded = ledger.settle(claimed, LedgerState.SUCCEEDED, "pay_123").orElseThrow();

    LedgerRecord again = ledger.settle(succeeded, LedgerState.SUCCEEDED, null).orElseThrow();

    assertThat(again.vendorId()).contains("pay_123");
    assertThat(again.version()).isEqualTo(2);
  }

  @Test
  void aSettleThatLostARaceChangesNothing() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    LedgerRecord unknown = ledger.settle(claimed, LedgerState.UNKNOWN, null).orElseThrow();

    assertThat(ledger.settle(claimed, LedgerState.FAILED, null)).isEmpty();

    assertThat(ledger.find(scope(), "order-1")).contains(unknown);
  }

  @Test
  void aFailedKeyMayBeClaimedAgainByAnotherProvider() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    ledger.settle(claimed, LedgerState.FAILED, null);
    clock.advance(Duration.ofSeconds(1));

    Claim again = ledger.claim(scope(), "order-1", "other", "derived", "fp-2");

    assertThat(again.won()).isTrue();
    assertThat(again.record().fingerprint()).isEqualTo("fp-2");
    assertThat(again.record().provider()).isEqualTo("other");
    assertThat(again.record().sentKey()).isEqualTo("derived");
    assertThat(again.record().state()).isEqualTo(LedgerState.PENDING);
    assertThat(again.record().version()).isEqualTo(2);
    assertThat(again.record().createdAt()).isEqualTo(claimed.createdAt());
    assertThat(again.record().updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void pendingUnknownAndSucceededKeysAreNeverClaimedAgain() {
    KeyLedger ledger = ledger();
    ledger.claim(scope(), "pending", "acme", "pending", "fp");
    LedgerRecord unknown = ledger.claim(scope(), "unknown", "acme", "unknown", "fp").record();
    ledger.settle(unknown, LedgerState.UNKNOWN, null);
    LedgerRecord succeeded = ledger.claim(scope(), "succeeded", "acme", "succeeded", "fp").record();
    ledger.settle(succeeded, LedgerState.SUCCEEDED, "pay_1");

    for (String key : List.of("pending", "unknown", "succeeded")) {
      Claim claim = ledger.claim(scope(), key, "other", "derived", "fp");
      assertThat(claim.won()).as(key).isFalse();
      assertThat(claim.record().provider()).as(key).isEqualTo("acme");
    }
  }

  @Test
  void sixtyFourThreadsReclaimingAFailedKeyHaveExactlyOneWinner() throws Exception {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "contested", "first", "key", "fp").record();
    ledger.settle(claimed, LedgerState.FAILED, null);

    List<Claim> claims = race(i -> ledger.claim(scope(), "contested", "p" + i, "key-" + i, "fp"));

    assertThat(claims.stream().filter(Claim::won)).hasSize(1);
    assertThat(claims.stream().map(c -> c.record().provider()).distinct()).hasSize(1);
  }

  @Test
  void aRecordIsKeptForTheRetentionAfterItsLastChange() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    clock.advance(Duration.ofDays(3));
    ledger.settle(claimed, LedgerState.UNKNOWN, null);

    clock.advance(LEDGER_RETENTION.minusSeconds(1));
    assertThat(ledger.find(scope(), "order-1")).isPresent();
    assertThat(ledger.claim(scope(), "order-1", "other", "derived", "fp").won()).isFalse();

    clock.advance(Duration.ofSeconds(2));
    assertThat(ledger.find(scope(), "order-1")).isEmpty();
    Claim fresh = ledger.claim(scope(), "order-1", "other", "derived", "fp");
    assertThat(fresh.won()).isTrue();
    assertThat(fresh.record().version()).isZero();
  }

  @Test
  void anExpiredRecordCannotBeSettled() {
    KeyLedger ledger = ledger();
    LedgerRecord claimed = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    clock.advance(LEDGER_RETENTION.plusSeconds(1));

    assertThat(ledger.settle(claimed, LedgerState.SUCCEEDED, "pay_1")).isEmpty();
  }

  @Test
  void aSettleFromBeforeTheRecordExpiredDoesNotTouchAFreshClaimOfTheKey() {
    KeyLedger ledger = ledger();
    LedgerRecord stale = ledger.claim(scope(), "order-1", "acme", "order-1", "fp").record();
    clock.advance(LEDGER_RETENTION.plusSeconds(1));
    LedgerRecord fresh = ledger.claim(scope(), "order-1", "other", "derived", "fp").record();
    assertThat(fresh.version()).isEqualTo(stale.version());

    assertThat(ledger.settle(stale, LedgerState.SUCCEEDED, "pay_stale")).isEmpty();

    assertThat(ledger.find(scope(), "order-1")).contains(fresh);
  }

  @Test
  void aPendingKeyIsNotForgottenWhileManyOthersComeAndGo() {
    KeyLedger ledger = ledger();
    ledger.claim(scope(), "kept", "acme", "kept", "fp");
    for (int i = 0; i < 500; i++) {
      LedgerRecord other = ledger.claim(scope(), "other-" + i, "acme", "other-" + i, "fp").record();
      ledger.settle(other, LedgerState.FAILED, null);
    }

    assertThat(ledger.find(scope(), "kept").orElseThrow().state()).isEqualTo(LedgerState.PENDING);
  }

  @Test
  void keysOfTheLongestAllowedLengthAndAnyPrintableCharacterAreKeptExactly() {
    KeyLedger ledger = ledger();
    String longKey = "k".repeat(250) + "-_/:|";
    String odd = "a'b\"c;d%e\\f*g?h";

    ledger.claim(scope(), longKey, "acme", longKey, "fp");
    ledger.claim(scope(), odd, "acme", odd, "fp");

    assertThat(ledger.find(scope(), longKey).orElseThrow().key()).isEqualTo(longKey);
    assertThat(ledger.find(scope(), odd).orElseThrow().sentKey()).isEqualTo(odd);
    assertThat(ledger.find(scope(), "a'b")).isEmpty();
  }

  @Test
  void recordsSurviveARestartOnTheSameBacking() {
    requires(StateCapability.SHARED);
    StateStore before = store();
    LedgerRecord claimed =
        before.ledger().claim(scope(), "order-1", "acme", "order-1", "fp").record();
    LedgerRecord unknown = before.ledger().settle(claimed, LedgerState.UNKNOWN, null).orElseThrow();
    before.close();
    opened.remove(before);

    StateStore after = store();

    assertThat(after.ledger().find(scope(), "order-1")).contains(unknown);
    Claim repeat = after.ledger().claim(scope(), "order-1", "other", "derived", "fp");
    assertThat(repeat.won()).isFalse();
    assertThat(repeat.record().provider()).isEqualTo("acme");
  }

  @Test
  void twoInstancesOnOneBackingShareClaims() throws Exception {
    requires(StateCapability.SHARED);
    StateStore one = store();
    StateStore two = store();

    List<Claim> claims =
        race(
            i ->
                (i % 2 == 0 ? one : two)
                    .ledger()
                    .claim(scope(), "contested", "p" + i, "key-" + i, "fp"));

    assertThat(claims.stream().filter(Claim::won)).hasSize(1);
    LedgerRecord winner = one.ledger().find(scope(), "contested").orElseThrow();
    assertThat(two.ledger().find(scope(), "contested")).contains(winner);
  }

  // --- replay guards ---

  @Test
  void aClaimedIdIsInProgressThenDoneOnceCompleted() {
    ReplayGuard guard = guard("hooks");

    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.FIRST);
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.IN_PROGRESS);
    guard.complete("evt_1");
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.DONE);
    assertThat(guard.claim("evt_2")).isEqualTo(Sighting.FIRST);
  }

  @Test
  void aReleasedClaimLetsTheRedeliveryBeProcessed() {
    ReplayGuard guard = guard("hooks");
    guard.claim("evt_1");

    guard.release("evt_1");

    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.FIRST);
  }

  @Test
  void releasingACompletedIdDoesNothing() {
    ReplayGuard guard = guard("hooks");
    guard.claim("evt_1");
    guard.complete("evt_1");

    guard.release("evt_1");
    guard.release("never-claimed");

    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.DONE);
    assertThat(guard.claim("never-claimed")).isEqualTo(Sighting.FIRST);
  }

  @Test
  void aCompletedIdIsRememberedForTheReplayRetention() {
    ReplayGuard guard = guard("hooks");
    guard.claim("evt_1");
    guard.complete("evt_1");

    clock.advance(REPLAY_RETENTION.minusSeconds(1));
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.DONE);

    clock.advance(Duration.ofSeconds(2));
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.FIRST);
  }

  @Test
  void anOpenClaimLapsesAfterTheLease() {
    ReplayGuard guard = guard("hooks");
    guard.claim("evt_1");

    clock.advance(StateStore.REPLAY_LEASE.minusSeconds(1));
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.IN_PROGRESS);

    clock.advance(Duration.ofSeconds(2));
    assertThat(guard.claim("evt_1")).isEqualTo(Sighting.FIRST);
  }

  @Test
  void firstSightIsTrueOnlyOnce() {
    ReplayGuard guard = guard("hooks");

    assertThat(guard.firstSight("token-1")).isTrue();
    assertThat(guard.firstSight("token-1")).isFalse();
    assertThat(guard.claim("token-1")).isEqualTo(Sighting.DONE);
  }

  @Test
  void namespacesDoNotCollide() {
    StateStore store = store();
    store.replayGuard(name("a")).firstSight("evt_1");

    assertThat(store.replayGuard(name("b")).firstSight("evt_1")).isTrue();
    assertThat(store.replayGuard(name("a")).firstSight("evt_1")).isFalse();
  }

  @Test
  void sixtyFourThreadsClaimingOneIdHaveExactlyOneFirst() throws Exception {
    ReplayGuard guard = guard("hooks");

    List<Sighting> sightings = race(i -> guard.claim("evt_contested"));

    assertThat(sightings.stream().filter(s -> s == Sighting.FIRST)).hasSize(1);
    assertThat(sightings.stream().filter(s -> s == Sighting.IN_PROGRESS)).hasSize(THREADS - 1);
  }

  @Test
  void aCompletedIdIsARepeatForAnotherInstanceAndAfterARestart() {
    requires(StateCapability.SHARED);
    StateStore one = store();
    StateStore two = store();
    one.replayGuard(name("hooks")).claim("evt_1");
    one.replayGuard(name("hooks")).complete("evt_1");

    assertThat(two.replayGuard(name("hooks")).claim("evt_1")).isEqualTo(Sighting.DONE);
    one.close();
    opened.remove(one);
    assertThat(store().replayGuard(name("hooks")).firstSight("evt_1")).isFalse();
  }

  // --- rate state ---

  @Test
  void thePublishedQuotaIsSeenAndAnOlderOneDoesNotReplaceIt() {
    RateState rates = store().rates();
    Instant now = clock.instant();
    QuotaSnapshot latest = new QuotaSnapshot(100, 7, now.plusSeconds(60), now);

    rates.publishQuota(name("acme"), latest);
    rates.publishQuota(
        name("acme"), new QuotaSnapshot(100, 90, now.plusSeconds(60), now.minusSeconds(5)));

    assertThat(rates.quota(name("acme"))).contains(latest);
    assertThat(rates.quota(name("other"))).isEmpty();
  }

  @Test
  void aBudgetGrantsItsLimitPerPeriodThenSaysHowLongToWait() {
    RateState rates = store().rates();
    String budget = name("budget");

    for (int i = 0; i < 3; i++) {
      assertThat(rates.tryAcquire(budget, 3, Duration.ofSeconds(1))).isZero();
    }
    Duration wait = rates.tryAcquire(budget, 3, Duration.ofSeconds(1));

    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(rates.tryAcquire(budget, 3, Duration.ofSeconds(1))).isZero();
    assertThat(rates.tryAcquire(name("another"), 3, Duration.ofSeconds(1))).isZero();
  }

  @Test
  void sixtyFourThreadsShareOneBudgetWithoutOvershooting() throws Exception {
    RateState rates = store().rates();
    String budget = name("budget");

    List<Duration> waits = race(i -> rates.tryAcquire(budget, 10, Duration.ofMinutes(1)));

    assertThat(waits.stream().filter(Duration::isZero)).hasSize(10);
  }

  @Test
  void twoInstancesSpendOneBudgetAndSeeOneQuota() {
    requires(StateCapability.SHARED);
    RateState one = store().rates();
    RateState two = store().rates();
    String budget = name("budget");

    assertThat(one.tryAcquire(budget, 4, Duration.ofMinutes(1))).isZero();
    assertThat(two.tryAcquire(budget, 4, Duration.ofMinutes(1))).isZero();
    assertThat(one.tryAcquire(budget, 4, Duration.ofMinutes(1))).isZero();
    assertThat(two.tryAcquire(budget, 4, Duration.ofMinutes(1))).isZero();
    assertThat(one.tryAcquire(budget, 4, Duration.ofMinutes(1))).isPositive();
    assertThat(two.tryAcquire(budget, 4, Duration.ofMinutes(1))).isPositive();

    Instant now = clock.instant();
    QuotaSnapshot seen = new QuotaSnapshot(50, 2, now.plusSeconds(30), now);
    one.publishQuota(name("acme"), seen);
    assertThat(two.quota(name("acme"))).contains(seen);
  }

  // --- helpers ---

  /** A store opened by the subclass, closed after the test. */
  protected final StateStore store() {
    StateStore store = openStore(clock, LEDGER_RETENTION, REPLAY_RETENTION);
    opened.add(store);
    return store;
  }

  /** The test's clock, which every store of the test reads. */
  protected final TestClock clock() {
    return clock;
  }

  /** The ledger of a new store: keep it in a variable, each call opens another store. */
  private KeyLedger ledger() {
    return store().ledger();
  }

  private ReplayGuard guard(String namespace) {
    return store().replayGuard(name(namespace));
  }

  private String scope() {
    return "contract." + unique;
  }

  private String name(String base) {
    return base + "-" + unique;
  }

  private void requires(StateCapability capability) {
    Assumptions.assumeTrue(
        capabilities().contains(capability),
        getClass().getSimpleName() + " does not declare " + capability);
  }

  private interface Racer<T> {
    T run(int index) throws Exception;
  }

  /** Runs {@code racer} on {@value #THREADS} threads released at once; their results in order. */
  private static <T> List<T> race(Racer<T> racer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch ready = new CountDownLatch(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int index = i;
        Callable<T> task =
            () -> {
              ready.countDown();
              go.await();
              return racer.run(index);
            };
        futures.add(pool.submit(task));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
