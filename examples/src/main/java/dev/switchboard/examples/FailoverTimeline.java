package dev.switchboard.examples;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.telemetry.SwitchboardMetrics;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main example: a shop charging orders through Stripe with PayPal as the backup, mailing each
 * receipt through SendGrid with Mailgun as the backup, and keeping each receipt in an S3 bucket,
 * all built from {@code switchboard.properties}. Mid-run Stripe starts failing, then recovers, then
 * loses an answer; later SendGrid rate-limits the shop. The program prints a timeline of what
 * Switchboard does about it: calls, retries with the same key, breaker transitions, the switch to
 * the backup and back, and a metrics and health summary. The order whose outcome Stripe left
 * unknown is handed to the deferred queue ({@code switchboard.deferred()}) with its own key: it
 * waits while Stripe is down and is charged there, once, after Stripe recovers.
 *
 * <p>Every vendor is a local stand-in on 127.0.0.1 ({@link LocalVendors}: the testkit's vendor
 * simulators and an in-process S3 server), spoken to over HTTP by the real adapters, so it needs no
 * account and no key. Time is simulated: retry waits and the breaker's wait advance a clock instead
 * of sleeping, so the story runs in seconds and tells the same story every time (only the jitter of
 * retries and back-off differs). The deferred queue's workers wait on that clock too, so the story
 * wakes them itself ({@link DeferredQueueWatch}). The key ledger and the queue share an H2 file in
 * a temporary directory. Run it with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class FailoverTimeline {
  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
  private final PrintStream out;
  private final SimulatedClock clock =
      new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Each order's payment, however it was charged. */
  private final Map<String, Payment> payments = new LinkedHashMap<>();

  /** The orders handed to the deferred queue, and their call ids. */
  private final Map<String, String> deferredOrders = new LinkedHashMap<>();

  private DeferredCalls deferred;

  FailoverTimeline(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new FailoverTimeline(System.out).run();
  }

  void run() {
    Path stateDir = temporaryDirectory();
    try (LocalVendors vendors = LocalVendors.start(clock)) {
      SwitchboardConfig config =
          SwitchboardConfig.builder()
              .classpathResource("switchboard.properties")
              .putAll(vendors.overrides())
              // The key ledger in an H2 file of this run's own: a real shop keeps one file (or a
              // PostgreSQL database) across restarts; every run here is a new shop.
              .put("switchboard.state.store", "jdbc")
              .put("switchboard.state.jdbc.url", "jdbc:h2:file:" + stateDir.resolve("ledger"))
              // The deferred queue's workers wait on the simulated clock, which moves only with
              // the story: they never poll on their own, and the story wakes them when it wants
              // them to look for due calls. A real shop keeps the default (5 s on the real clock).
              .put("switchboard.deferred.polling-interval", "1h")
              .environment(vendors.environment())
              .discoverSecretSources(false)
              .clock(clock)
              .sleeper(clock::advance)
              // Health probes (the breakers' half-open trials) run within the call that starts
              // them, so the story reads the same on every run.
              .probeExecutor(Runnable::run)
              .build();
      try (Switchboard switchboard = Switchboard.fromConfig(config)) {
        tell(switchboard, vendors);
      }
    } finally {
      deleteQuietly(stateDir);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("switchboard-example-state");
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

  private void tell(Switchboard switchboard, LocalVendors vendors) {
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    switchboard.policies().forEach(metrics::bind);
    switchboard.addFailoverListener(metrics);
    switchboard.addResilienceListener(this::onResilienceEvent);
    switchboard.addFailoverListener(this::onFailoverEvent);
    // The queue is in the ledger's H2 file: switchboard.deferred.jdbc.url defaults to it.
    deferred = switchboard.deferred();

    out.println("Switchboard failover timeline (" + switchboard + ")");
    out.println("payments: stripe, then paypal | email: sendgrid, then mailgun | storage: s3");
    out.println("every vendor is a local stand-in; time is simulated (waits advance the clock)");
    out.println();

    PaymentSource card =
        PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
            .orToken("paypal", PayPalSimulator.VAULT_OK);
    int order = 1;
    for (; order <= 3; order++) {
      checkout(switchboard, card, order, 2);
    }

    note("Stripe starts answering 503 to everything");
    vendors.stripe.failAlways(SimulatedFault.unavailable());
    for (; order <= 9; order++) {
      checkout(switchboard, card, order, 2);
    }

    note("the deferred queue's workers look for due calls; Stripe is still down");
    runDeferred(switchboard);

    note("Stripe is healthy again; its breaker is still open, waiting");
    vendors.stripe.heal();
    for (; order <= 14; order++) {
      checkout(switchboard, card, order, 5);
    }

    note("the deferred queue's workers look for due calls; Stripe is back and its breaker closed");
    runDeferred(switchboard);
    clock.advance(Duration.ofSeconds(1));

    note("Stripe charges order-15 but the connection drops before the answer");
    vendors.stripe.failNext(1, SimulatedFault.resetAfterRequest());
    checkout(switchboard, card, order, 2);
    long charges =
        vendors.stripe.requests().stream()
            .filter(r -> "POST".equals(r.getMethod()))
            .filter(r -> r.getUrl().encodedPath().equals("/v1/payment_intents"))
            .map(r -> r.getHeaders().get("Idempotency-Key"))
            .filter("order-15"::equals)
            .count();
    say(
        "order-15: Stripe received "
            + charges
            + " requests under one idempotency key and made "
            + (vendors.stripe.replays() > 0 ? "one charge (the retry was replayed)" : "them all"));
    order++;

    note("SendGrid starts rate-limiting the shop (429, retry in 60 s)");
    vendors.sendgrid.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(60)));
    for (; order <= 17; order++) {
      checkout(switchboard, card, order, 2);
    }
    vendors.sendgrid.heal();

    summary(switchboard, vendors);
  }

  private void checkout(Switchboard switchboard, PaymentSource card, int order, int secondsLater) {
    String id = String.format("order-%02d", order);
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(Money.ofMinor(1000L + order, "EUR"))
            .source(card)
            .description("Order " + id)
            .putMetadata("order", id)
            .idempotencyKey(IdempotencyKey.of(id))
            .build();
    try {
      Payment payment = switchboard.payments().charge(request);
      payments.put(id, payment);
      say(
          "charge "
              + id
              + " "
              + request.amount()
              + " -> "
              + payment.status()
              + " at "
              + payment.id().provider());
      receipt(switchboard, id, payment);
    } catch (OutcomeUnknownException e) {
      say(
          "charge "
              + id
              + " outcome unknown at "
              + e.provider().orElse("?")
              + " (not sent to the backup: that could charge twice); handed to the deferred queue");
      defer(switchboard, id, request);
    } catch (SwitchboardException e) {
      say("charge " + id + " failed: " + e.getClass().getSimpleName() + ": " + e.reason());
    }
    clock.advance(Duration.ofSeconds(secondsLater));
  }

  /**
   * Hands the charge to the deferred queue with the order's own key (the ledger has pinned that key
   * to the provider that first received it), then tells how the queue's first attempt went.
   */
  private void defer(Switchboard switchboard, String id, ChargeRequest request) {
    DeferredCall call = deferred.charge(request);
    deferredOrders.put(id, call.id());
    say(
        "  deferred "
            + id
            + ": "
            + call.state()
            + " as call "
            + call.id().substring(0, 8)
            + " with key "
            + call.idempotencyKey().value());
    // Enqueueing wakes the workers: the first attempt runs now.
    tellAttempt(switchboard, id, DeferredQueueWatch.awaitAttempt(deferred, call.id(), 1));
  }

  /**
   * Wakes the workers and tells what each deferred order's next attempt did; an order whose next
   * attempt is not due yet (its back-off waits for Stripe's breaker to end its wait) is left alone.
   */
  private void runDeferred(Switchboard switchboard) {
    for (Map.Entry<String, String> order : deferredOrders.entrySet()) {
      DeferredCall call = deferred.status(order.getValue()).orElseThrow();
      if (call.state().isFinal()) {
        continue;
      }
      Instant due = call.nextAttemptAt().orElse(clock.instant());
      if (due.isAfter(clock.instant())) {
        say(
            "  deferred "
                + order.getKey()
                + ": still WAITING, not due before "
                + clock.sinceStart(due)
                + " (its back-off waits out Stripe's open breaker); nothing sent");
        continue;
      }
      DeferredQueueWatch.wake(deferred);
      tellAttempt(
          switchboard,
          order.getKey(),
          DeferredQueueWatch.awaitAttempt(deferred, call.id(), call.attempts() + 1));
    }
  }

  private void tellAttempt(Switchboard switchboard, String id, DeferredCall call) {
    say(
        "  deferred "
            + id
            + ": attempt "
            + call.attempts()
            + DeferredQueueWatch.attemptOutcome(call, clock::sinceStart));
    if (call.outcome().orElse(null) instanceof DeferredOutcome.Charged charged) {
      payments.put(id, charged.payment());
      receipt(switchboard, id, charged.payment());
    }
  }

  private void receipt(Switchboard switchboard, String order, Payment payment) {
    String text =
        "Receipt for "
            + order
            + ": "
            + payment.amount()
            + " charged by "
            + payment.id().provider()
            + " as "
            + payment.id().value()
            + "\n";
    String key = "receipts/" + order + ".txt";
    try {
      BlobInfo stored =
          switchboard
              .storage()
              .put(
                  key,
                  BlobContent.ofString(text),
                  PutOptions.builder()
                      .contentType("text/plain; charset=utf-8")
                      .idempotencyKey(IdempotencyKey.of(order).derive("receipt-blob"))
                      .build());
      SendResult mailed =
          switchboard
              .email()
              .send(
                  EmailMessage.builder()
                      .from("shop@example.com")
                      .to("customer@example.com")
                      .subject("Your receipt for " + order)
                      .text(text)
                      .idempotencyKey(IdempotencyKey.of(order).derive("receipt-mail"))
                      .build());
      say(
          "  receipt "
              + stored.key()
              + " stored ("
              + stored.size()
              + " bytes) and mailed via "
              + mailed.provider());
    } catch (SwitchboardException e) {
      say(
          "  receipt for "
              + order
              + " failed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.reason());
    }
  }

  private void onResilienceEvent(ResilienceEvent event) {
    if (event instanceof ResilienceEvent.RetryScheduled retry) {
      say(
          "  "
              + retry.provider()
              + " attempt "
              + retry.attempt()
              + " failed ("
              + retry.cause().getClass().getSimpleName()
              + "), retrying in "
              + retry.delay().toMillis()
              + " ms with the same key");
    } else if (event instanceof ResilienceEvent.BreakerStateChanged changed) {
      say("  " + changed.provider() + " breaker " + changed.from() + " -> " + changed.to());
    }
  }

  private void onFailoverEvent(FailoverEvent event) {
    if (event instanceof FailoverEvent.ProviderSwitched switched) {
      say(
          "  switched "
              + switched.operation()
              + " from "
              + switched.from()
              + " to "
              + switched.to()
              + " ("
              + outcome(switched.cause())
              + ")");
    } else if (event instanceof FailoverEvent.ProviderRecovered recovered) {
      say(
          "  "
              + recovered.provider()
              + " recovered: traffic is back on it ("
              + recovered.callsServedElsewhere()
              + " calls served elsewhere in "
              + recovered.away().toSeconds()
              + " s)");
    }
  }

  /** A failure as the timeline names it: refused(breaker_open) when the policy refused it. */
  private static String outcome(SwitchboardException failure) {
    return ErrorPolicy.localRefusal(failure)
        .map(reason -> "refused(" + reason.name().toLowerCase(Locale.ROOT) + ")")
        .orElseGet(() -> failure.getClass().getSimpleName());
  }

  private void note(String what) {
    out.println();
    say("!! " + what);
  }

  private void say(String line) {
    out.printf("[%s] %s%n", clock.sinceStart(clock.instant()), line);
  }

  private void summary(Switchboard switchboard, LocalVendors vendors) {
    out.println();
    out.println("What the vendors saw");
    out.printf(
        "  stripe   %d payment intents (%d idempotent replays)%n",
        vendors.stripe.paymentIntentCount(), vendors.stripe.replays());
    out.printf(
        "  paypal   %d orders%n",
        vendors.paypal.requests().stream()
            .filter(r -> "POST".equals(r.getMethod()))
            .filter(r -> r.getUrl().encodedPath().equals("/v2/checkout/orders"))
            .map(r -> r.getHeaders().get("PayPal-Request-Id"))
            .distinct()
            .count());
    out.printf("  sendgrid %d emails accepted%n", vendors.sendgrid.sent().size());
    out.printf("  mailgun  %d emails accepted%n", vendors.mailgun.messages().size());
    long receipts = switchboard.storage().listAll("receipts/").count();
    out.printf("  s3       %d receipts in bucket %s%n", receipts, LocalVendors.BUCKET);
    out.println("  " + ChargeCheck.describe(payments, vendors.stripe, vendors.paypal));
    for (String order : deferredOrders.keySet()) {
      out.println("  " + ChargeCheck.describeKey(order, payments.get(order), vendors));
    }

    TimelineSummary.metricsAndHealth(out, registry, switchboard);
    out.println();
    out.println("Deferred queue");
    DeferredHealth queue = deferred.health();
    out.println("  depth      " + DeferredQueueWatch.depth(queue));
    out.println(
        "  executions "
            + DeferredQueueWatch.executions(queue)
            + "; oldest open call "
            + queue.oldestWaiting().toSeconds()
            + " s");
    for (Map.Entry<String, String> order : deferredOrders.entrySet()) {
      DeferredCall call = deferred.status(order.getValue()).orElseThrow();
      out.println("  " + order.getKey() + " history:");
      call.history().forEach(line -> out.println("    " + historyLine(line)));
    }
  }

  /** A line of a call's history, with the instants in it shown as the timeline's times. */
  private String historyLine(String line) {
    return INSTANT
        .matcher(line.strip())
        .replaceAll(
            m -> Matcher.quoteReplacement(clock.sinceStart(Instant.parse(m.group())).strip()));
  }
}
