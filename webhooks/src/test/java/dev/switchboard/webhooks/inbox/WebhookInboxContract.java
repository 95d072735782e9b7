package dev.switchboard.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ConflictException;
import dev.switchboard.email.sendgrid.SendGridWebhookVerifier;
import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.testkit.BreakableDataSource;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.testkit.simulator.WebhookDeliveries;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.inbox.WebhookDecision.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the inbox promises, run on each database: acknowledge only what is stored, never handle an
 * event twice, lose nothing when the store is down, retry failing handlers until a deadline. The
 * vendors' deliveries are signed by the testkit's simulators; the inbox's time is a {@link
 * ShiftedClock}, the only real waits are for db-scheduler's workers, each bounded.
 */
abstract class WebhookInboxContract {
  /** A fresh, empty database for one test. */
  abstract String url();

  abstract String username();

  /** A plain (unpooled) DataSource on {@link #url()}. */
  abstract DataSource plainDataSource();

  final ShiftedClock clock = new ShiftedClock();
  final TestClock vendorClock = TestClock.start();
  final StripeSimulator stripe = new StripeSimulator(vendorClock);
  final SendGridSimulator sendgrid = new SendGridSimulator(vendorClock);
  ReplayGuard sharedGuard;
  final List<WebhookInbox> opened = new ArrayList<>();
  final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

  /** The replay guard every inbox of a test shares; in memory unless a subclass shares another. */
  ReplayGuard sharedGuard() {
    return ReplayGuard.inMemory(Duration.ofDays(7), Duration.ofMinutes(5), 10_000, clock);
  }

  @BeforeEach
  void openGuard() {
    sharedGuard = sharedGuard();
  }

  @AfterEach
  void closeInboxes() {
    opened.forEach(WebhookInbox::close);
  }

  WebhookInbox.Builder inbox() {
    return withoutDatabase().url(url()).username(username());
  }

  /** The test's inbox settings, with no database chosen yet. */
  WebhookInbox.Builder withoutDatabase() {
    return WebhookInbox.builder()
        .verifier(
            StripeWebhookVerifier.builder()
                .secret(StripeSimulator.TEST_WEBHOOK_SECRET)
                .clock(vendorClock)
                .build())
        .verifier(
            SendGridWebhookVerifier.builder()
                .publicKey(sendgrid.webhookPublicKey())
                .clock(vendorClock)
                .build())
        .replayGuard(sharedGuard)
        .clock(clock)
        .random(new Random(7))
        .pollingInterval(Duration.ofMillis(100))
        .heartbeatInterval(Duration.ofMillis(200))
        .shutdownMaxWait(Duration.ofSeconds(2));
  }

  WebhookInbox open(WebhookInbox.Builder builder) {
    WebhookInbox inbox = builder.build();
    opened.add(inbox);
    return inbox;
  }

  /** An inbox that counts each handled event. */
  WebhookInbox counting(WebhookInbox.Builder builder) {
    WebhookHandler count =
        e -> handled.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet();
    return open(
        builder
            .on(WebhookEventTypes.PAYMENT_SUCCEEDED, count)
            .on(WebhookEventTypes.EMAIL_DELIVERED, count)
            .on(WebhookEventTypes.EMAIL_OPENED, count));
  }

  WebhookRequest paymentSucceeded(String paymentIntent) {
    return stripe.webhookEvent(
        "payment_intent.succeeded",
        Map.of("id", paymentIntent, "object", "payment_intent", "status", "succeeded"));
  }

  String eventId(WebhookRequest delivery) {
    return stripe.eventIdOf(delivery);
  }

  static WebhookRequest tampered(WebhookRequest delivery) {
    return WebhookDeliveries.tampered(delivery);
  }

  /** Waits (boundedly) for the workers, nudging them to poll. */
  static void await(WebhookInbox inbox, String what, BooleanSupplier done) {
    Poll.until(
        what,
        inbox::wakeUp,
        done,
        () -> {
          StringBuilder events = new StringBuilder(inbox.depth().toString());
          for (InboxState state : InboxState.values()) {
            inbox
                .list(state, 0, 20)
                .forEach(
                    e -> events.append('\n').append(e.event()).append('\n').append(e.history()));
          }
          return events;
        });
  }

  InboxState state(WebhookInbox inbox, String provider, String eventId) {
    return inbox.event(provider, eventId).orElseThrow().state();
  }

  int handledCount(String eventId) {
    AtomicInteger n = handled.get(eventId);
    return n == null ? 0 : n.get();
  }

  @Test
  void acknowledgesOnceStoredAndHandlesAfterARestart() {
    WebhookInbox receiver = counting(inbox().workers(false));
    WebhookRequest delivery = paymentSucceeded("pi_restart");
    String id = eventId(delivery);

    WebhookDecision decision = receiver.receive("stripe", delivery);

    assertThat(decision.status()).isEqualTo(200);
    assertThat(decision.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(decision.stored()).containsExactly(id);
    assertThat(state(receiver, "stripe", id)).isEqualTo(InboxState.QUEUED);
    assertThat(handledCount(id)).isZero();

    receiver.close(); // the process ends after its 2xx, before any handler ran
    WebhookInbox restarted = counting(inbox());

    await(restarted, "handled", () -> state(restarted, "stripe", id) == InboxState.HANDLED);
    assertThat(handledCount(id)).isEqualTo(1);
    InboxEvent event = restarted.event("stripe", id).orElseThrow();
    assertThat(event.attempts()).isEqualTo(1);
    assertThat(event.event().subjectId()).isEqualTo("pi_restart");
    assertThat(event.history()).contains("received", "attempt 1", "handled");
  }

  @Test
  void aDuplicateIsAcknowledgedWithoutStoringOrHandlingAgain() {
    WebhookInbox inbox = counting(inbox());
    WebhookRequest delivery = paymentSucceeded("pi_dup");
    String id = eventId(delivery);

    WebhookDecision first = inbox.receive("stripe", delivery);
    await(inbox, "handled", () -> state(inbox, "stripe", id) == InboxState.HANDLED);
    WebhookDecision again = inbox.receive("stripe", delivery);
    WebhookDecision resigned = inbox.receive("stripe", delivery); // the same event, once more

    assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(again.duplicates()).containsExactly(id);
    assertThat(resigned.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(inbox.depth().get(InboxState.HANDLED)).isEqualTo(1);
    assertThat(handledCount(id)).isEqualTo(1);
  }

  @Test
  void aDuplicateArrivingBeforeTheHandlerRanIsAcknowledgedToo() {
    WebhookInbox inbox = counting(inbox().workers(false));
    WebhookRequest delivery = paymentSucceeded("pi_early_dup");

    inbox.receive("stripe", delivery);
    WebhookDecision again = inbox.receive("stripe", delivery);

    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(inbox.depth().get(InboxState.QUEUED)).isEqualTo(1);
  }

  @Test
  void aTamperedDeliveryIsRefusedWith400AndNothingIsStored() {
    WebhookInbox inbox = counting(inbox());
    WebhookRequest delivery = paymentSucceeded("pi_tamper");

    WebhookDecision decision = inbox.receive("stripe", tampered(delivery));

    assertThat(decision.status()).isEqualTo(400);
    assertThat(decision.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(decision.body()).contains("SIGNATURE_MISMATCH");
    assertThat(inbox.depth().values()).allMatch(n -> n == 0);
    // The genuine delivery is still accepted: the refusal used nothing up.
    assertThat(inbox.receive("stripe", delivery).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void anUnknownProviderIs404() {
    WebhookInbox inbox = counting(inbox());

    WebhookDecision decision = inbox.receive("mailgun", paymentSucceeded("pi_x"));

    assertThat(decision.status()).isEqualTo(404);
    assertThat(decision.outcome()).isEqualTo(Outcome.UNKNOWN_PROVIDER);
  }

  @Test
  void aStoreThatIsDownAnswers503AndTheRedeliveryIsAccepted() {
    BreakableDataSource database = new BreakableDataSource(plainDataSource());
    WebhookInbox inbox = counting(withoutDatabase().dataSource(database));
    WebhookRequest delivery = paymentSucceeded("pi_down");
    String id = eventId(delivery);

    database.breakNow();
    WebhookDecision refused = inbox.receive("stripe", delivery);
    database.repair();
    WebhookDecision redelivered = inbox.receive("stripe", delivery);

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(refused.body()).doesNotContain("jdbc:");
    assertThat(redelivered.outcome()).isEqualTo(Outcome.ACCEPTED);
    await(inbox, "handled", () -> state(inbox, "stripe", id) == InboxState.HANDLED);
    assertThat(handledCount(id)).isEqualTo(1);
  }

  @Test
  void aReplayGuardThatIsDownAnswers503() {
    ReplayGuard down =
        new ReplayGuard() {
          @Override
          public Sighting claim(String id) {
            throw new StateStoreException("redis", "claim", "connection refused", null);
          }

          @Override
          public void complete(String id) {}

          @Override
          public void release(String id) {}
        };
    WebhookInbox inbox = counting(inbox().replayGuard(down));

    WebhookDecision decision = inbox.receive("stripe", paymentSucceeded("pi_guard"));

    assertThat(decision.status()).isEqualTo(503);
    assertThat(inbox.depth().values()).allMatch(n -> n == 0);
  }

  @Test
  void anEventClaimedByADeliveryThatHasNotStoredItIsAnswered503() {
    WebhookInbox inbox = counting(inbox());
    WebhookRequest delivery = paymentSucceeded("pi_claimed");
    sharedGuard.claim("stripe:" + eventId(delivery)); // another instance, mid-store

    WebhookDecision decision = inbox.receive("stripe", delivery);

    assertThat(decision.status()).isEqualTo(503);
    assertThat(inbox.event("stripe", eventId(delivery))).isEmpty();
  }

  @Test
  void aHandlerThatFailsOnceIsRetriedAndHandled() {
    WebhookInbox inbox = open(inbox().backoffBase(Duration.ofSeconds(1)));
    AtomicInteger calls = new AtomicInteger();
    inbox.on(
        WebhookEventTypes.PAYMENT_SUCCEEDED,
        e -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("orders database is restarting");
          }
        });
    WebhookRequest delivery = paymentSucceeded("pi_retry");
    String id = eventId(delivery);

    inbox.receive("stripe", delivery);
    await(inbox, "retried", () -> state(inbox, "stripe", id) == InboxState.WAITING);
    InboxEvent waiting = inbox.event("stripe", id).orElseThrow();
    clock.advance(Duration.ofSeconds(2));

    await(inbox, "handled", () -> state(inbox, "stripe", id) == InboxState.HANDLED);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(waiting.lastError()).contains("IllegalStateException", "restarting");
    assertThat(waiting.nextAttemptAt()).isNotNull();
    InboxEvent done = inbox.event("stripe", id).orElseThrow();
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.history()).contains("failed: java.lang.IllegalStateException", "handled");
  }

  @Test
  void aHandlerFailingPastTheDeadlineEndsDeadAndTheVendorsRedeliveryRunsItAgain() {
    WebhookInbox inbox =
        open(
            inbox()
                .deadline(Duration.ofMinutes(10))
                .backoffBase(Duration.ofMinutes(1))
                .backoffCap(Duration.ofMinutes(4)));
    AtomicInteger calls = new AtomicInteger();
    List<String> fixed = new CopyOnWriteArrayList<>();
    inbox.on(
        WebhookEventTypes.PAYMENT_SUCCEEDED,
        e -> {
          calls.incrementAndGet();
          if (fixed.isEmpty()) {
            throw new IllegalStateException("bug in the handler");
          }
        });
    WebhookRequest delivery = paymentSucceeded("pi_dead");
    String id = eventId(delivery);

    inbox.receive("stripe", delivery);
    for (int i = 0; i < 30 && state(inbox, "stripe", id) != InboxState.DEAD; i++) {
      int before = calls.get();
      await(
          inbox, "an attempt", () -> calls.get() > before || state(inbox, "stripe", id).isFinal());
      await(inbox, "recorded", () -> state(inbox, "stripe", id) != InboxState.RUNNING);
      clock.advance(Duration.ofMinutes(4));
    }

    InboxEvent dead = inbox.event("stripe", id).orElseThrow();
    assertThat(dead.state()).isEqualTo(InboxState.DEAD);
    assertThat(dead.attempts()).isGreaterThan(1);
    assertThat(dead.history()).contains("deadline passed, DEAD");
    assertThat(dead.lastError()).contains("bug in the handler");

    fixed.add("deployed");
    WebhookDecision redelivered = inbox.receive("stripe", delivery);

    assertThat(redelivered.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(redelivered.stored()).containsExactly(id);
    await(inbox, "handled", () -> state(inbox, "stripe", id) == InboxState.HANDLED);
    assertThat(inbox.event("stripe", id).orElseThrow().history()).contains("delivered again");
  }

  @Test
  void replayRunsAnEndedEventAgainAndRefusesAnOpenOne() {
    WebhookInbox receiver = counting(inbox().workers(false));
    WebhookRequest delivery = paymentSucceeded("pi_replay");
    String id = eventId(delivery);
    receiver.receive("stripe", delivery);

    assertThatThrownBy(() -> receiver.replay("stripe", id))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("QUEUED");

    receiver.close();
    WebhookInbox worker = counting(inbox());
    await(worker, "handled", () -> state(worker, "stripe", id) == InboxState.HANDLED);
    worker.close();
    WebhookInbox operator = open(inbox().workers(false));
    assertThatThrownBy(() -> operator.replay("evt_unknown"))
        .isInstanceOf(dev.switchboard.NotFoundException.class);
    InboxEvent replayed = operator.replay(id); // the one provider that sent it

    assertThat(replayed.state()).isEqualTo(InboxState.QUEUED);
    assertThat(replayed.history()).contains("replay requested");
    WebhookInbox again = counting(inbox());
    await(again, "handled twice", () -> handledCount(id) == 2);
    await(again, "recorded", () -> state(again, "stripe", id) == InboxState.HANDLED);
  }

  @Test
  void aReplayWhileTheLastRunsExecutionIsStillBeingRemovedIsNotLost() throws Exception {
    WebhookInbox receiver = counting(inbox().workers(false));
    WebhookRequest delivery = paymentSucceeded("pi_race");
    String id = eventId(delivery);
    receiver.receive("stripe", delivery);
    List<String> before = executions();
    // A worker has just recorded the end of a run; db-scheduler removes its execution only after.
    sql("UPDATE switchboard_webhook_event SET state = 'HANDLED' WHERE event_id = '" + id + "'");

    receiver.replay("stripe", id);
    for (String execution : before) {
      sql("DELETE FROM switchboard_webhook_tasks WHERE task_instance = '" + execution + "'");
    }
    receiver.close();
    WebhookInbox worker = counting(inbox());

    await(worker, "handled", () -> handledCount(id) == 1);
    assertThat(executions()).doesNotContainAnyElementsOf(before);
  }

  private List<String> executions() throws java.sql.SQLException {
    List<String> ids = new ArrayList<>();
    try (java.sql.Connection c = plainDataSource().getConnection();
        java.sql.ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "SELECT task_instance FROM switchboard_webhook_tasks"
                        + " WHERE task_name = 'switchboard-webhook-event'")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private void sql(String statement) throws java.sql.SQLException {
    try (java.sql.Connection c = plainDataSource().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  @Test
  void anEventWithoutAHandlerEndsUnhandledAndRunsOnceReplayedWithOne() {
    WebhookInbox inbox = open(inbox());
    WebhookRequest delivery =
        stripe.webhookEvent("customer.created", Map.of("id", "cus_1", "object", "customer"));
    String id = eventId(delivery);

    inbox.receive("stripe", delivery);
    await(inbox, "ended", () -> state(inbox, "stripe", id) == InboxState.UNHANDLED);
    List<WebhookEvent> seen = new CopyOnWriteArrayList<>();
    inbox.on("customer.created", seen::add); // a vendor type the SDK does not map
    inbox.replay("stripe", id);

    await(inbox, "handled", () -> state(inbox, "stripe", id) == InboxState.HANDLED);
    assertThat(seen).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("unknown"));
  }

  @Test
  void aSendGridBatchIsSplitIntoEventsAndStoredTogether() {
    WebhookInbox inbox = counting(inbox());
    String body =
        "[{\"email\":\"a@example.com\",\"timestamp\":"
            + vendorClock.instant().getEpochSecond()
            + ",\"event\":\"delivered\",\"sg_event_id\":\"sg-ev-1\",\"sg_message_id\":\"m1.f\"},"
            + "{\"email\":\"a@example.com\",\"timestamp\":"
            + vendorClock.instant().getEpochSecond()
            + ",\"event\":\"open\",\"sg_event_id\":\"sg-ev-2\",\"sg_message_id\":\"m1.f\"}]\r\n";

    WebhookDecision decision = inbox.receive("sendgrid", sendgrid.signedWebhook(body));

    assertThat(decision.stored()).containsExactly("sg-ev-1", "sg-ev-2");
    await(
        inbox,
        "both handled",
        () ->
            state(inbox, "sendgrid", "sg-ev-1") == InboxState.HANDLED
                && state(inbox, "sendgrid", "sg-ev-2") == InboxState.HANDLED);
    assertThat(handledCount("sg-ev-1")).isEqualTo(1);
    assertThat(handledCount("sg-ev-2")).isEqualTo(1);
  }

  @Test
  void twoInstancesReceivingTheSameEventRunOneHandler() throws Exception {
    WebhookInbox first = counting(inbox().instanceName("first"));
    WebhookInbox second = counting(inbox().instanceName("second"));
    List<WebhookRequest> deliveries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      deliveries.add(paymentSucceeded("pi_fleet_" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<WebhookDecision>> answers = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (WebhookRequest delivery : deliveries) {
        for (WebhookInbox instance : List.of(first, second)) {
          Callable<WebhookDecision> receive =
              () -> {
                start.await();
                return instance.receive("stripe", delivery);
              };
          answers.add(pool.submit(receive));
        }
      }
      start.countDown();
      for (Future<WebhookDecision> answer : answers) {
        assertThat(answer.get().status()).isIn(200, 503);
      }
    } finally {
      pool.shutdownNow();
    }
    // A 503 (the twin delivery was mid-store) is delivered again by the vendor.
    for (WebhookRequest delivery : deliveries) {
      assertThat(first.receive("stripe", delivery).status()).isEqualTo(200);
    }

    await(first, "all handled", () -> first.depth().get(InboxState.HANDLED) == 50);
    second.wakeUp();
    assertThat(handled).hasSize(50);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void twoInstancesWithoutASharedGuardStillStoreAnEventOnce() {
    WebhookInbox first =
        counting(
            inbox()
                .instanceName("first")
                .replayGuard(ReplayGuard.inMemory(Duration.ofDays(7), clock)));
    WebhookInbox second =
        counting(
            inbox()
                .instanceName("second")
                .replayGuard(ReplayGuard.inMemory(Duration.ofDays(7), clock)));
    WebhookRequest delivery = paymentSucceeded("pi_unshared");
    String id = eventId(delivery);

    WebhookDecision a = first.receive("stripe", delivery);
    WebhookDecision b = second.receive("stripe", delivery);

    assertThat(a.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(b.outcome()).isEqualTo(Outcome.DUPLICATE);
    await(first, "handled", () -> state(first, "stripe", id) == InboxState.HANDLED);
    assertThat(handledCount(id)).isEqualTo(1);
  }

  @Test
  void orderedBySubjectHandlesOnePaymentsEventsInTheOrderTheyOccurred() {
    WebhookInbox receiver = open(inbox().workers(false));
    WebhookRequest authorized =
        stripe.webhookEvent(
            "payment_intent.amount_capturable_updated",
            Map.of("id", "pi_order", "object", "payment_intent"));
    vendorClock.advance(Duration.ofSeconds(5));
    WebhookRequest succeeded = paymentSucceeded("pi_order");
    vendorClock.advance(Duration.ofSeconds(5));
    WebhookRequest refunded =
        stripe.webhookEvent(
            "charge.refunded",
            Map.of("id", "ch_1", "object", "charge", "payment_intent", "pi_order"));
    // Delivered out of order, as vendors do.
    receiver.receive("stripe", refunded);
    receiver.receive("stripe", succeeded);
    receiver.receive("stripe", authorized);
    receiver.close();

    List<String> order = new CopyOnWriteArrayList<>();
    WebhookHandler record = e -> order.add(e.type());
    WebhookInbox inbox =
        open(
            inbox()
                .orderedBySubject(true)
                .threads(4)
                .on(WebhookEventTypes.PAYMENT_AUTHORIZED, record)
                .on(WebhookEventTypes.PAYMENT_SUCCEEDED, record)
                .on(WebhookEventTypes.PAYMENT_REFUNDED, record));

    await(inbox, "all handled", () -> inbox.depth().get(InboxState.HANDLED) == 3);
    assertThat(order)
        .containsExactly(
            WebhookEventTypes.PAYMENT_AUTHORIZED,
            WebhookEventTypes.PAYMENT_SUCCEEDED,
            WebhookEventTypes.PAYMENT_REFUNDED);
  }

  @Test
  void aSecondHandlerForOneTypeIsRefused() {
    WebhookInbox inbox = counting(inbox());

    assertThatThrownBy(() -> inbox.on(WebhookEventTypes.PAYMENT_SUCCEEDED, e -> {}))
        .hasMessageContaining("registered already");
  }
}
