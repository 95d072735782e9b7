package dev.switchboard.webhooks.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.sendgrid.SendGridWebhookVerifier;
import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.testkit.simulator.WebhookDeliveries;
import dev.switchboard.testkit.simulator.WebhookDeliveries.Delivery;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.inbox.InboxState;
import dev.switchboard.webhooks.inbox.WebhookInbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox behind a real HTTP server, fed by the simulators' deliveries with each vendor's
 * redelivery schedule: what a vendor sees, and what the application's handlers see.
 */
abstract class WebhookEndpointContract {
  /** Serves {@code endpoint} on a loopback port; returns the server's base URI. */
  abstract URI serve(WebhookEndpoint endpoint) throws Exception;

  /** Stops every server {@link #serve} started. */
  abstract void stopServers() throws Exception;

  @TempDir Path dir;

  final ShiftedClock clock = new ShiftedClock();
  final TestClock vendorClock = TestClock.start();
  final StripeSimulator stripe = new StripeSimulator(vendorClock);
  final SendGridSimulator sendgrid = new SendGridSimulator(vendorClock);
  final ReplayGuard guard = ReplayGuard.inMemory(Duration.ofDays(7), clock);
  final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
  final List<WebhookInbox> inboxes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    stopServers();
    inboxes.forEach(WebhookInbox::close);
  }

  WebhookInbox inbox(String url) {
    WebhookInbox inbox =
        WebhookInbox.builder()
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
            .url(url)
            .replayGuard(guard)
            .clock(clock)
            .random(new Random(3))
            .pollingInterval(Duration.ofMillis(100))
            .heartbeatInterval(Duration.ofMillis(200))
            .shutdownMaxWait(Duration.ofSeconds(2))
            .on(WebhookEventTypes.PAYMENT_SUCCEEDED, this::count)
            .on(WebhookEventTypes.EMAIL_DELIVERED, this::count)
            .build();
    inboxes.add(inbox);
    return inbox;
  }

  private void count(WebhookEvent event) {
    handled.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
  }

  String database(String name) {
    return "jdbc:h2:file:" + dir.resolve(name);
  }

  WebhookRequest paymentSucceeded(String paymentIntent) {
    return stripe.webhookEvent(
        "payment_intent.succeeded",
        Map.of("id", paymentIntent, "object", "payment_intent", "status", "succeeded"));
  }

  static void await(WebhookInbox inbox, String what, BooleanSupplier done) {
    Poll.until(what, inbox::wakeUp, done, inbox::depth);
  }

  int handledCount(String id) {
    AtomicInteger n = handled.get(id);
    return n == null ? 0 : n.get();
  }

  @Test
  void aSignedDeliveryIsAcknowledgedOnceAndHandledOnce() throws Exception {
    WebhookInbox inbox = inbox(database("one"));
    URI base = serve(WebhookEndpoint.create(inbox));
    WebhookDeliveries deliveries = stripe.deliveries(base.resolve("webhooks/stripe"));

    Delivery delivery = deliveries.send(paymentSucceeded("pi_http"));
    Delivery duplicate = deliveries.duplicate(delivery);

    assertThat(delivery.state()).isEqualTo(Delivery.State.DELIVERED);
    assertThat(delivery.lastAttempt().status()).hasValue(200);
    assertThat(duplicate.lastAttempt().status()).hasValue(200);
    assertThat(duplicate.lastAttempt().answer()).contains("duplicate");
    await(inbox, "handled", () -> inbox.depth().get(InboxState.HANDLED) == 1);
    assertThat(handled).hasSize(1);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void aTamperedDeliveryIsRefusedAndNeverStored() throws Exception {
    WebhookInbox inbox = inbox(database("tamper"));
    URI base = serve(WebhookEndpoint.create(inbox));
    WebhookDeliveries deliveries = stripe.deliveries(base.resolve("webhooks/stripe"));

    Delivery delivery =
        deliveries.send(WebhookDeliveries.tampered(paymentSucceeded("pi_tampered")));

    assertThat(delivery.lastAttempt().status()).hasValue(400);
    assertThat(delivery.lastAttempt().answer()).contains("SIGNATURE_MISMATCH");
    assertThat(inbox.depth().values()).allMatch(n -> n == 0);
  }

  @Test
  void aStoreThatIsDownIsAnswered503AndTheVendorsRedeliveryIsHandledOnce() throws Exception {
    WebhookInbox inbox = inbox(database("down"));
    URI base = serve(WebhookEndpoint.create(inbox));
    WebhookDeliveries deliveries = stripe.deliveries(base.resolve("webhooks/stripe"));
    WebhookRequest event = paymentSucceeded("pi_later");
    inbox.close(); // the database pool is gone: every store fails

    Delivery delivery = deliveries.send(event);
    assertThat(delivery.lastAttempt().status()).hasValue(503);
    assertThat(delivery.state()).isEqualTo(Delivery.State.PENDING);

    stopServers();
    WebhookInbox recovered = inbox(database("down"));
    URI again = serve(WebhookEndpoint.create(recovered));
    assertThat(again.getPort()).isNotEqualTo(-1);
    WebhookDeliveries redeliveries =
        deliveries.newBuilder().endpoint(again.resolve("webhooks/stripe")).build();
    Delivery second = redeliveries.send(event);

    assertThat(second.lastAttempt().status()).hasValue(200);
    await(recovered, "handled", () -> recovered.depth().get(InboxState.HANDLED) == 1);
    assertThat(handled.values()).singleElement().satisfies(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void theVendorRedeliversOnItsScheduleAfterA503() throws Exception {
    WebhookInbox inbox = inbox(database("schedule"));
    WebhookEndpoint endpoint = WebhookEndpoint.create(inbox);
    URI base = serve(endpoint);
    WebhookDeliveries deliveries = stripe.deliveries(base.resolve("webhooks/stripe"));
    WebhookRequest event = paymentSucceeded("pi_scheduled");
    String id = stripe.eventIdOf(event);
    guard.claim("stripe:" + id); // another delivery of it is mid-store elsewhere

    Delivery delivery = deliveries.send(event);
    assertThat(delivery.lastAttempt().status()).hasValue(503);
    guard.release("stripe:" + id); // that delivery failed and let go

    assertThat(deliveries.redeliverDue()).isEmpty(); // not due yet
    vendorClock.set(delivery.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();

    assertThat(delivery.attempts()).hasSize(2);
    assertThat(delivery.lastAttempt().status()).hasValue(200);
    await(inbox, "handled", () -> inbox.depth().get(InboxState.HANDLED) == 1);
    assertThat(handledCount(id)).isEqualTo(1);
  }

  @Test
  void aReplayToASecondInstanceIsAcknowledgedWithoutASecondHandlerRun() throws Exception {
    String shared = database("fleet");
    WebhookInbox first = inbox(shared);
    WebhookInbox second = inbox(shared);
    URI one = serve(WebhookEndpoint.create(first));
    URI two = serve(WebhookEndpoint.create(second));
    WebhookDeliveries deliveries = stripe.deliveries(one.resolve("webhooks/stripe"));

    Delivery delivery = deliveries.send(paymentSucceeded("pi_fleet"));
    Delivery replayed = deliveries.replay(delivery.lastAttempt(), two.resolve("webhooks/stripe"));

    assertThat(replayed.lastAttempt().status()).hasValue(200);
    await(first, "handled", () -> first.depth().get(InboxState.HANDLED) == 1);
    second.wakeUp();
    assertThat(handled.values()).singleElement().satisfies(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void aSendGridBatchReachesTheVerifierByteForByte() throws Exception {
    WebhookInbox inbox = inbox(database("batch"));
    URI base = serve(WebhookEndpoint.create(inbox));
    long now = vendorClock.instant().getEpochSecond();
    String body =
        "[{\"email\":\"zoë@example.com\",\"timestamp\":"
            + now
            + ",\"event\":\"delivered\",\"sg_event_id\":\"ev-ü-1\",\"sg_message_id\":\"m.f\"},"
            + "\n {\"email\":\"b@example.com\",\"timestamp\":"
            + now
            + ",\"event\":\"delivered\",\"sg_event_id\":\"ev-2\",\"sg_message_id\":\"m.f\"}]\r\n";

    Delivery delivery =
        sendgrid.deliveries(base.resolve("webhooks/sendgrid")).send(sendgrid.signedWebhook(body));

    assertThat(delivery.lastAttempt().status()).hasValue(200);
    await(inbox, "handled", () -> inbox.depth().get(InboxState.HANDLED) == 2);
    assertThat(handled).containsOnlyKeys("ev-ü-1", "ev-2");
  }

  @Test
  void onlyPostUnderAKnownProviderWithinTheBodyLimitIsAccepted() throws Exception {
    WebhookInbox inbox = inbox(database("limits"));
    URI base = serve(WebhookEndpoint.builder(inbox).maxBodyBytes(1024).build());
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(base.resolve("webhooks/stripe")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(base.resolve("webhooks/acme"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> large =
        http.send(
            HttpRequest.newBuilder(base.resolve("webhooks/stripe"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unsigned =
        http.send(
            HttpRequest.newBuilder(base.resolve("webhooks/stripe"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(unsigned.body()).contains("MISSING_HEADER");
    assertThat(inbox.depth().values()).allMatch(n -> n == 0);
  }
}
