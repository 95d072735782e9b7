package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The signed Event Webhook: SendGrid's own test vector, every problem, and the simulator's batches.
 */
class SendGridWebhookVerifierTest {
  // SendGrid's published vector (sendgrid-java EventWebhookTest): the payload's CRLF is signed.
  static final String VECTOR_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
  static final String VECTOR_OTHER_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==";
  static final String VECTOR_SIGNATURE =
      "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
  static final String VECTOR_TIMESTAMP = "1600112502";
  static final String VECTOR_EVENT =
      "{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\","
          + "\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\","
          + "\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\","
          + "\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\","
          + "\"timestamp\":1600112492}";
  static final String VECTOR_PAYLOAD = "[" + VECTOR_EVENT + "]\r\n";
  static final Clock VECTOR_CLOCK = Clock.fixed(Instant.ofEpochSecond(1600112502), ZoneOffset.UTC);

  final TestClock clock = TestClock.at(Instant.parse("2024-05-01T12:00:00Z"));
  final SendGridSimulator sendgrid = new SendGridSimulator("SG.fake-webhook-key", clock);

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  static WebhookRequest vectorRequest(String payload, String signature, String timestamp) {
    return WebhookRequest.builder()
        .header(SendGridWebhookVerifier.SIGNATURE_HEADER, signature)
        .header(SendGridWebhookVerifier.TIMESTAMP_HEADER, timestamp)
        .body(payload)
        .build();
  }

  static SendGridWebhookVerifier vectorVerifier(String key) {
    return SendGridWebhookVerifier.builder().publicKey(key).clock(VECTOR_CLOCK).build();
  }

  SendGridWebhookVerifier.Builder simulatorVerifier() {
    return SendGridWebhookVerifier.builder().publicKey(sendgrid.webhookPublicKey()).clock(clock);
  }

  static Problem problem(SendGridWebhookVerifier verifier, WebhookRequest request) {
    WebhookVerificationException e =
        catchThrowableOfType(WebhookVerificationException.class, () -> verifier.verify(request));
    assertThat(e).as("verification must fail").isNotNull();
    assertThat(e.provider()).contains("sendgrid");
    return e.problem();
  }

  @Test
  void verifiesSendGridsPublishedTestVector() {
    List<WebhookEvent> events =
        vectorVerifier(VECTOR_KEY)
            .verify(vectorRequest(VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP));

    assertThat(events).hasSize(1);
    WebhookEvent dropped = events.get(0);
    assertThat(dropped.id()).isEqualTo("ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA");
    assertThat(dropped.provider()).isEqualTo("sendgrid");
    assertThat(dropped.type()).isEqualTo(WebhookEventTypes.EMAIL_DROPPED);
    assertThat(dropped.vendorType()).isEqualTo("dropped");
    assertThat(dropped.occurredAt()).isEqualTo(Instant.ofEpochSecond(1600112492));
    assertThat(dropped.subject()).contains("LRzXl_NHStOGhQ4kofSm_A");
    assertThat(dropped.rawJson()).isEqualTo(VECTOR_EVENT);
  }

  @Test
  void refusesTheVectorUnderAnotherKey() {
    assertThat(
            problem(
                vectorVerifier(VECTOR_OTHER_KEY),
                vectorRequest(VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP)))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesTheVectorWithoutItsTrailingCrlf() {
    String withoutCrlf = VECTOR_PAYLOAD.substring(0, VECTOR_PAYLOAD.length() - 2);

    assertThat(
            problem(
                vectorVerifier(VECTOR_KEY),
                vectorRequest(withoutCrlf, VECTOR_SIGNATURE, VECTOR_TIMESTAMP)))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesATamperedBodyOrTimestamp() {
    SendGridWebhookVerifier verifier = vectorVerifier(VECTOR_KEY);
    String tampered = VECTOR_PAYLOAD.replace("dropped", "delivered");

    assertThat(problem(verifier, vectorRequest(tampered, VECTOR_SIGNATURE, VECTOR_TIMESTAMP)))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
    assertThat(problem(verifier, vectorRequest(VECTOR_PAYLOAD, VECTOR_SIGNATURE, "1600112501")))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesMissingHeaders() {
    SendGridWebhookVerifier verifier = vectorVerifier(VECTOR_KEY);
    WebhookRequest noSignature =
        WebhookRequest.builder()
            .header(SendGridWebhookVerifier.TIMESTAMP_HEADER, VECTOR_TIMESTAMP)
            .body(VECTOR_PAYLOAD)
            .build();
    WebhookRequest noTimestamp =
        WebhookRequest.builder()
            .header(SendGridWebhookVerifier.SIGNATURE_HEADER, VECTOR_SIGNATURE)
            .body(VECTOR_PAYLOAD)
            .build();

    assertThat(problem(verifier, noSignature)).isEqualTo(Problem.MISSING_HEADER);
    assertThat(problem(verifier, noTimestamp)).isEqualTo(Problem.MISSING_HEADER);
  }

  @Test
  void refusesMalformedHeaders() {
    SendGridWebhookVerifier verifier = vectorVerifier(VECTOR_KEY);
    String notDer = Base64.getEncoder().encodeToString("not a signature".getBytes());

    assertThat(problem(verifier, vectorRequest(VECTOR_PAYLOAD, VECTOR_SIGNATURE, "timestamp")))
        .isEqualTo(Problem.MALFORMED_HEADER);
    assertThat(problem(verifier, vectorRequest(VECTOR_PAYLOAD, "%%%", VECTOR_TIMESTAMP)))
        .isEqualTo(Problem.MALFORMED_HEADER);
    assertThat(problem(verifier, vectorRequest(VECTOR_PAYLOAD, notDer, VECTOR_TIMESTAMP)))
        .isEqualTo(Problem.MALFORMED_HEADER);
  }

  @Test
  void refusesATimestampOutsideTheToleranceEitherWay() {
    SendGridWebhookVerifier verifier = simulatorVerifier().build();
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    Instant now = clock.instant();

    assertThat(problem(verifier, sendgrid.signedWebhook(body, now.minusSeconds(301))))
        .isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(problem(verifier, sendgrid.signedWebhook(body, now.plusSeconds(301))))
        .isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(verifier.verify(sendgrid.signedWebhook(body, now.minusSeconds(300)))).isEmpty();
    assertThat(verifier.verify(sendgrid.signedWebhook(body, now.plusSeconds(300)))).isEmpty();
  }

  @Test
  void aSignedTimestampBeyondAnyClockIsOutOfToleranceNotACrash() {
    EventWebhookSigner signer = new EventWebhookSigner();
    String timestamp = "99999999999999999";
    byte[] body = VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    WebhookRequest request = vectorRequest(VECTOR_PAYLOAD, signer.sign(timestamp, body), timestamp);

    assertThat(problem(vectorVerifier(signer.publicKey()), request))
        .isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void aSignedEventTimeBeyondAnyClockIsAMalformedBodyNotACrash() {
    EventWebhookSigner signer = new EventWebhookSigner();
    String payload = VECTOR_PAYLOAD.replace("\"timestamp\":1600112492", "\"timestamp\":1e300");
    WebhookRequest request =
        vectorRequest(
            payload,
            signer.sign(VECTOR_TIMESTAMP, payload.getBytes(StandardCharsets.UTF_8)),
            VECTOR_TIMESTAMP);

    WebhookVerificationException failure =
        catchThrowableOfType(
            WebhookVerificationException.class,
            () -> vectorVerifier(signer.publicKey()).verify(request));

    assertThat(failure.problem()).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(failure.getMessage()).contains("event [0]").contains("timestamp");
  }

  @Test
  void takesAConfiguredTolerance() {
    SendGridWebhookVerifier verifier = simulatorVerifier().tolerance(Duration.ofHours(1)).build();
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.verify(sendgrid.signedWebhook(body, clock.instant().minusSeconds(3000))))
        .isEmpty();
  }

  @Test
  void refusesABodyThatIsNotABatchOfEvents() {
    SendGridWebhookVerifier verifier = simulatorVerifier().build();

    assertThat(problem(verifier, sendgrid.signedWebhook("{\"event\":\"open\"}")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problem(verifier, sendgrid.signedWebhook("[{\"event\":\"open\"")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problem(verifier, sendgrid.signedWebhook("[1]"))).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(
            problem(
                verifier,
                sendgrid.signedWebhook("[{\"event\":\"open\",\"timestamp\":1714564800}]")))
        .as("no sg_event_id")
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(
            problem(
                verifier, sendgrid.signedWebhook("[{\"event\":\"open\",\"sg_event_id\":\"e1\"}]")))
        .as("no timestamp")
        .isEqualTo(Problem.MALFORMED_BODY);
  }

  @Test
  void returnsEveryEventOfABatchWithNeutralTypesAboutTheSentMessage() {
    SendGridEmailSender sender =
        SendGridEmailSender.builder()
            .baseUrl(sendgrid.start().toString())
            .apiKey(Secret.of("SG.fake-webhook-key"))
            .clock(clock)
            .build();
    SendResult sent =
        sender.send(
            EmailMessage.builder()
                .from("shop@example.com")
                .to("ann@example.com")
                .subject("Hi")
                .text("Hi")
                .metadata("orderId", "42")
                .build());
    WebhookRequest batch =
        sendgrid.webhookFor(
            sent.messageId(),
            "processed",
            "delivered",
            "bounce",
            "deferred",
            "dropped",
            "open",
            "click",
            "spamreport",
            "unsubscribe",
            "group_unsubscribe",
            "group_resubscribe");

    List<WebhookEvent> events = simulatorVerifier().build().verify(batch);

    assertThat(events)
        .extracting(WebhookEvent::type)
        .containsExactly(
            WebhookEventTypes.UNKNOWN,
            WebhookEventTypes.EMAIL_DELIVERED,
            WebhookEventTypes.EMAIL_BOUNCED,
            WebhookEventTypes.EMAIL_DEFERRED,
            WebhookEventTypes.EMAIL_DROPPED,
            WebhookEventTypes.EMAIL_OPENED,
            WebhookEventTypes.EMAIL_CLICKED,
            WebhookEventTypes.EMAIL_COMPLAINED,
            WebhookEventTypes.EMAIL_UNSUBSCRIBED,
            WebhookEventTypes.EMAIL_UNSUBSCRIBED,
            WebhookEventTypes.UNKNOWN);
    assertThat(events).allSatisfy(e -> assertThat(e.subject()).contains(sent.messageId()));
    assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    assertThat(events).allSatisfy(e -> assertThat(e.occurredAt()).isEqualTo(clock.instant()));
    assertThat(events.get(2).rawJson()).contains("\"orderId\":\"42\"").contains("\"bounce\"");
  }

  @Test
  void refusesARepeatedDeliveryWithAReplayGuard() {
    SendGridWebhookVerifier verifier =
        simulatorVerifier()
            .replayGuard(ReplayGuard.inMemory(Duration.ofMinutes(10), clock))
            .build();
    WebhookRequest delivery =
        sendgrid.signedWebhook(
            "[{\"event\":\"open\",\"sg_event_id\":\"e-1\",\"timestamp\":1714564800}]");

    assertThat(verifier.verify(delivery)).hasSize(1);
    assertThat(problem(verifier, delivery)).isEqualTo(Problem.REPLAYED);
  }

  @Test
  void acceptsAPemWrappedKey() {
    String pem = "-----BEGIN PUBLIC KEY-----\n" + VECTOR_KEY + "\n-----END PUBLIC KEY-----\n";

    assertThat(
            vectorVerifier(pem)
                .verify(vectorRequest(VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP)))
        .hasSize(1);
  }

  @Test
  void refusesAKeyThatIsNotP256() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String rsaKey =
        Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());

    assertThatThrownBy(() -> SendGridWebhookVerifier.builder().publicKey(rsaKey))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("public-key"));
    assertThatThrownBy(() -> SendGridWebhookVerifier.builder().publicKey("not base64!"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("public-key"));
    assertThatThrownBy(() -> SendGridWebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("public-key must be set");
  }
}
