package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of PayPal answer maps to exactly one outcome of the taxonomy. */
class PayPalErrorsTest {
  private final TestClock clock = TestClock.start();
  private PayPalSimulator paypal;
  private PayPalPaymentGateway gateway;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
    gateway = gatewayAt(paypal.baseUrl().toString());
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private PayPalPaymentGateway gatewayAt(String baseUrl) {
    return PayPalPaymentGateway.builder()
        .baseUrl(baseUrl)
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .clock(clock)
        .readTimeout(Duration.ofMillis(500))
        .build();
  }

  private static ChargeRequest charge(String vaultId) {
    return ChargeRequest.builder()
        .amount(Money.of("50.00", "EUR"))
        .source(PaymentSource.token("paypal", vaultId))
        .build();
  }

  /** Fetches the token first, so that an injected fault meets the call under test. */
  private Payment paidOrder() {
    return gateway.charge(charge(PayPalSimulator.VAULT_OK));
  }

  @Test
  void instrumentDeclinedIsADeclineWithPayPalsIssueAndDebugId() {
    assertThatThrownBy(() -> gateway.charge(charge(PayPalSimulator.VAULT_DECLINED)))
        .isInstanceOfSatisfying(
            PaymentDeclinedException.class,
            e -> {
              assertThat(e.failure().code()).isEqualTo(FailureCode.CARD_DECLINED);
              assertThat(e.failure().vendorCode()).isEqualTo("INSTRUMENT_DECLINED");
              assertThat(e.vendorCode()).contains("INSTRUMENT_DECLINED");
              assertThat(e.vendorRequestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
              assertThat(e.httpStatus()).hasValue(422);
            });
  }

  @Test
  void aProcessorDeclinedCaptureIsADeclineOfAFailedPayment() {
    PaymentDeclinedException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PaymentDeclinedException.class,
            () -> gateway.charge(charge(PayPalSimulator.VAULT_INSUFFICIENT_FUNDS)));

    assertThat(e.failure().code()).isEqualTo(FailureCode.INSUFFICIENT_FUNDS);
    assertThat(e.failure().vendorCode()).isEqualTo("5120");
    Payment failed = gateway.get(e.paymentId().orElseThrow());
    assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
  }

  @Test
  void validationIssuesNameTheIssueAndTheField() {
    Payment paid = paidOrder();

    assertThatThrownBy(
            () -> gateway.refund(RefundRequest.partial(paid.id(), Money.of("60.00", "EUR"))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.vendorCode()).contains("REFUND_AMOUNT_EXCEEDED");
              assertThat(e.field()).contains("/amount/value");
              assertThat(e.vendorRequestId()).isPresent();
            });
  }

  @Test
  void aReusedRequestIdWithAnotherBodyIsAConflict() {
    ChargeRequest first = charge(PayPalSimulator.VAULT_OK);
    gateway.charge(first);

    assertThatThrownBy(
            () -> gateway.charge(first.toBuilder().amount(Money.of("70.00", "EUR")).build()))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> assertThat(e.vendorCode()).contains("PAYPAL_REQUEST_ID_PREVIOUSLY_USED"));
  }

  @Test
  void tooManyRequestsIsRateLimitedWithTheHint() {
    Payment paid = paidOrder();
    paypal.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(7)));

    assertThatThrownBy(() -> gateway.get(paid.id()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
  }

  @Test
  void serverErrorsAndLostAnswersLeaveTheOutcomeUnknown() {
    paidOrder();
    for (SimulatedFault fault :
        new SimulatedFault[] {
          SimulatedFault.serverError(),
          SimulatedFault.unavailable(),
          SimulatedFault.resetAfterRequest(),
          SimulatedFault.malformedBody(),
          SimulatedFault.hang()
        }) {
      paypal.failNext(1, fault);
      assertThatThrownBy(() -> gateway.charge(charge(PayPalSimulator.VAULT_OK)))
          .as("%s", fault)
          .isInstanceOfSatisfying(
              OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    }
  }

  @Test
  void aTokenEndpointOutageMeansThePaymentWasNotSent() {
    paypal.failNext(1, SimulatedFault.serverError());

    assertThatThrownBy(() -> gateway.charge(charge(PayPalSimulator.VAULT_OK)))
        .isInstanceOfSatisfying(
            dev.switchboard.ProviderUnavailableException.class,
            e -> assertThat(e.requestSent()).isFalse());
    assertThat(paypal.requests()).hasSize(1);
  }

  @Test
  void unknownFieldsAndNewStatusesAreToleratedAndMissingFieldsAreTyped() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json("{\"access_token\":\"A21AA-1\",\"expires_in\":32400,\"nonce\":\"x\"}"));
      server.enqueue(
          json(
              "{\"id\":\"ORDER1\",\"status\":\"SOMETHING_NEW\",\"intent\":\"CAPTURE\",\"brand_new\":{\"a\":1},"
                  + "\"create_time\":\"2030-01-01T00:00:00Z\",\"purchase_units\":[{\"amount\":"
                  + "{\"currency_code\":\"EUR\",\"value\":\"50.00\",\"breakdown\":{}}}]}"));
      server.enqueue(json("{\"status\":\"COMPLETED\",\"purchase_units\":[]}"));
      PayPalPaymentGateway lenient = gatewayAt(server.url("/").toString());

      Payment payment = lenient.get(PaymentId.of("paypal", "ORDER1"));
      assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
      assertThat(payment.amount()).isEqualTo(Money.of("50.00", "EUR"));

      assertThatThrownBy(() -> lenient.get(PaymentId.of("paypal", "ORDER2")))
          .isInstanceOf(OutcomeUnknownException.class)
          .hasMessageContaining("unparseable success body");
    }
  }

  @Test
  void aDuplicateInvoiceIdIsAConflict() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(json("{\"access_token\":\"A21AA-1\",\"expires_in\":32400}"));
      server.enqueue(
          new MockResponse.Builder()
              .code(422)
              .setHeader("Content-Type", "application/json")
              .body(
                  "{\"name\":\"UNPROCESSABLE_ENTITY\",\"debug_id\":\"body-debug\",\"details\":"
                      + "[{\"issue\":\"DUPLICATE_INVOICE_ID\",\"description\":\"Duplicate\"}]}")
              .build());

      assertThatThrownBy(
              () -> gatewayAt(server.url("/").toString()).charge(charge(PayPalSimulator.VAULT_OK)))
          .isInstanceOfSatisfying(
              ConflictException.class,
              e -> {
                assertThat(e.vendorCode()).contains("DUPLICATE_INVOICE_ID");
                assertThat(e.vendorRequestId()).contains("body-debug");
              });
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
