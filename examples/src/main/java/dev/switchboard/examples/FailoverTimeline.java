package dev.switchboard.examples;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.state.StateHealth;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.telemetry.SwitchboardMetrics;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The main example: a shop charging orders through Stripe with PayPal as the backup, mailing each
 * receipt through SendGrid with Mailgun as the backup, and keeping each receipt in an S3 bucket,
 * all built from {@code switchboard.properties}. Mid-run Stripe starts failing, then recovers, then
 * loses an answer; later SendGrid rate-limits the shop. The program prints a timeline of what
 * Switchboard does about it: calls, retries with the same key, breaker transitions, the switch to
 * the backup and back, and a metrics and health summary.
 *
 * <p>Every vendor is a local stand-in on 127.0.0.1 ({@link LocalVendors}: the testkit's vendor
 * simulators and an in-process S3 server), spoken to over HTTP by the real adapters, so it needs no
 * account and no key. Time is simulated: retry waits and the breaker's wait advance a clock instead
 * of sleeping, so the story runs in seconds and tells the same story every time (only the retry
 * jitter differs). Run it with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class FailoverTimeline {
  private final PrintStream out;
  private final SimulatedClock clock =
      new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final Instant start = clock.instant();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> parked = new ArrayList<>();

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

    note("Stripe is healthy again; its breaker is still open, waiting");
    vendors.stripe.heal();
    for (; order <= 14; order++) {
      checkout(switchboard, card, order, 5);
    }

    note("orders whose outcome was unknown are retried with their own keys");
    for (String id : List.copyOf(parked)) {
      parked.remove(id);
      checkout(switchboard, card, Integer.parseInt(id.substring("order-".length())), 1);
    }

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
      parked.add(id);
      say(
          "charge "
              + id
              + " outcome unknown at "
              + e.provider().orElse("?")
              + " (not sent to the backup: that could charge twice); parked for a retry");
    } catch (SwitchboardException e) {
      say("charge " + id + " failed: " + e.getClass().getSimpleName() + ": " + e.reason());
    }
    clock.advance(Duration.ofSeconds(secondsLater));
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
    Duration t = Duration.between(start, clock.instant());
    out.printf("[t+%3d.%03ds] %s%n", t.toSeconds(), t.toMillisPart(), line);
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

    out.println();
    out.println("Metrics summary");
    for (Meter meter : registry.getMeters()) {
      if (meter instanceof Timer timer && meter.getId().getName().equals("switchboard.calls")) {
        String outcome = timer.getId().getTag("outcome");
        if ("refused".equals(outcome)) {
          outcome = "refused(" + timer.getId().getTag("reason") + ")";
        }
        out.printf(
            "  %-8s %-8s %-30s calls=%-3d%n",
            timer.getId().getTag("provider"),
            timer.getId().getTag("operation"),
            outcome,
            timer.count());
      }
    }
    out.printf(
        "  retries=%.0f, breaker transitions=%.0f, refused calls=%.0f, provider switches=%.0f,"
            + " recoveries=%.0f%n",
        sum("switchboard.retries"),
        sum("switchboard.breaker.transitions"),
        sum("switchboard.calls.refused"),
        sum("switchboard.failover.switches"),
        sum("switchboard.failover.recoveries"));
    out.println();
    out.println("Health");
    switchboard
        .health()
        .forEach(
            (port, providers) -> {
              for (ProviderHealth h : providers) {
                out.printf(
                    "  %-8s %-8s breaker=%-9s last error=%s%n",
                    port,
                    h.provider(),
                    h.breakerState(),
                    h.lastError().map(e -> e.type()).orElse("none"));
              }
            });
    StateHealth state = switchboard.stateHealth();
    out.printf(
        "  state    %-8s up=%s keys claimed=%d repeats=%d pinned refusals=%d store errors=%d%n",
        state.store(),
        state.up(),
        state.claims(),
        state.repeats(),
        state.pinnedRefusals(),
        state.storeErrors());
  }

  private double sum(String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** A clock that moves only when the story (or a policy's wait) advances it. */
  private static final class SimulatedClock extends Clock {
    private volatile Instant now;

    SimulatedClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
