package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What goes over the wire: method, path, headers and JSON body, field by field. */
class PayPalRequestsTest {
  private final TestClock clock = TestClock.start();
  private final Moshi moshi = new Moshi.Builder().build();
  private PayPalSimulator paypal;
  private PayPalPaymentGateway gateway;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
    gateway =
        PayPalPaymentGateway.builder()
            .baseUrl(paypal.baseUrl().toString())
            .clientId("client-id-fake")
            .clientSecret(Secret.of("secret-fake"))
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private static ChargeRequest.Builder charge(String amount, String currency) {
    return ChargeRequest.builder()
        .amount(Money.of(amount, currency))
        .source(PaymentSource.token("paypal", PayPalSimulator.VAULT_OK));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(RecordedRequest request) throws Exception {
    return (Map<String, Object>) moshi.adapter(Object.class).fromJson(request.getBody().utf8());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private RecordedRequest request(int index) {
    return paypal.requests().get(index);
  }

  @Test
  void chargeFetchesATokenThenCreatesAnOrderWithTheVaultIdAndTheKey() throws Exception {
    IdempotencyKey key = IdempotencyKey.of("order-42-charge");
    Payment paid =
        gateway.charge(
            charge("50.00", "EUR")
                .description("Order 42")
                .customerReference("customer-7")
                .statementDescriptor("SHOP 42")
                .putMetadata("order", "42")
                .idempotencyKey(key)
                .build());

    RecordedRequest token = request(0);
    assertThat(token.getMethod()).isEqualTo("POST");
    assertThat(token.getUrl().encodedPath()).isEqualTo("/v1/oauth2/token");
    assertThat(token.getHeaders().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("client-id-fake:secret-fake".getBytes(StandardCharsets.UTF_8)));
    assertThat(token.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    assertThat(token.getBody().utf8()).isEqualTo("grant_type=client_credentials");
    assertThat(token.getHeaders().get("PayPal-Request-Id")).isNull();

    RecordedRequest create = request(1);
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getUrl().encodedPath()).isEqualTo("/v2/checkout/orders");
    assertThat(create.getHeaders().get("Authorization")).startsWith("Bearer A21AA-fake-");
    assertThat(create.getHeaders().get("PayPal-Request-Id")).isEqualTo("order-42-charge");
    assertThat(create.getHeaders().get("Prefer")).isEqualTo("return=representation");
    assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
    Map<String, Object> body = json(create);
    assertThat(body).containsEntry("intent", "CAPTURE");
    Map<String, Object> unit = map(((List<?>) body.get("purchase_units")).get(0));
    assertThat(unit.get("amount")).isEqualTo(Map.of("currency_code", "EUR", "value", "50.00"));
    assertThat(unit)
        .containsEntry("description", "Order 42")
        .containsEntry("reference_id", "customer-7")
        .containsEntry("soft_descriptor", "SHOP 42")
        .containsEntry("custom_id", "{\"order\":\"42\"}");
    assertThat(body.get("payment_source"))
        .isEqualTo(Map.of("paypal", Map.of("vault_id", PayPalSimulator.VAULT_OK)));
    assertThat(paypal.requests()).hasSize(2);

    assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paid.metadata()).containsEntry("order", "42");
    assertThat(paid.vendorRequestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
  }

  @Test
  void manualChargeCreatesAnAuthorizeOrder() throws Exception {
    gateway.charge(charge("50.00", "EUR").captureMode(CaptureMode.MANUAL).build());

    assertThat(json(request(1))).containsEntry("intent", "AUTHORIZE");
  }

  @Test
  void approvalChargeSendsWhereToReturnTheBuyerAndAnswersWithTheLink() throws Exception {
    Payment payment =
        gateway.charge(
            ChargeRequest.builder()
                .amount(Money.of("50.00", "EUR"))
                .source(
                    PaymentSource.approval(
                        java.net.URI.create("https://shop.example/paid"),
                        java.net.URI.create("https://shop.example/cart")))
                .build());

    Map<String, Object> context =
        map(
            map(map(json(request(1)).get("payment_source")).get("paypal"))
                .get("experience_context"));
    assertThat(context)
        .containsEntry("return_url", "https://shop.example/paid")
        .containsEntry("cancel_url", "https://shop.example/cart");
    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl().orElseThrow().toString())
        .contains("checkoutnow?token=" + payment.id().value());

    paypal.approve(payment.id().value());
    assertThat(gateway.get(payment.id()).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    Payment captured = gateway.capture(CaptureRequest.full(payment.id()));
    assertThat(captured.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paypal.lastRequest().orElseThrow().getUrl().encodedPath())
        .isEqualTo("/v2/checkout/orders/" + payment.id().value() + "/capture");
  }

  @Test
  void captureSendsTheAmountAsAFinalCaptureWithTheCaptureKey() throws Exception {
    Payment authorized =
        gateway.charge(charge("50.00", "EUR").captureMode(CaptureMode.MANUAL).build());
    IdempotencyKey key = IdempotencyKey.of("capture-1");

    gateway.capture(
        CaptureRequest.builder()
            .paymentId(authorized.id())
            .amount(Money.of("30.00", "EUR"))
            .idempotencyKey(key)
            .build());

    RecordedRequest capture =
        paypal.requests().stream()
            .filter(r -> r.getUrl().encodedPath().startsWith("/v2/payments/authorizations/"))
            .findFirst()
            .orElseThrow();
    assertThat(capture.getMethod()).isEqualTo("POST");
    assertThat(capture.getUrl().encodedPath()).matches("/v2/payments/authorizations/A\\w+/capture");
    assertThat(capture.getHeaders().get("PayPal-Request-Id")).isEqualTo("capture-1");
    assertThat(json(capture))
        .containsEntry("amount", Map.of("currency_code", "EUR", "value", "30.00"))
        .containsEntry("final_capture", true);
  }

  @Test
  void refundsSendAnAmountOnlyWhenPartial() throws Exception {
    Payment paid = gateway.charge(charge("50.00", "EUR").build());

    gateway.refund(RefundRequest.partial(paid.id(), Money.of("10.00", "EUR")));
    RecordedRequest partial = paypal.lastRequest().orElseThrow();
    gateway.refund(RefundRequest.full(paid.id()));
    RecordedRequest full = paypal.lastRequest().orElseThrow();

    assertThat(partial.getUrl().encodedPath()).matches("/v2/payments/captures/C\\w+/refund");
    assertThat(json(partial))
        .isEqualTo(Map.of("amount", Map.of("currency_code", "EUR", "value", "10.00")));
    assertThat(full.getBody().utf8()).isEqualTo("{}");
    assertThat(gateway.get(paid.id()).refunded()).isEqualTo(Money.of("50.00", "EUR"));
  }

  @ParameterizedTest
  @CsvSource({"1500, HUF, 1500", "1500, JPY, 1500", "1500, TWD, 1500", "12.3, USD, 12.30"})
  void amountsFollowPayPalsExponentTable(String amount, String currency, String wire)
      throws Exception {
    Payment paid = gateway.charge(charge(amount, currency).build());

    Map<String, Object> unit = map(((List<?>) json(request(1)).get("purchase_units")).get(0));
    assertThat(map(unit.get("amount"))).containsEntry("value", wire);
    assertThat(paid.amount()).isEqualTo(Money.of(amount, currency));
  }

  @ParameterizedTest
  @CsvSource({"1500.50, HUF", "99.99, TWD"})
  void fractionsOfWholeUnitCurrenciesAreRefusedBeforeSending(String amount, String currency) {
    assertThatThrownBy(() -> gateway.charge(charge(amount, currency).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("amount"));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void aCurrencyPayPalDoesNotTakeIsNotSupportedNorSent() {
    ChargeRequest rupees = charge("100.00", "INR").build();

    assertThat(gateway.supports(rupees)).isFalse();
    assertThatThrownBy(() -> gateway.charge(rupees))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("amount"));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void aSourceWithoutAPayPalTokenIsRefusedBeforeSending() {
    ChargeRequest foreign =
        ChargeRequest.builder()
            .amount(Money.of("50.00", "EUR"))
            .source(PaymentSource.token("stripe", "pm_fake"))
            .build();

    assertThatThrownBy(() -> gateway.charge(foreign))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("source"));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void theSecondStepOfAChargeCarriesAStableKeyDerivedFromTheChargesKey() {
    paypal.completeVaultOrdersOnCreate(false);
    IdempotencyKey key = IdempotencyKey.of("order-43-charge");

    gateway.charge(charge("50.00", "EUR").idempotencyKey(key).build());

    RecordedRequest create = request(1);
    RecordedRequest capture = request(2);
    assertThat(create.getHeaders().get("PayPal-Request-Id")).isEqualTo("order-43-charge");
    assertThat(capture.getUrl().encodedPath()).matches("/v2/checkout/orders/O\\w+/capture");
    assertThat(capture.getHeaders().get("PayPal-Request-Id"))
        .isEqualTo(key.derive("paypal-order-capture").value());
    assertThat(capture.getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void retryingAChargeWhoseSecondStepWasLostCompletesTheSameOrderOnce() {
    paypal.completeVaultOrdersOnCreate(false);
    paypal.failNext(
        1,
        SimulatedFault.resetAfterRequest(),
        request -> request.getUrl().encodedPath().endsWith("/capture"));
    ChargeRequest request = charge("50.00", "EUR").build();

    OutcomeUnknownException lost =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            OutcomeUnknownException.class, () -> gateway.charge(request));
    Payment paid = gateway.charge(request);

    assertThat(lost).isNotNull();
    assertThat(lost.getMessage()).contains("PayPal order " + paid.id().value() + " exists");
    assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paid.captured()).isEqualTo(Money.of("50.00", "EUR"));
    List<String> creates =
        paypal.requests().stream()
            .filter(r -> r.getUrl().encodedPath().equals("/v2/checkout/orders"))
            .map(r -> r.getHeaders().get("PayPal-Request-Id"))
            .toList();
    assertThat(creates).hasSize(2).containsOnly(request.idempotencyKey().value());
    assertThat(paypal.orderStatus(paid.id().value())).contains("COMPLETED");
  }

  @Test
  void aChargeQuotesThePaypalDebugIdOfItsAnswer() throws Exception {
    try (MockWebServer server = tokenFirst()) {
      server.enqueue(answer(201, order("CAPTURE", "COMPLETED", CAPTURED), "dbg-create"));

      Payment paid = gatewayAt(server).charge(charge("50.00", "EUR").build());

      assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(paid.vendorRequestId()).contains("dbg-create");
    }
  }

  @Test
  void aCaptureQuotesTheDebugIdOfTheCaptureNotOfTheReadAfterIt() throws Exception {
    try (MockWebServer server = tokenFirst()) {
      server.enqueue(answer(200, order("AUTHORIZE", "COMPLETED", AUTHORIZED), "dbg-read"));
      server.enqueue(
          answer(
              201,
              "{\"id\":\"CAP1\",\"status\":\"COMPLETED\",\"amount\":" + EUR_50 + "}",
              "dbg-capture"));
      server.enqueue(answer(200, order("AUTHORIZE", "COMPLETED", CAPTURED), "dbg-read-after"));

      Payment captured =
          gatewayAt(server).capture(CaptureRequest.full(PaymentId.of("paypal", "O1")));

      assertThat(captured.status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(captured.vendorRequestId()).contains("dbg-capture");
    }
  }

  @ParameterizedTest
  @CsvSource({"200, true", "204, false"})
  void aCancelQuotesTheDebugIdOfTheVoidWhetherOrNotItHasABody(int code, boolean body)
      throws Exception {
    try (MockWebServer server = tokenFirst()) {
      server.enqueue(answer(200, order("AUTHORIZE", "COMPLETED", AUTHORIZED), "dbg-read"));
      server.enqueue(
          answer(
              code,
              body ? "{\"id\":\"AUTH1\",\"status\":\"VOIDED\",\"amount\":" + EUR_50 + "}" : null,
              "dbg-void"));
      server.enqueue(answer(200, order("AUTHORIZE", "VOIDED", VOIDED), "dbg-read-after"));

      Payment canceled = gatewayAt(server).cancel(CancelRequest.of(PaymentId.of("paypal", "O1")));

      assertThat(canceled.status()).isEqualTo(PaymentStatus.CANCELED);
      assertThat(canceled.vendorRequestId()).contains("dbg-void");
      server.takeRequest();
      server.takeRequest();
      assertThat(server.takeRequest().getUrl().encodedPath())
          .isEqualTo("/v2/payments/authorizations/AUTH1/void");
    }
  }

  static final String TOKEN = "{\"access_token\":\"A21AA-1\",\"expires_in\":32400}";

  /** A started server whose first answer is PayPal's OAuth token. */
  static MockWebServer tokenFirst() throws IOException {
    MockWebServer server = new MockWebServer();
    server.start();
    server.enqueue(answer(200, TOKEN, null));
    return server;
  }

  static final String EUR_50 = "{\"currency_code\":\"EUR\",\"value\":\"50.00\"}";
  static final String CAPTURED =
      "{\"captures\":[{\"id\":\"CAP1\",\"status\":\"COMPLETED\",\"amount\":" + EUR_50 + "}]}";
  static final String AUTHORIZED =
      "{\"authorizations\":[{\"id\":\"AUTH1\",\"status\":\"CREATED\",\"amount\":" + EUR_50 + "}]}";
  static final String VOIDED =
      "{\"authorizations\":[{\"id\":\"AUTH1\",\"status\":\"VOIDED\",\"amount\":" + EUR_50 + "}]}";

  static String order(String intent, String status, String payments) {
    return "{\"id\":\"O1\",\"status\":\""
        + status
        + "\",\"intent\":\""
        + intent
        + "\",\"create_time\":\"2030-01-01T00:00:00Z\",\"purchase_units\":[{\"amount\":"
        + EUR_50
        + ",\"payments\":"
        + payments
        + "}]}";
  }

  static MockResponse answer(int code, String json, String debugId) {
    MockResponse.Builder answer = new MockResponse.Builder().code(code);
    if (json != null) {
      answer.setHeader("Content-Type", "application/json").body(json);
    }
    if (debugId != null) {
      answer.setHeader("Paypal-Debug-Id", debugId);
    }
    return answer.build();
  }

  private PayPalPaymentGateway gatewayAt(MockWebServer server) {
    return PayPalPaymentGateway.builder()
        .baseUrl(server.url("/").toString())
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .clock(clock)
        .build();
  }
}
