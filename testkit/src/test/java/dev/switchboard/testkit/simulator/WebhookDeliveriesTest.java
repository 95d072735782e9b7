package dev.switchboard.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.WebhookDeliveries.Attempt;
import dev.switchboard.testkit.simulator.WebhookDeliveries.Delivery;
import dev.switchboard.testkit.simulator.WebhookDeliveries.Outcome;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery over HTTP with each vendor's redelivery, against a MockWebServer receiver. */
class WebhookDeliveriesTest {
  private final TestClock clock = TestClock.start();
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final MockWebServer receiver = new MockWebServer();
  private final MockWebServer secondInstance = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    receiver.start();
    secondInstance.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
    secondInstance.close();
  }

  private URI endpoint() {
    return receiver.url("/webhooks").uri();
  }

  private static MockResponse answer(int code) {
    return new MockResponse.Builder().code(code).body("answer " + code).build();
  }

  private WebhookRequest stripeEvent() {
    return stripe.webhookEvent(
        "payment_intent.succeeded", Map.of("id", "pi_1", "object", "payment_intent"));
  }

  private static String header(RecordedRequest request, String name) {
    return request.getHeaders().get(name);
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  private static long stripeTimestamp(String signature) {
    return Long.parseLong(signature.substring(2, signature.indexOf(',')));
  }

  @Test
  void endsTheDeliveryAfterOneAttemptWhenTheReceiverAnswers200() throws InterruptedException {
    receiver.enqueue(answer(200));
    WebhookRequest event = stripeEvent();

    Delivery delivery = stripe.deliveries(endpoint()).send(event);

    assertThat(delivery.state()).isEqualTo(Delivery.State.DELIVERED);
    assertThat(delivery.nextAttemptAt()).isEmpty();
    Attempt attempt = delivery.lastAttempt();
    assertThat(delivery.attempts()).containsExactly(attempt);
    assertThat(attempt.status()).hasValue(200);
    assertThat(attempt.answer()).isEqualTo("answer 200");
    assertThat(attempt.at()).isEqualTo(clock.instant());
    RecordedRequest received = receiver.takeRequest();
    assertThat(received.getMethod()).isEqualTo("POST");
    assertThat(received.getUrl().encodedPath()).isEqualTo("/webhooks");
    assertThat(body(received)).isEqualTo(event.bodyAsString());
    assertThat(header(received, "Stripe-Signature"))
        .isEqualTo(event.header("Stripe-Signature").get());
    assertThat(header(received, "Content-Type")).startsWith("application/json");
    assertThat(header(received, "User-Agent")).isEqualTo(StripeSimulator.WEBHOOK_USER_AGENT);
    assertThat(receiver.getRequestCount()).isOne();
  }

  @Test
  void redeliversA500AtTheFirstWaitReSignedWithAFreshTimestamp() throws InterruptedException {
    receiver.enqueue(answer(500));
    receiver.enqueue(answer(200));
    WebhookDeliveries deliveries = stripe.deliveries(endpoint());
    Instant first = clock.instant();

    Delivery delivery = deliveries.send(stripeEvent());

    assertThat(delivery.state()).isEqualTo(Delivery.State.PENDING);
    assertThat(delivery.lastAttempt().status()).hasValue(500);
    assertThat(delivery.nextAttemptAt()).hasValue(first.plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(4));
    assertThat(deliveries.redeliverDue()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    List<Attempt> made = deliveries.redeliverDue();

    assertThat(made).hasSize(1);
    assertThat(made.get(0).number()).isEqualTo(2);
    assertThat(delivery.state()).isEqualTo(Delivery.State.DELIVERED);
    RecordedRequest one = receiver.takeRequest();
    RecordedRequest two = receiver.takeRequest();
    assertThat(body(two)).isEqualTo(body(one));
    String signature = header(two, "Stripe-Signature");
    assertThat(stripeTimestamp(signature) - stripeTimestamp(header(one, "Stripe-Signature")))
        .isEqualTo(300);
    assertThat(signature)
        .isEqualTo(
            StripeSimulator.signatureHeader(
                stripe.webhookSecret(), clock.instant().getEpochSecond(), body(two)));
  }

  @Test
  void countsAReceiverThatDoesNotAnswerInTimeAsFailedAndRedelivers() {
    receiver.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    receiver.enqueue(answer(200));
    WebhookDeliveries deliveries =
        stripe.deliveries(endpoint()).newBuilder().timeout(Duration.ofMillis(200)).build();

    Delivery delivery = deliveries.send(stripeEvent());

    assertThat(delivery.lastAttempt().outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(delivery.lastAttempt().status()).isEmpty();
    assertThat(delivery.state()).isEqualTo(Delivery.State.PENDING);
    clock.set(delivery.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();
    assertThat(delivery.state()).isEqualTo(Delivery.State.DELIVERED);
    assertThat(delivery.attempts()).hasSize(2);
  }

  @Test
  void redeliversWhenTheConnectionIsRefused() {
    URI nobody = secondInstance.url("/webhooks").uri();
    secondInstance.close();
    WebhookDeliveries deliveries = stripe.deliveries(nobody);

    Delivery delivery = deliveries.send(stripeEvent());

    assertThat(delivery.lastAttempt().outcome()).isEqualTo(Outcome.CONNECTION_REFUSED);
    assertThat(delivery.state()).isEqualTo(Delivery.State.PENDING);
    clock.set(deliveries.nextAttemptAt().orElseThrow());
    assertThat(deliveries.redeliverDue())
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.CONNECTION_REFUSED));
    assertThat(delivery.attempts()).hasSize(2);
  }

  @Test
  void givesUpWhenTheScheduleIsExhausted() {
    for (int i = 0; i < 3; i++) {
      receiver.enqueue(answer(503));
    }
    WebhookDeliveries deliveries =
        WebhookDeliveries.builder()
            .endpoint(endpoint())
            .clock(clock)
            .schedule(RedeliverySchedule.of(Duration.ofMinutes(1), Duration.ofMinutes(2)))
            .build();

    Delivery delivery = deliveries.send(WebhookRequest.builder().body("{}").build());
    while (deliveries.nextAttemptAt().isPresent()) {
      clock.set(deliveries.nextAttemptAt().get());
      deliveries.redeliverDue();
    }

    assertThat(delivery.state()).isEqualTo(Delivery.State.GIVEN_UP);
    assertThat(delivery.attempts())
        .extracting(Attempt::at)
        .containsExactly(
            TestClock.DEFAULT_START,
            TestClock.DEFAULT_START.plus(Duration.ofMinutes(1)),
            TestClock.DEFAULT_START.plus(Duration.ofMinutes(3)));
    assertThat(deliveries.pending()).isEmpty();
    clock.advance(Duration.ofDays(30));
    assertThat(deliveries.redeliverDue()).isEmpty();
    assertThat(receiver.getRequestCount()).isEqualTo(3);
  }

  @Test
  void mailgunTakesA406AsARejectionAndStops() throws InterruptedException {
    receiver.enqueue(answer(406));
    MailgunSimulator mailgun = new MailgunSimulator(clock);

    Delivery delivery =
        mailgun.deliveries(endpoint()).send(mailgun.signedWebhook("{\"event\":\"opened\"}"));

    assertThat(delivery.state()).isEqualTo(Delivery.State.GIVEN_UP);
    assertThat(delivery.attempts()).hasSize(1);
    RecordedRequest received = receiver.takeRequest();
    assertThat(header(received, "Content-Type")).isEqualTo("application/json");
    assertThat(header(received, "User-Agent")).isEqualTo(MailgunSimulator.WEBHOOK_USER_AGENT);
  }

  @Test
  void mailgunReSignsEachAttemptWithAFreshTokenAndTheSameEventData() throws InterruptedException {
    receiver.enqueue(answer(500));
    receiver.enqueue(answer(200));
    MailgunSimulator mailgun = new MailgunSimulator(clock);
    WebhookDeliveries deliveries = mailgun.deliveries(endpoint());

    deliveries.send(mailgun.signedWebhook("{\"event\":\"opened\",\"id\":\"ev1\"}"));
    clock.set(deliveries.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();

    String one = body(receiver.takeRequest());
    String two = body(receiver.takeRequest());
    String eventData = ", \"event-data\": {\"event\":\"opened\",\"id\":\"ev1\"}}";
    assertThat(one).endsWith(eventData);
    assertThat(two).endsWith(eventData).isNotEqualTo(one);
    assertThat(two).contains("\"timestamp\":\"" + clock.instant().getEpochSecond() + "\"");
  }

  @Test
  void sendgridReSignsEachAttemptWithAFreshTimestampHeader() throws InterruptedException {
    receiver.enqueue(answer(502));
    receiver.enqueue(answer(202));
    SendGridSimulator sendgrid = new SendGridSimulator(clock);
    WebhookDeliveries deliveries = sendgrid.deliveries(endpoint());

    Delivery delivery = deliveries.send(sendgrid.signedWebhook("[{\"event\":\"delivered\"}]\r\n"));
    clock.set(delivery.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();

    assertThat(delivery.state()).isEqualTo(Delivery.State.DELIVERED);
    RecordedRequest one = receiver.takeRequest();
    RecordedRequest two = receiver.takeRequest();
    assertThat(body(two)).isEqualTo(body(one));
    assertThat(header(two, "X-Twilio-Email-Event-Webhook-Timestamp"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(header(two, "X-Twilio-Email-Event-Webhook-Signature"))
        .isNotEqualTo(header(one, "X-Twilio-Email-Event-Webhook-Signature"));
    assertThat(header(two, "User-Agent")).isEqualTo("SendGrid Event API");
  }

  @Test
  void paypalSendsEachAttemptAsANewTransmissionOfTheSameEvent() throws InterruptedException {
    receiver.enqueue(answer(404));
    receiver.enqueue(answer(200));
    PayPalWebhookSigner signer = PayPalWebhookSigner.builder().clock(clock).build();
    WebhookDeliveries deliveries = signer.deliveries(endpoint());

    Delivery delivery =
        deliveries.send(signer.sign("PAYMENT.CAPTURE.COMPLETED", "{\"id\":\"42311647XV020574X\"}"));
    assertThat(delivery.nextAttemptAt()).hasValue(clock.instant().plus(Duration.ofMinutes(1)));
    clock.set(delivery.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();

    RecordedRequest one = receiver.takeRequest();
    RecordedRequest two = receiver.takeRequest();
    assertThat(body(two)).isEqualTo(body(one));
    assertThat(header(two, "PAYPAL-TRANSMISSION-ID"))
        .isNotEqualTo(header(one, "PAYPAL-TRANSMISSION-ID"));
    String time = header(two, "PAYPAL-TRANSMISSION-TIME");
    assertThat(Instant.parse(time)).isEqualTo(clock.instant());
    assertThat(
            signer.verifies(
                header(two, "PAYPAL-TRANSMISSION-ID"),
                time,
                signer.webhookId(),
                body(two).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                header(two, "PAYPAL-TRANSMISSION-SIG")))
        .isTrue();
    assertThat(header(two, "User-Agent")).isEqualTo(PayPalWebhookSigner.WEBHOOK_USER_AGENT);
  }

  @Test
  void callsASupplierOnceForEveryAttempt() {
    receiver.enqueue(answer(500));
    receiver.enqueue(answer(200));
    AtomicInteger calls = new AtomicInteger();
    WebhookDeliveries deliveries = stripe.deliveries(endpoint());

    deliveries.send(
        () -> {
          calls.incrementAndGet();
          return stripeEvent();
        });
    clock.set(deliveries.nextAttemptAt().orElseThrow());
    deliveries.redeliverDue();

    assertThat(calls).hasValue(2);
  }

  @Test
  void deliversADuplicateAsASecondDeliveryOfTheSameEventReSigned() throws InterruptedException {
    receiver.enqueue(answer(200));
    receiver.enqueue(answer(200));
    WebhookDeliveries deliveries = stripe.deliveries(endpoint());
    Delivery original = deliveries.send(stripeEvent());
    clock.advance(Duration.ofSeconds(7));

    Delivery duplicate = deliveries.duplicate(original);

    assertThat(deliveries.deliveries()).containsExactly(original, duplicate);
    assertThat(duplicate.state()).isEqualTo(Delivery.State.DELIVERED);
    RecordedRequest one = receiver.takeRequest();
    RecordedRequest two = receiver.takeRequest();
    assertThat(body(two)).isEqualTo(body(one));
    assertThat(stripeTimestamp(header(two, "Stripe-Signature")))
        .isEqualTo(stripeTimestamp(header(one, "Stripe-Signature")) + 7);
  }

  @Test
  void replaysTheExactBytesOfAnAttemptToASecondInstance() throws InterruptedException {
    receiver.enqueue(answer(200));
    secondInstance.enqueue(answer(200));
    WebhookDeliveries deliveries = stripe.deliveries(endpoint());
    Delivery delivery = deliveries.send(stripeEvent());
    clock.advance(Duration.ofMinutes(1));

    Delivery replay =
        deliveries.replay(delivery.lastAttempt(), secondInstance.url("/webhooks").uri());

    assertThat(replay.lastAttempt().endpoint().getPort()).isEqualTo(secondInstance.getPort());
    RecordedRequest original = receiver.takeRequest();
    RecordedRequest replayed = secondInstance.takeRequest();
    assertThat(body(replayed)).isEqualTo(body(original));
    assertThat(header(replayed, "Stripe-Signature"))
        .isEqualTo(header(original, "Stripe-Signature"));
  }

  @Test
  void tampersWithTheBodyAfterSigningAndKeepsTheHeaders() {
    WebhookRequest event = stripeEvent();

    WebhookRequest tampered = WebhookDeliveries.tampered(event);

    assertThat(tampered.headers()).isEqualTo(event.headers());
    assertThat(tampered.bodyAsString())
        .startsWith("{\"tampered\":true,")
        .isNotEqualTo(event.bodyAsString());
    long t = stripeTimestamp(event.header("Stripe-Signature").get());
    assertThat(StripeSimulator.signatureHeader(stripe.webhookSecret(), t, tampered.bodyAsString()))
        .isNotEqualTo(event.header("Stripe-Signature").get());
    assertThat(
            WebhookDeliveries.tampered(WebhookRequest.builder().body("{ }").build()).bodyAsString())
        .isEqualTo("{\"tampered\":true }");
  }

  @Test
  void addsJsonContentTypeAndTheDefaultUserAgentWhenTheDeliveryHasNone()
      throws InterruptedException {
    receiver.enqueue(answer(200));

    WebhookDeliveries.builder()
        .endpoint(endpoint())
        .clock(clock)
        .build()
        .send(WebhookRequest.builder().header("X-Signature", "s").body("{\"a\":1}").build());

    RecordedRequest received = receiver.takeRequest();
    assertThat(header(received, "Content-Type")).isEqualTo("application/json");
    assertThat(header(received, "User-Agent")).isEqualTo(WebhookDeliveries.DEFAULT_USER_AGENT);
    assertThat(header(received, "X-Signature")).isEqualTo("s");
  }

  @Test
  void eachVendorScheduleHasItsDocumentedAttemptsWithinItsDocumentedSpan() {
    assertThat(RedeliverySchedule.stripe().attempts()).isEqualTo(11);
    assertThat(RedeliverySchedule.stripe().span())
        .isEqualTo(Duration.ofHours(66).plusMinutes(35))
        .isLessThanOrEqualTo(Duration.ofDays(3));
    assertThat(RedeliverySchedule.stripeSandbox().attempts()).isEqualTo(4);
    assertThat(RedeliverySchedule.sendgrid().attempts()).isEqualTo(9);
    assertThat(RedeliverySchedule.sendgrid().span())
        .isEqualTo(Duration.ofHours(21).plusMinutes(15))
        .isLessThanOrEqualTo(Duration.ofHours(24));
    assertThat(RedeliverySchedule.mailgun().waits())
        .containsExactly(
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4));
    assertThat(RedeliverySchedule.mailgun().span()).isLessThanOrEqualTo(Duration.ofHours(8));
    assertThat(RedeliverySchedule.mailgun().isFinal(406)).isTrue();
    assertThat(RedeliverySchedule.paypal().attempts()).isEqualTo(26);
    assertThat(RedeliverySchedule.paypal().span())
        .isEqualTo(Duration.ofHours(55).plusMinutes(15))
        .isLessThanOrEqualTo(Duration.ofDays(3));
    assertThat(RedeliverySchedule.none().attempts()).isOne();
  }
}
