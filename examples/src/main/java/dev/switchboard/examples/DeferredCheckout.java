package dev.switchboard.examples;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checkout during a full payments outage: Stripe and PayPal both answer 503, yet every order is
 * accepted at once and charged, exactly once, after they recover.
 *
 * <p>The shop keeps its orders in an H2 database, and the deferred queue and key ledger live in the
 * same database. Checkout is the transactional outbox: one transaction inserts the order row and
 * enqueues its charge with {@code switchboard.deferred().inTransaction(connection)}, then commits,
 * so an order is never kept without its charge nor charged without its order (an order whose
 * transaction rolls back leaves neither). The queue's workers charge each order with the order's
 * own idempotency key, wait with back-off while no vendor can take it, and a listener marks the
 * order paid.
 *
 * <p>Both vendors are the testkit's simulators on 127.0.0.1, spoken to over HTTP by the real
 * adapters; time is simulated, as in {@link FailoverTimeline}, and the story wakes the queue's
 * workers itself ({@link DeferredQueueWatch}). Run it with {@code ./mvnw -q -pl examples -am
 * compile exec:java -Dexec.mainClass=dev.switchboard.examples.DeferredCheckout}.
 */
public final class DeferredCheckout {
  /** The orders the story accepts during the outage, and their amounts in cents. */
  static final Map<String, Long> ORDERS =
      mapOf("order-101", 2500L, "order-102", 1999L, "order-103", 4200L, "order-104", 750L);

  /** The order whose transaction the story rolls back after enqueueing its charge. */
  static final String ROLLED_BACK = "order-105";

  private final PrintStream out;
  private final SimulatedClock clock =
      new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private ShopOrders orders;

  DeferredCheckout(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new DeferredCheckout(System.out).run();
  }

  /**
   * What the stand-ins and the shop's database held, read from them at the end of the story.
   *
   * @param intentsBeforeRecovery Stripe's payment intents when the vendors came back
   * @param paypalOrdersBeforeRecovery PayPal's orders when the vendors came back
   * @param stripeIntents Stripe's payment intents at the end
   * @param paypalOrders PayPal's orders at the end
   * @param orders each order row: its status, provider and payment id
   * @param vendorStatus each paid order's payment as the vendor that holds it reports it
   * @param requests per order key (the rolled-back one included): charge requests that reached
   *     {@code stripe} and {@code paypal}
   * @param calls each deferred call's state, by order
   */
  record Result(
      int intentsBeforeRecovery,
      int paypalOrdersBeforeRecovery,
      int stripeIntents,
      int paypalOrders,
      Map<String, ShopOrders.Row> orders,
      Map<String, String> vendorStatus,
      Map<String, Map<String, Long>> requests,
      Map<String, DeferredState> calls) {}

  Result run() {
    Path dir = temporaryDirectory();
    String url = "jdbc:h2:file:" + dir.resolve("shop");
    orders = new ShopOrders(url);
    try (StripeSimulator stripe = new StripeSimulator(clock);
        PayPalSimulator paypal =
            new PayPalSimulator(
                clock, LocalVendors.PAYPAL_CLIENT_ID, LocalVendors.PAYPAL_CLIENT_SECRET)) {
      stripe.start();
      paypal.start();
      orders.createTable();
      SwitchboardConfig config =
          SwitchboardConfig.builder()
              .classpathResource("deferred-checkout.properties")
              .put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString())
              .put("switchboard.payments.paypal.base-url", paypal.baseUrl().toString())
              .put("switchboard.state.jdbc.url", url)
              // The workers wait on the simulated clock: they poll only when the story wakes them.
              .put("switchboard.deferred.polling-interval", "1h")
              .environment(
                  Map.of(
                      "STRIPE_API_KEY", StripeSimulator.TEST_API_KEY,
                      "PAYPAL_CLIENT_SECRET", LocalVendors.PAYPAL_CLIENT_SECRET))
              .discoverSecretSources(false)
              .clock(clock)
              .sleeper(clock::advance)
              .probeExecutor(Runnable::run)
              .build();
      try (Switchboard switchboard = Switchboard.fromConfig(config)) {
        return tell(switchboard.deferred(), stripe, paypal);
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  private Result tell(DeferredCalls deferred, StripeSimulator stripe, PayPalSimulator paypal) {
    CountDownLatch paid = new CountDownLatch(ORDERS.size());
    // The application's side of the queue: when a charge ends, the order row says so.
    deferred.addListener(
        (call, outcome) -> {
          String order = call.idempotencyKey().value();
          if (outcome instanceof DeferredOutcome.Charged charged) {
            Payment payment = charged.payment();
            orders.mark(order, "PAID", payment.id().provider(), payment.id().value());
          } else if (outcome instanceof DeferredOutcome.Failed failed) {
            orders.mark(order, "PAYMENT_FAILED", failed.error().provider(), null);
          }
          paid.countDown();
        });

    out.println("Switchboard deferred checkout");
    out.println(
        "payments: stripe, then paypal; orders, key ledger and deferred queue in one H2 DB");
    out.println("every vendor is a local stand-in; time is simulated (waits advance the clock)");

    note("Stripe and PayPal both answer 503 to everything");
    stripe.failAlways(SimulatedFault.unavailable());
    paypal.failAlways(SimulatedFault.unavailable());
    Map<String, String> calls = new LinkedHashMap<>();
    for (Map.Entry<String, Long> order : ORDERS.entrySet()) {
      DeferredCall call = checkout(deferred, order.getKey(), order.getValue(), true);
      calls.put(order.getKey(), call.id());
      clock.advance(Duration.ofSeconds(1));
    }
    checkout(deferred, ROLLED_BACK, 1234L, false);
    say(
        "  "
            + ROLLED_BACK
            + ": neither its order row nor its charge was kept (order rows: "
            + orders.rows().size()
            + ", queued calls: "
            + deferred.health().count(DeferredState.QUEUED)
            + ")");

    note("the deferred queue's workers take the queued calls; no vendor can");
    DeferredQueueWatch.wake(deferred);
    for (Map.Entry<String, String> call : calls.entrySet()) {
      tellAttempt(call.getKey(), DeferredQueueWatch.awaitAttempt(deferred, call.getValue(), 1));
    }
    clock.advance(Duration.ofSeconds(60));
    int intentsBeforeRecovery = stripe.paymentIntentCount();
    int paypalOrdersBeforeRecovery = paypal.orderCount();
    say(
        "a minute later, still down: "
            + intentsBeforeRecovery
            + " payment intents at stripe, "
            + paypalOrdersBeforeRecovery
            + " orders at paypal; the shop's orders: "
            + orders.statuses());

    note("Stripe and PayPal recover; the workers take each call when its back-off is over");
    stripe.heal();
    paypal.heal();
    drain(deferred, calls);
    await(paid);

    out.println();
    out.println("The shop's orders");
    orders
        .rows()
        .forEach(
            (id, row) ->
                out.printf(
                    "  %-9s %-4s by %-6s %s%n", id, row.status(), row.provider(), row.paymentId()));
    out.println();
    out.println("What the vendors saw");
    out.printf(
        "  stripe   %d payment intents (%d idempotent replays)%n",
        stripe.paymentIntentCount(), stripe.replays());
    out.printf("  paypal   %d orders%n", paypal.orderCount());
    Map<String, Payment> payments = new LinkedHashMap<>();
    for (Map.Entry<String, String> call : calls.entrySet()) {
      DeferredCall done = deferred.status(call.getValue()).orElseThrow();
      if (done.outcome().orElse(null) instanceof DeferredOutcome.Charged charged) {
        payments.put(call.getKey(), charged.payment());
      }
    }
    out.println("  " + ChargeCheck.describe(payments, stripe, paypal));
    for (String order : calls.keySet()) {
      out.println("  " + ChargeCheck.describeKey(order, payments.get(order), stripe, paypal));
    }
    out.println("  " + ChargeCheck.describeKey(ROLLED_BACK, null, stripe, paypal));
    out.println();
    out.println("Deferred queue");
    out.println("  depth      " + DeferredQueueWatch.depth(deferred.health()));
    out.println("  executions " + DeferredQueueWatch.executions(deferred.health()));
    return result(
        deferred,
        calls,
        payments,
        stripe,
        paypal,
        intentsBeforeRecovery,
        paypalOrdersBeforeRecovery);
  }

  /**
   * The checkout: the order row and its charge in one transaction. Returns at once with the call
   * QUEUED; the customer sees "accepted". With {@code commit} false, the transaction is rolled back
   * after the charge was enqueued (the story's out-of-stock order).
   */
  private DeferredCall checkout(DeferredCalls deferred, String order, long cents, boolean commit) {
    Money amount = Money.ofMinor(cents, "EUR");
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(amount)
            .source(
                PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
                    .orToken("paypal", PayPalSimulator.VAULT_OK))
            .description("Order " + order)
            .putMetadata("order", order)
            .idempotencyKey(IdempotencyKey.of(order))
            .build();
    try (Connection c = orders.connect()) {
      c.setAutoCommit(false);
      orders.insert(c, order, amount);
      DeferredCall call = deferred.inTransaction(c).charge(request);
      if (commit) {
        c.commit();
        say(
            "checkout "
                + order
                + " "
                + amount
                + ": order row and charge committed together -> accepted (call "
                + call.state()
                + ")");
      } else {
        c.rollback();
        say("checkout " + order + " " + amount + ": out of stock after all -> rolled back");
      }
      return call;
    } catch (SQLException e) {
      throw new IllegalStateException("the shop's database failed", e);
    }
  }

  /**
   * Runs every open call's attempts, each once its back-off is over, until every call has ended:
   * the story moves the clock to the earliest next attempt and wakes the workers.
   */
  private void drain(DeferredCalls deferred, Map<String, String> calls) {
    for (int round = 0; round < 50; round++) {
      Map<String, DeferredCall> open = new LinkedHashMap<>();
      for (Map.Entry<String, String> call : calls.entrySet()) {
        DeferredCall now = deferred.status(call.getValue()).orElseThrow();
        if (!now.state().isFinal()) {
          open.put(call.getKey(), now);
        }
      }
      if (open.isEmpty()) {
        return;
      }
      Instant next =
          open.values().stream()
              .map(c -> c.nextAttemptAt().orElse(clock.instant()))
              .min(Comparator.naturalOrder())
              .orElseThrow();
      clock.advanceTo(next);
      Instant now = clock.instant();
      DeferredQueueWatch.wake(deferred);
      // Told in the order the workers take them: the earliest next attempt first.
      open.entrySet().stream()
          .filter(call -> !call.getValue().nextAttemptAt().orElse(now).isAfter(now))
          .sorted(Comparator.comparing(call -> call.getValue().nextAttemptAt().orElse(now)))
          .forEach(
              call ->
                  tellAttempt(
                      call.getKey(),
                      DeferredQueueWatch.awaitAttempt(
                          deferred, call.getValue().id(), call.getValue().attempts() + 1)));
    }
    throw new IllegalStateException("the queue did not drain in 50 rounds");
  }

  private void tellAttempt(String order, DeferredCall call) {
    say(
        "  "
            + order
            + " attempt "
            + call.attempts()
            + DeferredQueueWatch.attemptOutcome(call, clock::sinceStart));
  }

  private Result result(
      DeferredCalls deferred,
      Map<String, String> calls,
      Map<String, Payment> payments,
      StripeSimulator stripe,
      PayPalSimulator paypal,
      int intentsBeforeRecovery,
      int paypalOrdersBeforeRecovery) {
    Map<String, String> vendorStatus = new LinkedHashMap<>();
    payments.forEach(
        (order, p) ->
            vendorStatus.put(
                order,
                "stripe".equals(p.id().provider())
                    ? stripe.paymentIntentStatus(p.id().value()).orElse("none")
                    : paypal.orderStatus(p.id().value()).orElse("none")));
    Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
    for (String order : Stream.concat(calls.keySet().stream(), Stream.of(ROLLED_BACK)).toList()) {
      requests.put(
          order,
          Map.of(
              "stripe", ChargeCheck.stripeRequests(stripe, order),
              "paypal", ChargeCheck.paypalRequests(paypal, order)));
    }
    Map<String, DeferredState> states = new LinkedHashMap<>();
    calls.forEach((order, id) -> states.put(order, deferred.status(id).orElseThrow().state()));
    return new Result(
        intentsBeforeRecovery,
        paypalOrdersBeforeRecovery,
        stripe.paymentIntentCount(),
        paypal.orderCount(),
        orders.rows(),
        vendorStatus,
        requests,
        states);
  }

  // --- telling ---

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the listener was not told of every order");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void note(String what) {
    out.println();
    say("!! " + what);
  }

  private void say(String line) {
    out.printf("[%s] %s%n", clock.sinceStart(clock.instant()), line);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("switchboard-deferred-checkout");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  private static Map<String, Long> mapOf(Object... keysAndValues) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
