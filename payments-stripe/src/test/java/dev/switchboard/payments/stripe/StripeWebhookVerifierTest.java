package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StripeWebhookVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String BODY =
      "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1700000000,"
          + "\"type\":\"payment_intent.succeeded\","
          + "\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\"}}}";

  private final TestClock clock = TestClock.at(NOW);
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final StripeWebhookVerifier verifier =
      StripeWebhookVerifier.builder()
          .secret(StripeSimulator.TEST_WEBHOOK_SECRET)
          .clock(clock)
          .build();

  @BeforeEach
  void start() {
    stripe.start();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private static WebhookRequest delivery(String signature, String body) {
    return WebhookRequest.builder().header("Stripe-Signature", signature).body(body).build();
  }

  private Payment paid() {
    return StripePaymentGateway.builder()
        .baseUrl(stripe.baseUrl().toString())
        .apiKey(StripeSimulator.TEST_API_KEY)
        .build()
        .charge(
            ChargeRequest.builder()
                .amount(Money.of("10.00", "EUR"))
                .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
                .build());
  }

  @Test
  void verifiesAnIndependentlyComputedSignature() {
    clock.set(Instant.ofEpochSecond(1_700_000_000L));
    StripeWebhookVerifier fixed =
        StripeWebhookVerifier.builder().secret("whsec_fake_vector").clock(clock).build();
    String signature =
        "t=1700000000,v1=60bb45cfb056edf6146483e478d200d45949d4ecb1312593442fa645c3f94420";

    WebhookEvent event = fixed.verify(delivery(signature, BODY)).get(0);

    assertThat(event.id()).isEqualTo("evt_1");
    assertThat(event.provider()).isEqualTo("stripe");
    assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
    assertThat(event.vendorType()).isEqualTo("payment_intent.succeeded");
    assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(event.subject()).contains("pi_1");
    assertThat(event.rawJson()).isEqualTo(BODY);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "payment_intent.succeeded, payment.succeeded",
    "payment_intent.payment_failed, payment.failed",
    "payment_intent.amount_capturable_updated, payment.authorized",
    "payment_intent.requires_action, payment.requires_action",
    "payment_intent.canceled, payment.canceled",
    "charge.refunded, payment.refunded",
    "charge.dispute.created, payment.disputed",
    "payment_intent.created, unknown",
    "customer.created, unknown"
  })
  void mapsEventTypesAndKeepsTheVendorTypeThePaymentIntentAndTheRawJson(
      String vendorType, String neutralType) {
    Payment payment = paid();
    WebhookRequest delivery = stripe.webhookEventFor(vendorType, payment.id().value());

    WebhookEvent event = verifier.verify(delivery).get(0);

    assertThat(event.type()).isEqualTo(neutralType);
    assertThat(event.vendorType()).isEqualTo(vendorType);
    assertThat(event.subject()).contains(payment.id().value());
    assertThat(event.rawJson()).isEqualTo(delivery.bodyAsString());
    assertThat(event.id()).startsWith("evt_");
    assertThat(event.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void acceptsAnyOfSeveralV1SignaturesDuringASecretRoll() {
    WebhookRequest signed = stripe.webhookEvent("customer.created", Map.of("id", "cus_1"));
    String header = signed.header("Stripe-Signature").orElseThrow();
    String rolled = header.replace(",v1=", ",v1=" + "ab".repeat(32) + ",v0=00,v1=");

    WebhookEvent event = verifier.verify(delivery(rolled, signed.bodyAsString())).get(0);

    assertThat(event.subject()).contains("cus_1");
    assertThat(event.isKnownType()).isFalse();
  }

  @Test
  void acceptsAnyOfSeveralConfiguredSecrets() {
    stripe.webhookSecret("whsec_fake_new");
    StripeWebhookVerifier rolling =
        StripeWebhookVerifier.builder()
            .secret(Secret.of("whsec_fake_old"))
            .secret("whsec_fake_new")
            .clock(clock)
            .build();

    assertThat(rolling.verify(stripe.webhookEvent("customer.created", Map.of("id", "cus_1"))))
        .hasSize(1);
  }

  @Test
  void refusesASignatureMadeWithAnotherSecret() {
    stripe.webhookSecret("whsec_fake_attacker");

    assertProblem(
        verifier,
        stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1")),
        Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesABodyChangedAfterSigning() {
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));
    String tampered = signed.bodyAsString().replace("pi_1", "pi_2");

    assertProblem(
        verifier,
        delivery(signed.header("Stripe-Signature").orElseThrow(), tampered),
        Problem.SIGNATURE_MISMATCH);
  }

  @ParameterizedTest(name = "signed {0} s from now")
  @ValueSource(longs = {-301, 301, -3600, 3600})
  void refusesATimestampOutsideTheToleranceInEitherDirection(long offsetSeconds) {
    clock.set(NOW.plusSeconds(offsetSeconds));
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));
    clock.set(NOW);

    assertProblem(verifier, signed, Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @ParameterizedTest(name = "signed {0} s from now")
  @ValueSource(longs = {-300, 300, 0})
  void acceptsATimestampWithinTheTolerance(long offsetSeconds) {
    clock.set(NOW.plusSeconds(offsetSeconds));
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));
    clock.set(NOW);

    assertThat(verifier.verify(signed)).hasSize(1);
  }

  @Test
  void theToleranceIsConfigurable() {
    StripeWebhookVerifier strict =
        StripeWebhookVerifier.builder()
            .secret(StripeSimulator.TEST_WEBHOOK_SECRET)
            .tolerance(Duration.ofSeconds(10))
            .clock(clock)
            .build();
    clock.set(NOW.minusSeconds(11));
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));
    clock.set(NOW);

    assertProblem(strict, signed, Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void refusesADeliveryWithoutTheSignatureHeader() {
    assertProblem(verifier, WebhookRequest.builder().body(BODY).build(), Problem.MISSING_HEADER);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "v1=abc",
        "t=,v1=abc",
        "t=soon,v1=abc",
        "t=1700000000",
        "t=1700000000,v0=abc",
        "t=1,t=2,v1=abc",
        "garbage"
      })
  void refusesAMalformedSignatureHeader(String header) {
    assertProblem(verifier, delivery(header, BODY), Problem.MALFORMED_HEADER);
  }

  @Test
  void refusesASignedBodyThatIsNotAStripeEvent() {
    long now = NOW.getEpochSecond();
    String body = "{\"object\":\"event\"}";
    String header = StripeSimulator.signatureHeader(StripeSimulator.TEST_WEBHOOK_SECRET, now, body);

    assertProblem(verifier, delivery(header, body), Problem.MALFORMED_BODY);
    assertProblem(
        verifier,
        delivery(
            StripeSimulator.signatureHeader(StripeSimulator.TEST_WEBHOOK_SECRET, now, "not json"),
            "not json"),
        Problem.MALFORMED_BODY);
  }

  @Test
  void withoutAReplayGuardARedeliveredEventIsAcceptedAgain() {
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));

    assertThat(verifier.verify(signed)).hasSize(1);
    assertThat(verifier.verify(signed)).hasSize(1);
  }

  @Test
  void aReplayGuardRefusesAnEventIdSeenBefore() {
    StripeWebhookVerifier guarded =
        StripeWebhookVerifier.builder()
            .secret(StripeSimulator.TEST_WEBHOOK_SECRET)
            .clock(clock)
            .replayGuard(ReplayGuard.inMemory(Duration.ofMinutes(10), clock))
            .build();
    WebhookRequest signed = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));

    assertThat(guarded.verify(signed)).hasSize(1);
    assertProblem(guarded, signed, Problem.REPLAYED);
  }

  @Test
  void namesNoSecretInItsDescriptionOrErrors() {
    stripe.webhookSecret("whsec_fake_attacker");
    WebhookVerificationException failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            WebhookVerificationException.class,
            () -> verifier.verify(stripe.webhookEvent("x.y", Map.of("id", "x"))));

    assertThat(verifier.toString()).doesNotContain(StripeSimulator.TEST_WEBHOOK_SECRET);
    assertThat(failure.getMessage())
        .doesNotContain(StripeSimulator.TEST_WEBHOOK_SECRET)
        .doesNotContain("whsec_fake_attacker");
    assertThat(failure.provider()).contains("stripe");
  }

  @Test
  void aSignedTimestampBeyondAnyClockIsOutOfToleranceNotACrash() {
    long far = 99_999_999_999_999_999L;
    String header = StripeSimulator.signatureHeader(StripeSimulator.TEST_WEBHOOK_SECRET, far, BODY);

    assertProblem(verifier, delivery(header, BODY), Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void aSignedEventCreatedBeyondAnyClockIsAMalformedBodyNotACrash() {
    String body = BODY.replace("1700000000", "99999999999999999");
    String header =
        StripeSimulator.signatureHeader(
            StripeSimulator.TEST_WEBHOOK_SECRET, NOW.getEpochSecond(), body);

    assertThatThrownBy(() -> verifier.verify(delivery(header, body)))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MALFORMED_BODY);
              assertThat(e.getMessage()).contains("created");
            });
  }

  @Test
  void needsAtLeastOneSecret() {
    assertThatThrownBy(() -> StripeWebhookVerifier.builder().build())
        .isInstanceOf(dev.switchboard.InvalidRequestException.class)
        .hasMessageContaining("secret");
  }

  private static void assertProblem(
      StripeWebhookVerifier verifier, WebhookRequest request, Problem problem) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }
}
