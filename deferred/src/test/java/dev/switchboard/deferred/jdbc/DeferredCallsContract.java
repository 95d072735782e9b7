package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.jdbc.JdbcStateStore;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.BreakableDataSource;
import dev.switchboard.testkit.Failure;
import dev.switchboard.testkit.FakeEmailSender;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.InMemoryBlobStore;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the queue promises, run on each database. Time moves with {@link ShiftedClock#advance}; the
 * only real waits are for db-scheduler's workers to pick up what is due, each bounded.
 */
abstract class DeferredCallsContract {
  /** A fresh, empty database for one test. */
  abstract String url();

  abstract String username();

  /** A plain (unpooled) DataSource on {@link #url()}. */
  abstract DataSource plainDataSource();

  /** How many charges and how many emails the outage test enqueues. */
  static final int OUTAGE_CALLS = 1000;

  final ShiftedClock clock = new ShiftedClock();
  final FakePaymentGateway stripe = FakePaymentGateway.builder().provider("fake-pay").build();
  final FakeEmailSender mail = FakeEmailSender.builder().provider("fake-mail").build();
  final CountingPorts counted = new CountingPorts();
  final List<JdbcDeferredCalls> opened = new ArrayList<>();

  @BeforeEach
  void freshDatabase() {
    url();
  }

  @AfterEach
  void closeQueues() {
    opened.forEach(JdbcDeferredCalls::close);
  }

  JdbcDeferredCalls.Builder queue() {
    return JdbcDeferredCalls.builder()
        .url(url())
        .username(username())
        .payments(counted.payments(stripe))
        .email(counted.email(mail))
        .clock(clock)
        .random(new Random(7))
        .threads(4)
        .pollingInterval(Duration.ofMillis(100))
        .heartbeatInterval(Duration.ofMillis(200))
        .shutdownMaxWait(Duration.ofSeconds(2));
  }

  JdbcDeferredCalls open(JdbcDeferredCalls.Builder builder) {
    JdbcDeferredCalls queue = builder.build();
    opened.add(queue);
    return queue;
  }

  static ChargeRequest charge(String key, String token) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(PaymentSource.token("fake-pay", token))
        .description("order " + key)
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  static EmailMessage email(String key) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("buyer@example.com")
        .subject("Your order " + key)
        .text("Thanks")
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  /** Waits (boundedly) for the workers, nudging them to poll. */
  static void await(JdbcDeferredCalls queue, String what, BooleanSupplier done) {
    Poll.until(what, queue::wakeUp, done, queue::health);
  }

  static DeferredState state(DeferredCalls queue, DeferredCall call) {
    return queue.status(call.id()).orElseThrow().state();
  }

  @Test
  void outageThenRecoveryEndsEveryCallSucceededExactlyOnceAtTheVendor() {
    JdbcDeferredCalls queue = open(queue());
    List<DeferredCall> told = new CopyOnWriteArrayList<>();
    queue.addListener((call, outcome) -> told.add(call));
    stripe.failures().goDown();
    mail.failures().goDown();
    int n = OUTAGE_CALLS;
    List<DeferredCall> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(queue.charge(charge("order-" + i, FakePaymentGateway.TOKEN_SUCCEEDS)));
      calls.add(queue.send(email("mail-" + i)));
    }
    assertThat(calls).allSatisfy(c -> assertThat(c.state()).isEqualTo(DeferredState.QUEUED));
    // 60 simulated seconds of outage: every call is tried and waits; nothing reaches the vendor.
    await(
        queue,
        "every call was tried",
        () ->
            queue.health().count(DeferredState.QUEUED) == 0
                && queue.health().executions().get("retry") >= 2L * n);
    for (int s = 0; s < 6; s++) {
      clock.advance(Duration.ofSeconds(10));
      queue.wakeUp();
    }
    // Calls keep coming back and waiting again; none ends and nothing reaches the vendor.
    DeferredHealth during = queue.health();
    assertThat(during.count(DeferredState.WAITING) + during.count(DeferredState.RUNNING))
        .isEqualTo(2L * n);
    assertThat(stripe.payments()).isEmpty();
    assertThat(mail.sent()).isEmpty();
    assertThat(during.oldestWaiting()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    DeferredCall waiting = queue.status(calls.get(0).id()).orElseThrow();
    assertThat(waiting.attempts()).isPositive();
    assertThat(waiting.lastError().orElseThrow().type()).isEqualTo("ProviderUnavailableException");

    stripe.failures().recover();
    mail.failures().recover();
    clock.advance(Duration.ofMinutes(11));
    await(
        queue,
        "every call succeeded and its listener was told",
        // A call's outcome is stored before its listeners are told, so wait for both.
        () -> queue.health().count(DeferredState.SUCCEEDED) == 2L * n && told.size() >= 2 * n);

    assertThat(stripe.payments()).hasSize(n);
    assertThat(mail.sent()).hasSize(n);
    assertThat(counted.succeeded).hasSize(2 * n);
    assertThat(counted.succeeded.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    assertThat(told).hasSize(2 * n);
    assertThat(told.stream().map(DeferredCall::id).distinct()).hasSize(2 * n);
    DeferredCall done = queue.status(calls.get(0).id()).orElseThrow();
    assertThat(done.outcome().orElseThrow()).isInstanceOf(DeferredOutcome.Charged.class);
    assertThat(((DeferredOutcome.Charged) done.outcome().get()).payment().amount())
        .isEqualTo(Money.of("12.34", "EUR"));
    assertThat(queue.health().oldestWaiting()).isEqualTo(Duration.ZERO);
  }

  @Test
  void endedCallsAreDeletedAfterTheRetention() {
    JdbcDeferredCalls queue = open(queue().retention(Duration.ofDays(1)));
    DeferredCall old = queue.charge(charge("kept-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call succeeded", () -> state(queue, old) == DeferredState.SUCCEEDED);
    clock.advance(Duration.ofHours(23));
    DeferredCall recent = queue.charge(charge("kept-2", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call succeeded", () -> state(queue, recent) == DeferredState.SUCCEEDED);

    clock.advance(Duration.ofHours(2));
    // A purge that started before the clock moved ends after it and is next due an hour later by
    // the moved clock; so the clock moves on an hour every 100 polls (15 at most), which still
    // keeps the recent call within its retention.
    int[] polls = {0};
    await(
        queue,
        "the old call was purged",
        () -> {
          if (queue.status(old.id()).isEmpty()) {
            return true;
          }
          if (++polls[0] % 100 == 0) {
            clock.advance(Duration.ofHours(1));
          }
          return false;
        });
    assertThat(queue.status(recent.id())).isPresent();
  }

  @Test
  void listPagesOldestFirstAndUnknownIdsAreNotFound() {
    JdbcDeferredCalls queue = open(queue().workers(false));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(queue.charge(charge("page-" + i, FakePaymentGateway.TOKEN_SUCCEEDS)).id());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(queue.list(DeferredState.QUEUED, 0, 2))
        .extracting(DeferredCall::id)
        .isEqualTo(ids.subList(0, 2));
    assertThat(queue.list(DeferredState.QUEUED, 2, 2))
        .extracting(DeferredCall::id)
        .isEqualTo(ids.subList(4, 5));
    assertThat(queue.list(DeferredState.SUCCEEDED, 0, 10)).isEmpty();
    assertThat(queue.status("no-such-call")).isEmpty();
    assertThatThrownBy(() -> queue.retry("no-such-call")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> queue.cancel("no-such-call")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> queue.list(DeferredState.QUEUED, 0, 0))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void enqueueingTheSameRequestAgainReturnsTheFirstCallAndAReusedKeyIsRefused() {
    JdbcDeferredCalls queue = open(queue());
    DeferredCall first = queue.charge(charge("again-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    DeferredCall repeat = queue.charge(charge("again-1", FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThat(repeat.id()).isEqualTo(first.id());
    assertThatThrownBy(
            () ->
                queue.charge(
                    charge("again-1", FakePaymentGateway.TOKEN_SUCCEEDS).toBuilder()
                        .amount(Money.of("99.00", "EUR"))
                        .build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(first.id());
    assertThat(queue.send(email("again-1")).id()).as("another port").isNotEqualTo(first.id());
    await(queue, "the call succeeded", () -> state(queue, first) == DeferredState.SUCCEEDED);
    assertThat(queue.charge(charge("again-1", FakePaymentGateway.TOKEN_SUCCEEDS)).state())
        .isEqualTo(DeferredState.SUCCEEDED);
    assertThat(stripe.payments()).hasSize(1);
  }

  @Test
  void concurrentEnqueuesOfOneRequestMakeOneCall() throws Exception {
    JdbcDeferredCalls queue = open(queue().workers(false));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<DeferredCall>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            threads.submit(
                () -> {
                  go.await();
                  return queue.charge(charge("race-1", FakePaymentGateway.TOKEN_SUCCEEDS));
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<DeferredCall> call : calls) {
        ids.add(call.get(20, TimeUnit.SECONDS).id());
      }
      assertThat(ids).hasSize(1);
      assertThat(queue.health().count(DeferredState.QUEUED)).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void declinedChargeEndsFailedWithTheDecline() {
    JdbcDeferredCalls queue = open(queue());
    List<DeferredOutcome> outcomes = new CopyOnWriteArrayList<>();
    queue.addListener((call, outcome) -> outcomes.add(outcome));
    DeferredCall call = queue.charge(charge("declined-1", FakePaymentGateway.TOKEN_CARD_DECLINED));

    await(queue, "the call ended", () -> state(queue, call).isFinal());

    DeferredCall ended = queue.status(call.id()).orElseThrow();
    assertThat(ended.state()).isEqualTo(DeferredState.FAILED);
    assertThat(ended.attempts()).isEqualTo(1);
    assertThat(ended.lastError().orElseThrow().type()).isEqualTo("PaymentDeclinedException");
    assertThat(outcomes).singleElement().isInstanceOf(DeferredOutcome.Failed.class);
    DeferredOutcome.Failed failed = (DeferredOutcome.Failed) outcomes.get(0);
    assertThat(failed.exception().orElseThrow()).isInstanceOf(PaymentDeclinedException.class);
  }

  @Test
  void callPastItsDeadlineEndsDeadAndRetryRevivesItWithTheSameKey() {
    JdbcDeferredCalls queue = open(queue().deadline(DeferredKind.CHARGE, Duration.ofHours(1)));
    stripe.failures().goDown();
    DeferredCall call = queue.charge(charge("late-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call waits", () -> state(queue, call) == DeferredState.WAITING);

    clock.advance(Duration.ofMinutes(61));
    await(queue, "the call is dead", () -> state(queue, call) == DeferredState.DEAD);
    DeferredCall dead = queue.status(call.id()).orElseThrow();
    assertThat(dead.lastError().orElseThrow().type()).isEqualTo("DeadlineExceeded");
    assertThat(dead.history())
        .anyMatch(l -> l.contains("WAITING"))
        .anyMatch(l -> l.contains("DEAD"));
    assertThat(queue.list(DeferredState.DEAD, 0, 10))
        .extracting(DeferredCall::id)
        .containsExactly(call.id());
    assertThatThrownBy(() -> queue.retry(queue.charge(charge("other", "tok_succeeds")).id()))
        .isInstanceOf(ConflictException.class);

    stripe.failures().recover();
    DeferredCall revived = queue.retry(call.id());
    assertThat(revived.idempotencyKey()).isEqualTo(call.idempotencyKey());
    assertThat(revived.deadline()).isAfter(dead.deadline());
    await(queue, "the call succeeded", () -> state(queue, call) == DeferredState.SUCCEEDED);
    assertThat(counted.succeeded.get("late-1").get()).isEqualTo(1);
  }

  @Test
  void cancelWorksBeforeAnythingIsSentAndIsRefusedAfter() {
    // Waits of up to an hour, so that no retry starts while the test cancels.
    JdbcDeferredCalls queue =
        open(
            queue()
                .backoffBase(Duration.ofHours(1))
                .backoffCap(DeferredKind.CHARGE, Duration.ofHours(1)));
    stripe.failures().failNext(1, Failure.unavailable());
    DeferredCall notSent = queue.charge(charge("cancel-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call waits", () -> state(queue, notSent) == DeferredState.WAITING);

    assertThat(queue.cancel(notSent.id()).state()).isEqualTo(DeferredState.CANCELED);

    stripe.failures().failNext(1, Failure.outcomeUnknown());
    DeferredCall maybeSent = queue.charge(charge("cancel-2", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call waits", () -> state(queue, maybeSent) == DeferredState.WAITING);
    assertThatThrownBy(() -> queue.cancel(maybeSent.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("may have reached the vendor");

    clock.advance(Duration.ofMinutes(61));
    await(queue, "the second call ended", () -> state(queue, maybeSent).isFinal());
    assertThat(state(queue, maybeSent)).isEqualTo(DeferredState.SUCCEEDED);
    assertThat(state(queue, notSent)).isEqualTo(DeferredState.CANCELED);
    assertThat(counted.invoked("cancel-1")).isEqualTo(1);
    assertThatThrownBy(() -> queue.cancel(maybeSent.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already ended");
  }

  @Test
  void workerKilledBetweenSendAndRecordCompletesOnceAfterRestart() {
    BreakableDataSource cut = new BreakableDataSource(plainDataSource());
    counted.afterVendorAnswered =
        () -> {
          cut.breakNow();
          counted.afterVendorAnswered = () -> {};
        };
    JdbcDeferredCalls first =
        JdbcDeferredCalls.builder()
            .dataSource(cut)
            .payments(counted.payments(stripe))
            .clock(clock)
            .pollingInterval(Duration.ofMillis(100))
            .heartbeatInterval(Duration.ofMillis(200))
            .shutdownMaxWait(Duration.ofSeconds(1))
            .build();
    opened.add(first);
    DeferredCall call = first.charge(charge("crash-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(first, "the vendor charged", () -> stripe.payments().size() == 1);
    first.close();
    cut.repair();
    JdbcDeferredCalls watcher = open(queue().workers(false));
    assertThat(state(watcher, call)).isEqualTo(DeferredState.RUNNING);

    // The dead worker's heartbeat is old by the time the second instance looks.
    clock.advance(Duration.ofMinutes(5));
    JdbcDeferredCalls second = open(queue());
    await(second, "the call succeeded", () -> state(second, call) == DeferredState.SUCCEEDED);

    assertThat(counted.invoked("crash-1")).isEqualTo(2);
    assertThat(stripe.payments()).hasSize(1);
    DeferredCall done = second.status(call.id()).orElseThrow();
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(((DeferredOutcome.Charged) done.outcome().orElseThrow()).payment().id())
        .isEqualTo(stripe.payments().get(0).id());
    assertThatThrownBy(() -> second.cancel(call.id())).isInstanceOf(ConflictException.class);
  }

  @Test
  void enqueueInTheApplicationsTransactionCommitsAndRollsBackWithItsRow() throws SQLException {
    JdbcDeferredCalls queue = open(queue());
    DataSource app = plainDataSource();
    try (Connection c = app.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id VARCHAR(20) PRIMARY KEY)");
    }
    DeferredCall rolledBack;
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO orders VALUES ('o-1')");
      }
      rolledBack = queue.inTransaction(c).charge(charge("tx-1", FakePaymentGateway.TOKEN_SUCCEEDS));
      c.rollback();
    }
    DeferredCall committed;
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO orders VALUES ('o-2')");
      }
      committed = queue.inTransaction(c).charge(charge("tx-2", FakePaymentGateway.TOKEN_SUCCEEDS));
      assertThat(queue.status(committed.id())).as("invisible before the commit").isEmpty();
      c.commit();
    }

    await(
        queue,
        "the committed call succeeded",
        () -> state(queue, committed) == DeferredState.SUCCEEDED);
    assertThat(queue.status(rolledBack.id())).isEmpty();
    assertThat(counted.invoked("tx-1")).isZero();
    assertThat(stripe.payments()).hasSize(1);
  }

  @Test
  void rateLimitedCallWaitsAtLeastTheRetryAfter() {
    JdbcDeferredCalls queue = open(queue());
    stripe.failures().failNext(1, Failure.rateLimited(Duration.ofMinutes(30)));
    Instant before = clock.instant();
    DeferredCall call = queue.charge(charge("limited-1", FakePaymentGateway.TOKEN_SUCCEEDS));
    await(queue, "the call waits", () -> state(queue, call) == DeferredState.WAITING);

    Instant next = queue.status(call.id()).orElseThrow().nextAttemptAt().orElseThrow();
    assertThat(next).isAfterOrEqualTo(before.plus(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(31));
    await(queue, "the call succeeded", () -> state(queue, call) == DeferredState.SUCCEEDED);
  }

  @Test
  void ledgerKeepsEveryAttemptOnTheProviderThatFirstReceivedTheKey() {
    FakePaymentGateway backup = FakePaymentGateway.builder().provider("fake-backup").build();
    try (JdbcStateStore state =
        JdbcStateStore.builder().url(url()).username(username()).clock(clock).build()) {
      ResilienceConfig once =
          ResilienceConfig.builder().retryMaxAttempts(1).breakerEnabled(false).clock(clock).build();
      PaymentGateway failover =
          FailoverPaymentGateway.builder()
              .add(counted.payments(stripe), ResiliencePolicy.of("fake-pay", once))
              .add(backup, ResiliencePolicy.of("fake-backup", once))
              .ledger(state.ledger())
              .clock(clock)
              .build();
      JdbcDeferredCalls queue = open(queue().payments(failover));
      stripe.failures().failNext(1, Failure.outcomeUnknownAfterActing());
      DeferredCall call = queue.charge(charge("pinned-1", FakePaymentGateway.TOKEN_SUCCEEDS));
      await(queue, "the first attempt", () -> state(queue, call) == DeferredState.WAITING);
      stripe.failures().goDown();
      clock.advance(Duration.ofMinutes(10));
      await(
          queue,
          "a second attempt",
          () ->
              queue.status(call.id()).orElseThrow().attempts() >= 2
                  && state(queue, call) == DeferredState.WAITING);
      assertThat(queue.status(call.id()).orElseThrow().lastError().orElseThrow().type())
          .isEqualTo("EarlierAttemptException");
      assertThat(backup.payments())
          .as("the backup never sees a key the primary may have acted on")
          .isEmpty();

      stripe.failures().recover();
      clock.advance(Duration.ofMinutes(10));
      await(queue, "the call succeeded", () -> state(queue, call) == DeferredState.SUCCEEDED);
      assertThat(stripe.payments()).hasSize(1);
      assertThat(backup.payments()).isEmpty();
    }
  }

  @Test
  void putsStoreTheirBytesOrFileAndAGoneFileFailsWithoutReachingTheVendor(@TempDir Path files)
      throws IOException {
    InMemoryBlobStore blobs = InMemoryBlobStore.create();
    JdbcDeferredCalls enqueueOnly = open(queue().workers(false).storage(blobs));
    PutOptions bytesKey =
        PutOptions.builder()
            .contentType("text/plain")
            .idempotencyKey(IdempotencyKey.of("put-1"))
            .build();
    Path kept = Files.writeString(files.resolve("kept.txt"), "from a file");
    Path gone = Files.writeString(files.resolve("gone.txt"), "deleted before it runs");
    DeferredCall fromBytes = enqueueOnly.put("a.txt", BlobContent.ofString("hello"), bytesKey);
    DeferredCall fromFile =
        enqueueOnly.put(
            "b.txt",
            BlobContent.of(kept),
            PutOptions.builder().idempotencyKey(IdempotencyKey.of("put-2")).build());
    DeferredCall fileGone =
        enqueueOnly.put(
            "c.txt",
            BlobContent.of(gone),
            PutOptions.builder().idempotencyKey(IdempotencyKey.of("put-3")).build());
    Files.delete(gone);

    JdbcDeferredCalls workers = open(queue().storage(blobs));
    await(
        workers,
        "every put ended",
        () ->
            workers.health().count(DeferredState.QUEUED) == 0
                && workers.health().count(DeferredState.RUNNING) == 0
                && workers.health().count(DeferredState.WAITING) == 0);

    assertThat(state(workers, fromBytes)).isEqualTo(DeferredState.SUCCEEDED);
    assertThat(
            ((DeferredOutcome.Stored)
                    workers.status(fromBytes.id()).orElseThrow().outcome().orElseThrow())
                .blob()
                .size())
        .isEqualTo(5);
    assertThat(state(workers, fromFile)).isEqualTo(DeferredState.SUCCEEDED);
    assertThat(blobs.stat("b.txt").orElseThrow().size()).isEqualTo(11);
    DeferredCall failed = workers.status(fileGone.id()).orElseThrow();
    assertThat(failed.state()).isEqualTo(DeferredState.FAILED);
    assertThat(failed.attempts()).as("never started").isZero();
    assertThat(blobs.stat("c.txt")).isEmpty();
  }
}
