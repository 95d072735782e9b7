package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayPalWebhookVerifierTest {
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CAPTURE = "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\"}";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private PayPalWebhookSimulator paypal;
  private PayPalWebhookSigner signer;
  private PayPalWebhookVerifier verifier;

  @BeforeEach
  void start() {
    paypal = new PayPalWebhookSimulator(clock);
    paypal.start();
    signer = paypal.signer(WEBHOOK_ID, Key.TRUSTED);
    verifier = offline().build();
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

  private static WebhookRequest withHeader(WebhookRequest request, String name, String value) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(request.headers());
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, List.of(value));
    }
    return WebhookRequest.of(headers, request.body());
  }

  private WebhookVerificationException refusal(WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      return e;
    }
    throw new AssertionError("the delivery was accepted");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PAYPAL-TRANSMISSION-ID",
        "PAYPAL-TRANSMISSION-TIME",
        "PAYPAL-TRANSMISSION-SIG",
        "PAYPAL-CERT-URL",
        "PAYPAL-AUTH-ALGO"
      })
  void aMissingHeaderIsNamed(String header) {
    WebhookRequest request =
        withHeader(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE), header, null);

    WebhookVerificationException e = refusal(request);

    assertThat(e.problem()).isEqualTo(Problem.MISSING_HEADER);
    assertThat(e.reason()).contains(header);
    assertThat(paypal.requests()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "PAYPAL-TRANSMISSION-TIME, yesterday",
    "PAYPAL-TRANSMISSION-TIME, 2024-06-01 12:00:00",
    "PAYPAL-TRANSMISSION-SIG, not*base64!",
    "PAYPAL-CERT-URL, ftp//nowhere",
    "PAYPAL-AUTH-ALGO, SHA256 with RSA",
    "PAYPAL-TRANSMISSION-ID, 12345"
  })
  void anUnreadableHeaderIsMalformed(String header, String value) {
    WebhookRequest request =
        withHeader(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE), header, value);

    WebhookVerificationException e = refusal(request);

    assertThat(e.problem()).isEqualTo(Problem.MALFORMED_HEADER);
    assertThat(e.reason()).contains(header);
  }

  @Test
  void readsHeadersWhateverTheirCase() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    WebhookRequest.Builder lower = WebhookRequest.builder().body(signed.body());
    signed.headers().forEach((name, values) -> lower.header(name.toLowerCase(), values.get(0)));

    assertThat(verifier.verify(lower.build())).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(longs = {-301, 301})
  void refusesATransmissionTimeOutsideTheToleranceEitherWay(long seconds) {
    WebhookRequest request =
        signer.sign(
            signer.event("PAYMENT.CAPTURE.COMPLETED", CAPTURE).getBytes(StandardCharsets.UTF_8),
            "b2a8e4f0-1f6e-11ef-9d4e-2b1c3d4e5f60",
            NOW.plusSeconds(seconds));

    WebhookVerificationException e = refusal(request);

    assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(paypal.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {-300, 300})
  void acceptsATransmissionTimeAtTheTolerance(long seconds) {
    WebhookRequest request =
        signer.sign(
            signer.event("PAYMENT.CAPTURE.COMPLETED", CAPTURE).getBytes(StandardCharsets.UTF_8),
            "b2a8e4f0-1f6e-11ef-9d4e-2b1c3d4e5f61",
            NOW.plusSeconds(seconds));

    assertThat(verifier.verify(request)).hasSize(1);
  }

  @Test
  void theToleranceIsConfigurable() {
    PayPalWebhookVerifier strict = offline().tolerance(Duration.ofSeconds(30)).build();
    WebhookRequest request =
        signer.sign(
            signer.event("PAYMENT.CAPTURE.COMPLETED", CAPTURE).getBytes(StandardCharsets.UTF_8),
            "b2a8e4f0-1f6e-11ef-9d4e-2b1c3d4e5f62",
            NOW.minusSeconds(31));

    assertThatThrownBy(() -> strict.verify(request))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE));
  }

  @Test
  void refusesATransmissionSeenBefore() {
    WebhookRequest request = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    verifier.verify(request);

    assertThat(refusal(request).problem()).isEqualTo(Problem.REPLAYED);
  }

  @Test
  void usesTheReplayGuardItIsGiven() {
    PayPalWebhookVerifier forgetful = offline().replayGuard(ReplayGuard.none()).build();
    WebhookRequest request = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    forgetful.verify(request);

    assertThat(forgetful.verify(request)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[1,2]",
        "{\"id\":\"WH-1\"} {\"id\":\"WH-2\"}",
        "{\"id\":\"WH-1\",\"create_time\":\"2024-06-01T12:00:00Z\"}",
        "{\"id\":\"WH-1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\"}",
        "{\"id\":\"WH-1\",\"event_type\":\"X\",\"create_time\":\"noon\"}",
        "{\"event_type\":\"X\",\"create_time\":\"2024-06-01T12:00:00Z\"}"
      })
  void aSignedBodyThatIsNotAPayPalEventIsMalformed(String body) {
    WebhookRequest request = signer.sign(body.getBytes(StandardCharsets.UTF_8));

    assertThat(refusal(request).problem()).isEqualTo(Problem.MALFORMED_BODY);
  }

  @Test
  void aBodyThatIsNotUtf8IsMalformed() {
    byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};

    assertThat(refusal(signer.sign(body)).problem()).isEqualTo(Problem.MALFORMED_BODY);
  }

  @ParameterizedTest
  @CsvSource({
    "PAYMENT.CAPTURE.COMPLETED, payment.succeeded",
    "PAYMENT.CAPTURE.DENIED, payment.failed",
    "PAYMENT.CAPTURE.DECLINED, payment.failed",
    "PAYMENT.AUTHORIZATION.CREATED, payment.authorized",
    "CHECKOUT.ORDER.APPROVED, payment.authorized",
    "PAYMENT.AUTHORIZATION.VOIDED, payment.canceled",
    "PAYMENT.CAPTURE.REFUNDED, payment.refunded",
    "CUSTOMER.DISPUTE.CREATED, payment.disputed",
    "PAYMENT.CAPTURE.PENDING, unknown",
    "BILLING.SUBSCRIPTION.CREATED, unknown"
  })
  void mapsPayPalEventTypesToNeutralOnes(String vendorType, String neutral) {
    WebhookEvent event =
        verifier.verify(signer.sign(vendorType, "{\"id\":\"3C679366HH908993F\"}")).get(0);

    assertThat(event.type()).isEqualTo(neutral);
    assertThat(event.vendorType()).isEqualTo(vendorType);
    assertThat(event.subjectId()).isEqualTo("3C679366HH908993F");
  }

  @Test
  void anApprovalReversalIsACancellationOfTheOrder() {
    WebhookEvent event =
        verifier
            .verify(
                signer.sign(
                    "CHECKOUT.PAYMENT-APPROVAL.REVERSED",
                    "{\"order_id\":\"5O190127TN364715T\",\"purchase_units\":[]}"))
            .get(0);

    assertThat(event.type()).isEqualTo("payment.canceled");
    assertThat(event.subjectId()).isEqualTo("5O190127TN364715T");
  }

  @Test
  void aDisputeNamesTheDispute() {
    WebhookEvent event =
        verifier
            .verify(signer.sign("CUSTOMER.DISPUTE.CREATED", "{\"dispute_id\":\"PP-D-27803\"}"))
            .get(0);

    assertThat(event.subjectId()).isEqualTo("PP-D-27803");
  }

  @Test
  void theProviderNameIsConfigurable() {
    PayPalWebhookVerifier eu = offline().provider("paypal-eu").build();

    assertThat(eu.provider()).isEqualTo("paypal-eu");
    assertThat(eu.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)).get(0).provider())
        .isEqualTo("paypal-eu");
  }

  @Test
  void theBuilderNamesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("webhook-id must be set");
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().webhookId("WH-with-dash"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().webhookId(WEBHOOK_ID).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("client-id must be set");
    assertThatThrownBy(
            () -> PayPalWebhookVerifier.builder().webhookId(WEBHOOK_ID).clientId(" ").build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("client-id"));
    assertThatThrownBy(
            () ->
                PayPalWebhookVerifier.builder()
                    .webhookId(WEBHOOK_ID)
                    .clientId("client-id-fake")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("client-secret must be set");
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().environment("production"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().tolerance(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                PayPalWebhookVerifier.builder()
                    .webhookId(WEBHOOK_ID)
                    .baseUrl("http://api-m.paypal.com")
                    .clientId("client-id-fake")
                    .clientSecret(Secret.of("secret-fake"))
                    .build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.reason()).contains("base-url"));
  }

  @Test
  void toStringNamesNoCredential() {
    PayPalWebhookVerifier api =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .clientId("client-id-fake")
            .clientSecret(Secret.of("sk-secret-fake-value"))
            .build();

    assertThat(api.toString())
        .contains("paypal", "API", WEBHOOK_ID)
        .doesNotContain("sk-secret-fake-value");
  }
}
