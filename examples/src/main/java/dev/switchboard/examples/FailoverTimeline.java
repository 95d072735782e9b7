package dev.switchboard.examples;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.telemetry.SwitchboardMetrics;
import dev.switchboard.testkit.Failure;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.FakePaymentGatewayFactory;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The main example: the ports built from {@code switchboard.properties}, a primary payment provider
 * that goes down mid-run, and a timeline of what Switchboard does about it: calls, retries, breaker
 * transitions, the switch to the backup, recovery, and a metrics summary.
 *
 * <p>Every provider is a testkit fake and time is simulated (retry waits and the breaker's wait
 * advance a clock instead of sleeping), so the whole story runs in a moment and tells the same
 * story every time (only the retry jitter differs). Run it with {@code ./mvnw -q -pl examples -am
 * compile exec:java}.
 */
public final class FailoverTimeline {
  private final PrintStream out;
  private final SimulatedClock clock = new SimulatedClock(Instant.parse("2030-01-01T09:00:00Z"));
  private final Instant start = clock.instant();
  private final Map<String, FakePaymentGateway> fakes = new LinkedHashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  FailoverTimeline(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new FailoverTimeline(System.out).run();
  }

  /** The testkit's fake factory, keeping a handle on each fake so the story can pull the plug. */
  private final class Handles implements PaymentGatewayFactory {
    private final FakePaymentGatewayFactory fakeFactory = new FakePaymentGatewayFactory();

    @Override
    public String name() {
      return fakeFactory.name();
    }

    @Override
    public FakePaymentGateway create(ProviderContext context) {
      FakePaymentGateway fake = (FakePaymentGateway) fakeFactory.create(context);
      fakes.put(context.provider(), fake);
      return fake;
    }
  }

  void run() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .classpathResource("switchboard.properties")
            .clock(clock)
            .sleeper(clock::advance)
            .build();
    try (Switchboard switchboard =
        Switchboard.fromConfig(
            config, ProviderRegistry.builder().discover().add(new Handles()).build())) {
      SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
      switchboard.policies().forEach(metrics::bind);
      switchboard.addFailoverListener(metrics);
      switchboard.addResilienceListener(this::onResilienceEvent);
      switchboard.addFailoverListener(this::onFailoverEvent);

      out.println("Switchboard failover timeline (" + switchboard + ")");
      out.println("time is simulated: retry waits and breaker waits advance the clock");
      out.println();

      PaymentSource card =
          PaymentSource.token("primary", FakePaymentGateway.TOKEN_SUCCEEDS)
              .orToken("backup", FakePaymentGateway.TOKEN_SUCCEEDS);
      int order = 1;
      for (; order <= 3; order++) {
        charge(switchboard, card, order, 2);
      }

      note("the primary payment provider goes down");
      fakes.get("primary").failures().goDown();
      for (; order <= 9; order++) {
        charge(switchboard, card, order, 2);
      }

      note("the primary comes back; its breaker is still open, waiting");
      fakes.get("primary").failures().recover();
      for (; order <= 14; order++) {
        charge(switchboard, card, order, 5);
      }

      note("the primary loses the answer to a charge it made");
      fakes.get("primary").failures().failNext(1, Failure.outcomeUnknownAfterActing());
      charge(switchboard, card, order, 2);
      long charged =
          fakes.get("primary").payments().stream()
              .filter(p -> p.metadata().get("order").equals("order-15"))
              .count();
      say("order-15 was charged " + charged + " time(s) in all, under one idempotency key");

      String receipt = "Orders 1 to 15 charged; see the timeline.";
      switchboard
          .storage()
          .put("receipts/batch-1.txt", BlobContent.ofString(receipt), PutOptions.defaults());
      switchboard
          .email()
          .send(
              EmailMessage.builder()
                  .from("shop@example.com")
                  .to("ops@example.com")
                  .subject("Batch 1 charged")
                  .text(receipt)
                  .build());
      say("receipt stored and mailed");

      summary(switchboard);
    }
  }

  private void charge(Switchboard switchboard, PaymentSource card, int order, int secondsLater) {
    String id = String.format("order-%02d", order);
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(Money.ofMinor(1000L + order, "EUR"))
            .source(card)
            .putMetadata("order", "order-" + order)
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
    } catch (SwitchboardException e) {
      say("charge " + id + " failed: " + e.getClass().getSimpleName() + ": " + e.reason());
    }
    clock.advance(Duration.ofSeconds(secondsLater));
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
              + switched.cause().getClass().getSimpleName()
              + ")");
    } else if (event instanceof FailoverEvent.ProviderRecovered recovered) {
      say("  " + recovered.provider() + " recovered: traffic is back on it");
    }
  }

  private void note(String what) {
    out.println();
    say("!! " + what);
  }

  private void say(String line) {
    Duration t = Duration.between(start, clock.instant());
    out.printf("[t+%3d.%03ds] %s%n", t.toSeconds(), t.toMillisPart(), line);
  }

  private void summary(Switchboard switchboard) {
    out.println();
    out.println("Metrics summary");
    for (Meter meter : registry.getMeters()) {
      if (meter instanceof Timer timer && meter.getId().getName().equals("switchboard.calls")) {
        out.printf(
            "  %-8s %-8s %-30s calls=%-3d mean=%6.0f ms%n",
            timer.getId().getTag("provider"),
            timer.getId().getTag("operation"),
            timer.getId().getTag("outcome"),
            timer.count(),
            timer.mean(TimeUnit.MILLISECONDS));
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
                    h.lastError().map(e -> e.type() + " at " + e.at()).orElse("none"));
              }
            });
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
