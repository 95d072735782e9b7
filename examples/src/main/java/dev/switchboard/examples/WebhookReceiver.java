package dev.switchboard.examples;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.testkit.simulator.WebhookDeliveries;
import dev.switchboard.testkit.simulator.WebhookDeliveries.Delivery;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.http.JdkWebhookHandler;
import dev.switchboard.webhooks.http.WebhookEndpoint;
import dev.switchboard.webhooks.inbox.InboxEvent;
import dev.switchboard.webhooks.inbox.InboxState;
import dev.switchboard.webhooks.inbox.WebhookHandler;
import dev.switchboard.webhooks.inbox.WebhookInbox;
import dev.switchboard.webhooks.inbox.WebhookInboxFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Receiving webhooks the way a vendor really sends them: at least once, sometimes twice, to any
 * instance behind the load balancer, and now and then forged.
 *
 * <p>Two instances of one shop run a {@link WebhookInbox} each, behind the JDK's HttpServer on
 * their own loopback port, configured from {@code webhook-receiver.properties}; they share one H2
 * database for the inbox and for the replay guard. The testkit's Stripe and SendGrid simulators
 * sign and POST deliveries to them, redelivering on a non-2xx answer as the vendors do: a payment,
 * the same event again, a replay of it to the other instance, a tampered delivery, a payment whose
 * handler fails once, and an email batch. The inbox answers each delivery as soon as its events are
 * stored; the handlers run afterwards, from the inbox's queue. The story ends by showing that every
 * accepted event was handled exactly once and the tampered one was refused.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=dev.switchboard.examples.WebhookReceiver}.
 */
public final class WebhookReceiver {
  /** The order whose payment handler fails on its first run (its database is restarting). */
  static final String FLAKY_ORDER = "pi_order-202";

  private final PrintStream out;
  private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> handlerLog = new CopyOnWriteArrayList<>();

  WebhookReceiver(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new WebhookReceiver(System.out).run();
  }

  /**
   * What happened, read back at the end.
   *
   * @param answers each delivery's description and the HTTP status its last attempt got
   * @param handled how many times each event's handler succeeded, by event id
   * @param events every event the inbox holds, by event id
   * @param tamperedEventId the id of the event whose delivery was tampered with
   */
  record Result(
      Map<String, Integer> answers,
      Map<String, Integer> handled,
      Map<String, InboxEvent> events,
      String tamperedEventId) {}

  Result run() {
    Path dir = temporaryDirectory();
    Clock clock = Clock.systemUTC();
    StripeSimulator stripe = new StripeSimulator(clock);
    SendGridSimulator sendgrid = new SendGridSimulator(clock);
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Instance a = instance("A", dir, sendgrid, resources);
      Instance b = instance("B", dir, sendgrid, resources);
      out.println("Two instances of the shop share one inbox database and one replay guard:");
      out.println("  instance A  " + a.base() + "webhooks/{stripe,sendgrid}");
      out.println("  instance B  " + b.base() + "webhooks/{stripe,sendgrid}");
      out.println();
      return tell(stripe, sendgrid, a, b);
    } finally {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          out.println("  (closing: " + e.getMessage() + ")");
        }
      }
      deleteQuietly(dir);
    }
  }

  /** One app instance: its facade, its inbox with the shop's handlers, its HTTP server. */
  private record Instance(String name, WebhookInbox inbox, URI base) {}

  private Instance instance(
      String name, Path dir, SendGridSimulator sendgrid, List<AutoCloseable> resources) {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .classpathResource("webhook-receiver.properties")
            .put("switchboard.state.jdbc.url", "jdbc:h2:file:" + dir.resolve("shop"))
            .environment(
                Map.of(
                    "STRIPE_WEBHOOK_SECRET",
                    StripeSimulator.TEST_WEBHOOK_SECRET,
                    "SENDGRID_WEBHOOK_KEY",
                    sendgrid.webhookPublicKey()))
            .discoverSecretSources(false)
            .build();
    Switchboard switchboard = Switchboard.fromConfig(config);
    resources.add(switchboard);
    WebhookHandler paid = event -> handle(event, "order " + order(event) + " marked paid");
    WebhookHandler email = event -> handle(event, "email event recorded");
    WebhookInbox inbox =
        WebhookInboxFactory.configure(switchboard, config)
            .instanceName("shop-" + name)
            .on(WebhookEventTypes.PAYMENT_SUCCEEDED, paid)
            .on(WebhookEventTypes.EMAIL_DELIVERED, email)
            .on(WebhookEventTypes.EMAIL_OPENED, email)
            .build();
    resources.add(inbox);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      JdkWebhookHandler.register(server, WebhookEndpoint.configure(inbox, config).build());
      server.start();
      resources.add(() -> server.stop(0));
      return new Instance(
          name, inbox, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shop's handler: the first run for the flaky order fails, as its database restarts. */
  private void handle(WebhookEvent event, String what) {
    int run = runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    if (FLAKY_ORDER.equals(event.subjectId()) && run == 1) {
      handlerLog.add(event.id() + ": failed (orders database restarting); retried later");
      throw new IllegalStateException("orders database restarting");
    }
    handled.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    handlerLog.add(event.id() + ": " + what);
  }

  private static String order(WebhookEvent event) {
    return event.subjectId() == null ? "?" : event.subjectId().replace("pi_", "");
  }

  private Result tell(StripeSimulator stripe, SendGridSimulator sendgrid, Instance a, Instance b) {
    WebhookDeliveries toA = stripe.deliveries(a.base().resolve("webhooks/stripe"));
    URI stripeAtB = b.base().resolve("webhooks/stripe");
    Map<String, Integer> answers = new LinkedHashMap<>();
    out.println("Deliveries (each answered as soon as its events are stored):");

    WebhookRequest order201 = paymentSucceeded(stripe, "pi_order-201");
    Delivery first = toA.send(order201);
    show(answers, "1. payment_intent.succeeded for order-201", a, first);
    show(answers, "2. the same event again (a duplicate)", a, toA.duplicate(first));
    show(
        answers,
        "3. delivery 1 replayed to the other instance",
        b,
        toA.replay(first.lastAttempt(), stripeAtB));

    WebhookRequest forged = paymentSucceeded(stripe, "pi_order-666");
    String tamperedId = stripe.eventIdOf(forged);
    show(
        answers,
        "4. a tampered copy of a new payment event",
        a,
        toA.send(WebhookDeliveries.tampered(forged)));

    Delivery flaky = stripe.deliveries(stripeAtB).send(paymentSucceeded(stripe, FLAKY_ORDER));
    show(answers, "5. payment_intent.succeeded for order-202", b, flaky);

    Delivery batch =
        sendgrid
            .deliveries(a.base().resolve("webhooks/sendgrid"))
            .send(sendgrid.signedWebhook(emailBatch(sendgrid, "delivered", "open")));
    show(answers, "6. a SendGrid batch: delivered, open", a, batch);

    out.println();
    out.println("Handlers (from the inbox's queue, after the answers):");
    awaitQuiet(a.inbox(), b.inbox());
    handlerLog.forEach(line -> out.println("  " + line));
    Map<String, InboxEvent> events = new LinkedHashMap<>();
    for (InboxState state : InboxState.values()) {
      a.inbox().list(state, 0, 100).forEach(e -> events.put(e.eventId(), e));
    }
    out.println();
    out.println("What the inbox holds:");
    events.values().stream()
        .sorted(Comparator.comparing(InboxEvent::receivedAt))
        .forEach(
            e ->
                out.printf(
                    "  %-28s %-18s %-8s handled %d time(s), %d attempt(s)%n",
                    e.eventId(),
                    e.event().type(),
                    e.state(),
                    handled.getOrDefault(e.eventId(), new AtomicInteger()).get(),
                    e.attempts()));
    out.println(
        "  "
            + tamperedId
            + " (tampered): "
            + (events.containsKey(tamperedId) ? "STORED" : "refused, never stored"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    handled.forEach((id, n) -> counts.put(id, n.get()));
    boolean once =
        events.values().stream()
            .allMatch(e -> e.state() == InboxState.HANDLED && counts.get(e.eventId()) == 1);
    out.println();
    out.println(
        once
            ? "Every accepted event was handled exactly once."
            : "SOME EVENT WAS NOT HANDLED EXACTLY ONCE: " + counts);
    return new Result(answers, counts, events, tamperedId);
  }

  private void show(Map<String, Integer> answers, String what, Instance to, Delivery delivery) {
    WebhookDeliveries.Attempt attempt = delivery.lastAttempt();
    int status = attempt.status().orElse(-1);
    answers.put(what, status);
    out.printf("  %-46s -> %s: %d %s%n", what, to.name(), status, firstLine(attempt.answer()));
  }

  private static String firstLine(String answer) {
    int end = answer.indexOf(':', answer.indexOf(':') + 1);
    return end > 0 && answer.startsWith("refused") ? answer.substring(0, end) : answer;
  }

  private static WebhookRequest paymentSucceeded(StripeSimulator stripe, String paymentIntent) {
    return stripe.webhookEvent(
        "payment_intent.succeeded",
        Map.of("id", paymentIntent, "object", "payment_intent", "status", "succeeded"));
  }

  /** A SendGrid Event Webhook batch about one message: a JSON array, one event per type. */
  private static String emailBatch(SendGridSimulator sendgrid, String... types) {
    StringBuilder body = new StringBuilder("[");
    long now = Clock.systemUTC().instant().getEpochSecond();
    for (int i = 0; i < types.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"email\":\"buyer@example.com\",\"timestamp\":")
          .append(now)
          .append(",\"event\":\"")
          .append(types[i])
          .append("\",\"sg_event_id\":\"sg-order-301-")
          .append(types[i])
          .append("\",\"sg_message_id\":\"msg-301.filter0001\"}");
    }
    return body.append("]\r\n").toString();
  }

  /** Waits (up to 30 s) until neither inbox has an event queued, waiting or running. */
  private static void awaitQuiet(WebhookInbox a, WebhookInbox b) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (open(a) > 0 && System.nanoTime() < until) {
      a.wakeUp();
      b.wakeUp();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long open(WebhookInbox inbox) {
    Map<InboxState, Long> depth = inbox.depth();
    return depth.get(InboxState.QUEUED)
        + depth.get(InboxState.WAITING)
        + depth.get(InboxState.RUNNING);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("switchboard-webhooks");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory; the OS cleans it up eventually.
    }
  }
}
