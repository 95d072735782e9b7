package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PayPal signs a CRC-32 of the body, not the body: a forged body with the same CRC-32 passes the
 * signature check. Confirming by fetching PayPal's own copy of the event closes that gap.
 */
class PayPalWebhookConfirmationTest {
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CAPTURE =
      "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\","
          + "\"amount\":{\"currency_code\":\"USD\",\"value\":\"10.00\"},"
          + "\"custom_id\":\"order-42\"}";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private PayPalWebhookSimulator paypal;
  private PayPalWebhookSigner signer;

  @BeforeEach
  void start() {
    paypal = new PayPalWebhookSimulator(clock);
    paypal.start();
    signer = paypal.signer(WEBHOOK_ID, Key.TRUSTED);
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private PayPalWebhookVerifier.Builder offline() {
    return PayPalWebhookVerifier.builder()
        .webhookId(WEBHOOK_ID)
        .mode(PayPalWebhookVerifier.Mode.OFFLINE)
        .clock(clock)
        .trustStore(PayPalWebhookSigner.trustStore())
        .allowedCertificateHosts(paypal.baseUrl().host())
        .allowPlainHttpOnLoopback(true);
  }

  private PayPalWebhookVerifier confirming() {
    return offline()
        .confirmByFetching(true)
        .baseUrl(paypal.baseUrl().toString())
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .build();
  }

  /** The signed delivery with its body swapped for one of the same CRC-32 that says 99.99. */
  private static WebhookRequest forged(WebhookRequest signed) {
    String original = signed.bodyAsString();
    String template =
        original.replace("\"10.00\"", "\"99.99\"").replace("\"order-42\"", "\"order-42 @@@@\"");
    String forgery =
        Crc32Forger.forge(
            template, "@@@@", Crc32Forger.crc32(original.getBytes(StandardCharsets.UTF_8)));
    return WebhookRequest.of(signed.headers(), forgery.getBytes(StandardCharsets.UTF_8));
  }

  private List<RecordedRequest> eventFetches() {
    return paypal.requests().stream()
        .filter(r -> r.getUrl().encodedPath().startsWith(PayPalWebhookSimulator.EVENTS_PATH))
        .toList();
  }

  private static Predicate<RecordedRequest> eventFetch() {
    return r -> r.getUrl().encodedPath().startsWith(PayPalWebhookSimulator.EVENTS_PATH);
  }

  private static WebhookVerificationException failureOf(Runnable verification) {
    try {
      verification.run();
    } catch (WebhookVerificationException e) {
      return e;
    }
    throw new AssertionError("the delivery was accepted");
  }

  @Test
  void offlineModeAcceptsABodyForgedToKeepItsCrc32TheKnownLimitation() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    WebhookRequest forged = forged(signed);
    assertThat(forged.bodyAsString()).contains("\"99.99\"").doesNotContain("\"10.00\"");
    assertThat(Crc32Forger.crc32(forged.body())).isEqualTo(Crc32Forger.crc32(signed.body()));

    WebhookEvent event = offline().build().verify(forged).get(0);

    assertThat(event.rawJson()).contains("\"99.99\"");
  }

  @Test
  void confirmingByFetchingReturnsPayPalsCopyInsteadOfTheForgedBody() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    WebhookEvent event = confirming().verify(forged(signed)).get(0);

    assertThat(event.rawJson()).isEqualTo(signed.bodyAsString()).contains("\"10.00\"");
    assertThat(event.rawJson()).doesNotContain("99.99");
    assertThat(event.subjectId()).isEqualTo("42311647XV020574X");
    RecordedRequest fetch = eventFetches().get(0);
    assertThat(fetch.getMethod()).isEqualTo("GET");
    assertThat(fetch.getUrl().encodedPath())
        .isEqualTo(PayPalWebhookSimulator.EVENTS_PATH + event.id());
    assertThat(fetch.getHeaders().get("Authorization")).startsWith("Bearer ");
  }

  @Test
  void anEventPayPalDoesNotKnowIsUnconfirmed() {
    PayPalWebhookSigner stranger =
        PayPalWebhookSigner.builder()
            .webhookId(WEBHOOK_ID)
            .clock(clock)
            .certificateUrl(paypal.certificateUrl(Key.TRUSTED))
            .build();
    WebhookRequest delivery = stranger.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    WebhookVerificationException failure = failureOf(() -> confirming().verify(delivery));

    assertThat(failure.problem()).isEqualTo(Problem.UNCONFIRMED);
    assertThat(failure.getMessage()).contains("could not be fetched").contains("404");
  }

  @Test
  void aFetchThatFailsNeverVerifiesAndLeavesTheTransmissionForTheRedelivery() {
    PayPalWebhookVerifier verifier = confirming();
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    for (SimulatedFault fault :
        List.of(
            SimulatedFault.unavailable(),
            SimulatedFault.serverError(),
            SimulatedFault.resetAfterRequest(),
            SimulatedFault.malformedBody())) {
      paypal.failNext(1, fault, eventFetch());

      WebhookVerificationException failure = failureOf(() -> verifier.verify(delivery));

      assertThat(failure.problem()).as("%s", fault).isEqualTo(Problem.UNCONFIRMED);
      assertThat(failure.getMessage()).as("%s", fault).contains("PayPal's copy of event");
    }

    assertThat(verifier.verify(delivery)).hasSize(1);
    assertThat(eventFetches()).hasSize(5);
  }

  @Test
  void confirmingNeedsTheAppsCredentialsInOfflineModeToo() {
    assertThatThrownBy(() -> offline().confirmByFetching(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client-id must be set to confirm by fetching");
  }

  @Test
  void saysWhetherItConfirmsInItsDescription() {
    assertThat(confirming().toString()).contains("confirmByFetching=true");
    assertThat(offline().build().toString()).contains("confirmByFetching=false");
  }
}
