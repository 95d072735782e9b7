package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayPalWebhookVerifierOfflineTest {
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CAPTURE = "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\"}";

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

  private PayPalWebhookVerifier.Builder offline(Clock at) {
    return PayPalWebhookVerifier.builder()
        .webhookId(WEBHOOK_ID)
        .mode(PayPalWebhookVerifier.Mode.OFFLINE)
        .clock(at)
        .trustStore(PayPalWebhookSigner.trustStore())
        .allowedCertificateHosts(paypal.baseUrl().host())
        .allowPlainHttpOnLoopback(true);
  }

  private List<RecordedRequest> certificateRequests() {
    return paypal.requests().stream()
        .filter(r -> r.getUrl().encodedPath().startsWith("/v1/notifications/certs/"))
        .toList();
  }

  private static Problem problemOf(Runnable verification) {
    try {
      verification.run();
    } catch (WebhookVerificationException e) {
      assertThat(e.provider()).contains("paypal");
      return e.problem();
    }
    throw new AssertionError("the delivery was accepted");
  }

  @Test
  void verifiesASignedDeliveryAndMapsItsEvent() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    List<WebhookEvent> events = offline(clock).build().verify(delivery);

    assertThat(events).hasSize(1);
    WebhookEvent event = events.get(0);
    assertThat(event.provider()).isEqualTo("paypal");
    assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
    assertThat(event.vendorType()).isEqualTo("PAYMENT.CAPTURE.COMPLETED");
    assertThat(event.subjectId()).isEqualTo("42311647XV020574X");
    assertThat(event.id()).startsWith("WH-");
    assertThat(event.occurredAt()).isEqualTo(NOW);
    assertThat(event.rawJson()).isEqualTo(delivery.bodyAsString());
    RecordedRequest fetch = certificateRequests().get(0);
    assertThat(fetch.getMethod()).isEqualTo("GET");
    assertThat(fetch.getUrl()).isEqualTo(paypal.certificateUrl(Key.TRUSTED));
    assertThat(fetch.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void fetchesEachCertificateOnceAndServesLaterDeliveriesFromTheCache() {
    PayPalWebhookVerifier verifier = offline(clock).build();

    verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE));
    verifier.verify(signer.sign("PAYMENT.CAPTURE.REFUNDED", "{\"id\":\"1JU08902781691411\"}"));

    assertThat(certificateRequests()).hasSize(1);
  }

  @Test
  void aTamperedBodyDoesNotVerify() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    WebhookRequest tampered =
        WebhookRequest.of(
            signed.headers(),
            signed
                .bodyAsString()
                .replace("42311647XV020574X", "99999999XV0")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(problemOf(() -> offline(clock).build().verify(tampered)))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void aDeliveryForAnotherWebhookDoesNotVerify() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier = offline(clock).webhookId("5GP028458E2496506").build();

    assertThat(problemOf(() -> verifier.verify(delivery))).isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void neverFetchesACertificateFromAHostThatIsNotAllowed() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier =
        offline(clock).allowedCertificateHosts("api.sandbox.paypal.com").build();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH);
              assertThat(e.reason()).contains("not an allowed PayPal host");
            });
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void theDefaultHostsArePayPalsOnly() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .mode(PayPalWebhookVerifier.Mode.OFFLINE)
            .clock(clock)
            .trustStore(PayPalWebhookSigner.trustStore())
            .build();

    assertThat(problemOf(() -> verifier.verify(delivery))).isEqualTo(Problem.SIGNATURE_MISMATCH);
    assertThat(paypal.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"enum", "name"})
  void theLiveEnvironmentRefusesSandboxCertificateHosts(String given) {
    WebhookRequest delivery =
        signer.toBuilder()
            .certificateUrl(
                HttpUrl.get("https://api-m.sandbox.paypal.com/v1/notifications/certs/C"))
            .build()
            .sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier.Builder builder =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .mode(PayPalWebhookVerifier.Mode.OFFLINE)
            .clock(clock)
            .trustStore(PayPalWebhookSigner.trustStore());
    PayPalWebhookVerifier verifier =
        (given.equals("enum")
                ? builder.environment(PayPalEnvironment.LIVE)
                : builder.environment("live"))
            .build();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).contains("not an allowed PayPal host"));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void refusesPlainHttpOnLoopbackUnlessAllowed() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier = offline(clock).allowPlainHttpOnLoopback(false).build();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).contains("https on port 443"));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void refusesASelfSignedCertificate() {
    WebhookRequest delivery =
        paypal.signer(WEBHOOK_ID, Key.SELF_SIGNED).sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThatThrownBy(() -> offline(clock).build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH);
              assertThat(e.reason()).contains("does not chain to a trusted root");
            });
  }

  @Test
  void refusesATrustedCertificateIssuedToAnotherName() {
    WebhookRequest delivery =
        paypal.signer(WEBHOOK_ID, Key.OTHER_NAME).sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThatThrownBy(() -> offline(clock).build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).contains("webhooks.attacker.example", "not to PayPal"));
  }

  @Test
  void acceptsAnotherNameWhenConfigured() {
    WebhookRequest delivery =
        paypal.signer(WEBHOOK_ID, Key.OTHER_NAME).sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThat(
            offline(clock).certificateNames("Webhooks.Attacker.Example").build().verify(delivery))
        .hasSize(1);
  }

  @Test
  void refusesTheJdkTrustStoreForTheTestCertificates() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .mode(PayPalWebhookVerifier.Mode.OFFLINE)
            .clock(clock)
            .allowedCertificateHosts(paypal.baseUrl().host())
            .allowPlainHttpOnLoopback(true)
            .build();

    assertThat(problemOf(() -> verifier.verify(delivery))).isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void refusesACertificateThatIsNotValidYet() {
    Clock before = Clock.fixed(Instant.parse("2023-12-31T23:00:00Z"), ZoneOffset.UTC);
    WebhookRequest delivery =
        signer.toBuilder().clock(before).build().sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThatThrownBy(() -> offline(before).build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).contains("not valid before 2024-01-01T00:00:00Z"));
  }

  @Test
  void refusesAnExpiredCertificate() {
    Clock after = Clock.fixed(Instant.parse("2124-01-01T00:00:00Z"), ZoneOffset.UTC);
    WebhookRequest delivery =
        signer.toBuilder().clock(after).build().sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThatThrownBy(() -> offline(after).build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).contains("expired at 2123-12-08T00:00:00Z"));
  }

  @Test
  void aMissingCertificateIsASignatureMismatch() {
    WebhookRequest delivery =
        signer.toBuilder()
            .certificateUrl(paypal.baseUrl().resolve("/v1/notifications/certs/CERT-missing"))
            .build()
            .sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThatThrownBy(() -> offline(clock).build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH);
              assertThat(e.reason()).contains("HTTP 404");
            });
  }

  @Test
  void anUnavailableCertificateHostLeavesTheDeliveryUnverified() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    paypal.failNext(1, SimulatedFault.unavailable());
    paypal.failNext(1, SimulatedFault.serverError());
    PayPalWebhookVerifier verifier = offline(clock).build();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> verifier.verify(delivery)).isInstanceOf(OutcomeUnknownException.class);
    assertThat(verifier.verify(delivery)).hasSize(1);
  }

  @Test
  void anUnreachableCertificateHostIsProviderUnavailable() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier = offline(clock).build();
    paypal.close();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class, e -> assertThat(e.requestSent()).isFalse());
  }

  @Test
  void refusesAnAlgorithmItDoesNotAcceptBeforeFetchingAnything() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(signed.headers());
    headers.put("PAYPAL-AUTH-ALGO", List.of("SHA1withRSA"));
    WebhookRequest weak = WebhookRequest.of(headers, signed.body());

    assertThat(problemOf(() -> offline(clock).build().verify(weak)))
        .isEqualTo(Problem.MALFORMED_HEADER);
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void signsTheBodyBytesNotTheirText() {
    byte[] body =
        "{\"id\":\"WH-1\",\"create_time\":\"2024-06-01T11:59:00Z\",\"event_type\":\"X.Y\",\"resource\":{}}"
            .getBytes(StandardCharsets.UTF_8);

    List<WebhookEvent> events = offline(clock).build().verify(signer.sign(body));

    assertThat(events.get(0).type()).isEqualTo(WebhookEventTypes.UNKNOWN);
    assertThat(events.get(0).subject()).isEmpty();
  }
}
