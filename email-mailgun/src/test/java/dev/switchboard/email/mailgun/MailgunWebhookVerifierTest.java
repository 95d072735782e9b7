package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Mailgun's body-signed webhooks: what is accepted, and each way a delivery is refused. */
class MailgunWebhookVerifierTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String EVENT =
      "{\"id\": \"evt-1\", \"event\": \"delivered\", \"timestamp\": 1714564800.25,"
          + " \"message\": {\"headers\": {\"message-id\": \"20240501.1@mg.example.com\"}}}";

  private final TestClock clock = TestClock.at(NOW);
  private final MailgunSimulator simulator = new MailgunSimulator(clock);
  private final MailgunWebhookVerifier verifier =
      MailgunWebhookVerifier.builder()
          .signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY)
          .clock(clock)
          .build();

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static String sign(String key, String timestamp, String token) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of()
        .formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
  }

  private static WebhookRequest body(String json) {
    return WebhookRequest.builder().body(json).build();
  }

  private Problem problemOf(WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      assertThat(e.provider()).contains("mailgun");
      assertThat(e.getMessage()).doesNotContain(MailgunSimulator.DEFAULT_SIGNING_KEY);
      return e.problem();
    }
    throw new AssertionError("accepted " + request);
  }

  @Test
  void acceptsADeliveryAboutASentMessageAndNamesThatMessage() {
    MailgunEmailSender sender =
        MailgunEmailSender.builder()
            .baseUrl(simulator.start().toString())
            .apiKey(MailgunSimulator.DEFAULT_API_KEY)
            .domain(MailgunSimulator.DEFAULT_DOMAIN)
            .clock(clock)
            .build();
    SendResult sent =
        sender.send(
            EmailMessage.builder()
                .from("shop@mg.example.com")
                .to("ann@example.com")
                .subject("Hi")
                .text("Hi")
                .build());
    clock.advance(Duration.ofMillis(1500));

    List<WebhookEvent> events =
        verifier.verify(simulator.webhook(simulator.messages().get(0), "delivered"));

    assertThat(events).hasSize(1);
    WebhookEvent event = events.get(0);
    assertThat(event.provider()).isEqualTo("mailgun");
    assertThat(event.type()).isEqualTo(WebhookEventTypes.EMAIL_DELIVERED);
    assertThat(event.vendorType()).isEqualTo("delivered");
    assertThat(event.subjectId()).isEqualTo(sent.messageId());
    assertThat(event.occurredAt()).isEqualTo(NOW.plusMillis(1500));
    assertThat(event.id()).isNotBlank();
    assertThat(event.rawJson()).startsWith("{").contains("\"event\":\"delivered\"");
  }

  @ParameterizedTest
  @CsvSource({
    "delivered,,email.delivered",
    "failed,permanent,email.bounced",
    "failed,temporary,email.deferred",
    "failed,,unknown",
    "rejected,,email.dropped",
    "opened,,email.opened",
    "clicked,,email.clicked",
    "complained,,email.complained",
    "unsubscribed,,email.unsubscribed",
    "accepted,,unknown",
    "list_member_uploaded,,unknown"
  })
  void mapsMailgunsEventsToNeutralTypes(String event, String severity, String type) {
    String data =
        "{\"id\": \"e\", \"event\": \""
            + event
            + "\""
            + (severity == null ? "" : ", \"severity\": \"" + severity + "\"")
            + ", \"timestamp\": 1714564800}";

    WebhookEvent got = verifier.verify(simulator.signedWebhook(data)).get(0);

    assertThat(got.type()).isEqualTo(type);
    assertThat(got.vendorType()).isEqualTo(event);
  }

  @Test
  void readsTheEventTimeExactlyAndKeepsTheRawEventData() {
    WebhookEvent got = verifier.verify(simulator.signedWebhook(EVENT)).get(0);

    assertThat(got.id()).isEqualTo("evt-1");
    assertThat(got.occurredAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00.250Z"));
    assertThat(got.subjectId()).isEqualTo("20240501.1@mg.example.com");
    assertThat(got.rawJson()).isEqualTo(EVENT);
  }

  @Test
  void acceptsATimestampSentAsAJsonNumber() throws Exception {
    String timestamp = Long.toString(NOW.getEpochSecond());
    String json =
        "{\"signature\": {\"timestamp\": "
            + timestamp
            + ", \"token\": \"tok-number\", \"signature\": \""
            + sign(MailgunSimulator.DEFAULT_SIGNING_KEY, timestamp, "tok-number")
            + "\"}, \"event-data\": "
            + EVENT
            + "}";

    assertThat(verifier.verify(body(json))).hasSize(1);
  }

  @Test
  void acceptsASubaccountDeliveryByItsParentSignature() throws Exception {
    String timestamp = Long.toString(NOW.getEpochSecond());
    String json =
        "{\"signature\": {\"timestamp\": \""
            + timestamp
            + "\", \"token\": \"tok-sub\", \"signature\": \""
            + sign("key-fake-subaccount", timestamp, "tok-sub")
            + "\", \"parent-signature\": \""
            + sign(MailgunSimulator.DEFAULT_SIGNING_KEY, timestamp, "tok-sub")
            + "\"}, \"event-data\": "
            + EVENT
            + "}";

    assertThat(verifier.verify(body(json))).hasSize(1);
  }

  @Test
  void refusesABodyThatIsNotAJsonObject() {
    assertThat(problemOf(body("not json"))).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problemOf(body("[]"))).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problemOf(body(""))).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problemOf(body("{\"signature\": {} } trailing"))).isEqualTo(Problem.MALFORMED_BODY);
  }

  @Test
  void refusesABodyWithoutItsSignatureOrAPartOfIt() {
    assertThat(problemOf(body("{\"event-data\": " + EVENT + "}")))
        .isEqualTo(Problem.MISSING_HEADER);
    assertThat(
            problemOf(
                body(
                    "{\"signature\": {\"timestamp\": \"1714564800\", \"signature\": \""
                        + "a".repeat(64)
                        + "\"}, \"event-data\": "
                        + EVENT
                        + "}")))
        .isEqualTo(Problem.MISSING_HEADER);
    assertThat(
            problemOf(
                body(
                    "{\"signature\": {\"timestamp\": null, \"token\": \"t\", \"signature\": \""
                        + "a".repeat(64)
                        + "\"}}")))
        .isEqualTo(Problem.MISSING_HEADER);
  }

  @Test
  void refusesAMalformedTimestampOrSignature() {
    String event = ", \"event-data\": " + EVENT + "}";
    assertThat(
            problemOf(
                body(
                    "{\"signature\": {\"timestamp\": \"yesterday\", \"token\": \"t\","
                        + " \"signature\": \""
                        + "a".repeat(64)
                        + "\"}"
                        + event)))
        .isEqualTo(Problem.MALFORMED_HEADER);
    assertThat(
            problemOf(
                body(
                    "{\"signature\": {\"timestamp\": \"1714564800\", \"token\": \"t\","
                        + " \"signature\": \"not-hex\"}"
                        + event)))
        .isEqualTo(Problem.MALFORMED_HEADER);
  }

  @Test
  void refusesADeliverySignedWithAnotherKeyOrTamperedWith() {
    simulator.signingKey("key-fake-someone-else");
    assertThat(problemOf(simulator.signedWebhook(EVENT))).isEqualTo(Problem.SIGNATURE_MISMATCH);

    simulator.signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY);
    String tampered =
        simulator.signedWebhook(EVENT).bodyAsString().replace("\"token\":\"", "\"token\":\"x");
    assertThat(problemOf(body(tampered))).isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesTimestampsBeyondTheToleranceInEitherDirection() {
    Duration tolerance = MailgunWebhookVerifier.DEFAULT_TOLERANCE;
    WebhookRequest stale =
        simulator.signedWebhook(EVENT, NOW.minus(tolerance).minusSeconds(1), "t1");
    WebhookRequest early = simulator.signedWebhook(EVENT, NOW.plus(tolerance).plusSeconds(1), "t2");
    WebhookRequest oldButIn = simulator.signedWebhook(EVENT, NOW.minus(tolerance), "t3");
    WebhookRequest earlyButIn = simulator.signedWebhook(EVENT, NOW.plus(tolerance), "t4");

    assertThat(problemOf(stale)).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(problemOf(early)).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(verifier.verify(oldButIn)).hasSize(1);
    assertThat(verifier.verify(earlyButIn)).hasSize(1);
  }

  @Test
  void theToleranceIsConfigurable() {
    MailgunWebhookVerifier strict =
        MailgunWebhookVerifier.builder()
            .signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY)
            .clock(clock)
            .tolerance(Duration.ofSeconds(30))
            .build();

    assertThatThrownBy(
            () -> strict.verify(simulator.signedWebhook(EVENT, NOW.minusSeconds(31), "t")))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE));
  }

  @Test
  void refusesAReusedTokenForAsLongAsItsTimestampCouldStillPass() {
    Duration tolerance = MailgunWebhookVerifier.DEFAULT_TOLERANCE;
    WebhookRequest early = simulator.signedWebhook(EVENT, NOW.plus(tolerance), "tok-early");
    assertThat(verifier.verify(early)).hasSize(1);

    assertThat(problemOf(early)).isEqualTo(Problem.REPLAYED);
    clock.advance(tolerance.multipliedBy(2).minusSeconds(1));
    assertThat(problemOf(early)).as("still within the tolerance").isEqualTo(Problem.REPLAYED);
    clock.advance(Duration.ofSeconds(2));
    assertThat(problemOf(early)).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void aRefusedDeliveryDoesNotUseUpItsToken() {
    WebhookRequest broken = simulator.signedWebhook("{\"event\": \"delivered\"}", NOW, "tok-1");
    WebhookRequest fixed = simulator.signedWebhook(EVENT, NOW, "tok-1");

    assertThat(problemOf(broken)).isEqualTo(Problem.MALFORMED_BODY);
    assertThat(verifier.verify(fixed)).hasSize(1);
  }

  @Test
  void refusesASignedBodyWithoutReadableEventData() {
    assertThat(problemOf(simulator.signedWebhook("\"not an object\"")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problemOf(simulator.signedWebhook("{\"id\": \"e\", \"event\": \"delivered\"}")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(problemOf(simulator.signedWebhook("{\"event\": \"delivered\", \"timestamp\": 1}")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(
            problemOf(
                simulator.signedWebhook(
                    "{\"id\": \"e\", \"event\": \"delivered\", \"timestamp\": \"soon\"}")))
        .isEqualTo(Problem.MALFORMED_BODY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e300",
        "-1e300",
        "99999999999999999",
        "1e100000000",
        "-1e100000000",
        "1e999999999"
      })
  void aSignedEventTimeBeyondAnyClockIsAMalformedBodyAtOnce(String time) {
    WebhookRequest delivery = simulator.signedWebhook(EVENT.replace("1714564800.25", time));

    Problem problem = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problemOf(delivery));

    assertThat(problem).isEqualTo(Problem.MALFORMED_BODY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e-100000000", "1e-999999999"})
  void aSignedEventTimeFinerThanANanosecondIsReadAtOnce(String time) {
    WebhookRequest delivery = simulator.signedWebhook(EVENT.replace("1714564800.25", time));

    List<WebhookEvent> events =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> verifier.verify(delivery));

    assertThat(events.get(0).occurredAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void usesAPluggableReplayGuardForSharedStores() {
    StateStore store = StateStore.inMemory(clock, Duration.ofDays(7), Duration.ofDays(7));
    MailgunWebhookVerifier.Builder sharing =
        MailgunWebhookVerifier.builder()
            .signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY)
            .clock(clock)
            .replayGuard(store.replayGuard("mailgun"));
    MailgunWebhookVerifier one = sharing.build();
    MailgunWebhookVerifier two = sharing.build();

    one.verify(simulator.signedWebhook(EVENT, NOW, "tok-shared"));

    assertThatThrownBy(() -> two.verify(simulator.signedWebhook(EVENT, NOW, "tok-shared")))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.REPLAYED));
  }

  @Test
  void refusesANullRequestAndAMissingKeyAsBugs() {
    assertThatThrownBy(() -> verifier.verify(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request == null");
    assertThatThrownBy(() -> MailgunWebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("signing-key must be set");
  }

  @Test
  void neverPrintsTheSigningKey() {
    assertThat(verifier.toString()).doesNotContain(MailgunSimulator.DEFAULT_SIGNING_KEY);
  }
}
