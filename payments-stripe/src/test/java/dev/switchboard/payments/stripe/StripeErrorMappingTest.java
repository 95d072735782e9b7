package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer Stripe can give, classified into exactly one outcome of the taxonomy. */
class StripeErrorMappingTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private StripePaymentGateway gateway;

  @BeforeEach
  void start() {
    stripe.start();
    gateway =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .readTimeout(Duration.ofMillis(500))
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private static ChargeRequest charge(String paymentMethod) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(PaymentSource.token("stripe", paymentMethod))
        .idempotencyKey(IdempotencyKey.of("order-" + paymentMethod))
        .build();
  }

  @ParameterizedTest(name = "{0} is declined as {1} ({2})")
  @CsvSource({
    StripeSimulator.PM_DECLINED + ", CARD_DECLINED, generic_decline",
    "pm_card_chargeDeclined, CARD_DECLINED, generic_decline",
    StripeSimulator.PM_INSUFFICIENT_FUNDS + ", INSUFFICIENT_FUNDS, insufficient_funds",
    StripeSimulator.PM_EXPIRED_CARD + ", EXPIRED_CARD, expired_card",
    StripeSimulator.PM_INCORRECT_CVC + ", INCORRECT_CVC, incorrect_cvc",
    StripeSimulator.PM_LOST_CARD + ", LOST_OR_STOLEN, lost_card",
    StripeSimulator.PM_STOLEN_CARD + ", LOST_OR_STOLEN, stolen_card",
    StripeSimulator.PM_FRAUDULENT + ", FRAUD_SUSPECTED, fraudulent",
    StripeSimulator.PM_PROCESSING_ERROR + ", PROCESSING_ERROR, processing_error",
    StripeSimulator.PM_VELOCITY_LIMIT + ", LIMIT_EXCEEDED, card_velocity_exceeded"
  })
  void cardErrorsAreDeclinesWithTheNeutralAndTheVendorCode(
      String paymentMethod, FailureCode code, String declineCode) {
    PaymentDeclinedException declined =
        catchThrowableOfType(
            PaymentDeclinedException.class, () -> gateway.charge(charge(paymentMethod)));

    assertThat(declined.failure().code()).isEqualTo(code);
    assertThat(declined.failure().vendorCode()).isEqualTo(declineCode);
    assertThat(declined.failure().message()).isNotBlank();
    assertThat(declined.vendorCode()).contains(declineCode);
    assertThat(declined.httpStatus()).hasValue(402);
    assertThat(declined.vendorRequestId())
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    assertThat(declined.idempotencyKey()).contains(IdempotencyKey.of("order-" + paymentMethod));
    assertThat(declined.provider()).contains("stripe");
    PaymentId id = declined.paymentId().orElseThrow();
    Payment failed = gateway.get(id);
    assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
    assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(code));
  }

  @Test
  void aRejectedKeyIsAnAuthenticationFailureThatQuotesNoKey() {
    stripe.acceptApiKeys("sk_test_fake_rotated_999");

    AuthenticationException rejected =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(rejected.httpStatus()).hasValue(401);
    assertThat(rejected.vendorRequestId()).isPresent();
    assertThat(rejected.getMessage()).doesNotContain(StripeSimulator.TEST_API_KEY);
    assertThat(rejected.getMessage()).doesNotContain("sk_test");
  }

  @Test
  void anUnknownPaymentIntentIsNotFound() {
    NotFoundException missing =
        catchThrowableOfType(
            NotFoundException.class, () -> gateway.get(PaymentId.of("stripe", "pi_missing")));

    assertThat(missing.vendorCode()).contains("resource_missing");
    assertThat(missing.httpStatus()).hasValue(404);
    assertThat(missing.vendorRequestId()).isPresent();
  }

  @Test
  void aKeyReusedWithOtherParametersIsAConflict() {
    ChargeRequest first = charge(StripeSimulator.PM_SUCCEEDS);
    gateway.charge(first);

    ConflictException conflict =
        catchThrowableOfType(
            ConflictException.class,
            () -> gateway.charge(first.toBuilder().amount(Money.of("26.00", "EUR")).build()));

    assertThat(conflict.httpStatus()).hasValue(400);
    assertThat(conflict.field()).contains("idempotencyKey");
    assertThat(conflict.getMessage()).contains("same parameters");
    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void aRepeatedChargeIsReplayedByStripeNotChargedTwice() {
    ChargeRequest request = charge(StripeSimulator.PM_SUCCEEDS);

    Payment first = gateway.charge(request);
    Payment again = gateway.charge(request);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(stripe.replays()).isEqualTo(1);
    assertThat(stripe.paymentIntentCount()).isEqualTo(1);
    assertThat(stripe.lastRequest().orElseThrow().getHeaders().get("Idempotency-Key"))
        .isEqualTo(request.idempotencyKey().value());
  }

  @Test
  void anInvalidRequestNamesStripesParamAndCode() {
    Payment authorized =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS).toBuilder()
                .captureMode(CaptureMode.MANUAL)
                .build());

    InvalidRequestException invalid =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                gateway.capture(CaptureRequest.partial(authorized.id(), Money.of("25.01", "EUR"))));

    assertThat(invalid).isNotInstanceOf(ConflictException.class);
    assertThat(invalid.field()).contains("amount_to_capture");
    assertThat(invalid.vendorCode()).contains("amount_too_large");
    assertThat(invalid.httpStatus()).hasValue(400);
  }

  @Test
  void anUnknownPaymentMethodKeepsStripesMessageButMasksTheTokenAsPaymentSourceDoes() {
    String token = "pm_fake_unknown_method_7731";

    InvalidRequestException invalid =
        catchThrowableOfType(InvalidRequestException.class, () -> gateway.charge(charge(token)));

    assertThat(invalid.field()).contains("payment_method");
    // reason(), not getMessage(): this test's idempotency key is built from the token.
    assertThat(invalid.reason())
        .contains("No such PaymentMethod: '****7731'")
        .doesNotContain(token);
    assertThat(PaymentSource.token("stripe", token).toString()).contains("****7731");
  }

  @Test
  void aDeclineMessageNeverQuotesATokenOrClientSecret() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(402)
              .body(
                  "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                      + "\"decline_code\":\"generic_decline\",\"message\":\"Card"
                      + " tok_fake_visa_0042 of pi_fake_1_secret_fake9999 was declined\"}}")
              .build());
      StripePaymentGateway local =
          StripePaymentGateway.builder()
              .baseUrl(server.url("/").toString())
              .apiKey(StripeSimulator.TEST_API_KEY)
              .clock(clock)
              .build();

      PaymentDeclinedException declined =
          catchThrowableOfType(
              PaymentDeclinedException.class, () -> local.charge(charge("pm_fake_card")));

      assertThat(declined.failure().message())
          .contains("Card ****0042 of ****9999 was declined")
          .doesNotContain("tok_fake", "_secret_");
    }
  }

  @Test
  void aStateConflictSuchAsASecondCaptureIsAnInvalidRequestWithStripesCode() {
    Payment paid = gateway.charge(charge(StripeSimulator.PM_SUCCEEDS));

    InvalidRequestException invalid =
        catchThrowableOfType(
            InvalidRequestException.class, () -> gateway.capture(CaptureRequest.full(paid.id())));

    assertThat(invalid.vendorCode()).contains("payment_intent_unexpected_state");
  }

  @Test
  void rateLimitingIsRateLimitedWithTheRetryAfterHint() {
    stripe.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(3)));

    RateLimitedException limited =
        catchThrowableOfType(
            RateLimitedException.class, () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(limited.vendorCode()).contains("rate_limit");
    assertThat(limited.vendorRequestId()).isPresent();
    assertThat(stripe.paymentIntentCount()).isZero();
  }

  @Test
  void anAccountRateLimitIsProviderWideAndALockTimeoutOnlyConcernsItsObject() throws IOException {
    stripe.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(1)));
    RateLimitedException account =
        catchThrowableOfType(
            RateLimitedException.class, () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));
    assertThat(account.scope()).isEqualTo(RateLimitedException.Scope.PROVIDER);

    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .body(
                  "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"lock_timeout\","
                      + "\"message\":\"This object cannot be accessed right now because another"
                      + " API request or Stripe process is currently accessing it.\"}}")
              .build());
      StripePaymentGateway local =
          StripePaymentGateway.builder()
              .baseUrl(server.url("/").toString())
              .apiKey(StripeSimulator.TEST_API_KEY)
              .clock(clock)
              .build();

      RateLimitedException locked =
          catchThrowableOfType(
              RateLimitedException.class, () -> local.charge(charge("pm_fake_card")));

      assertThat(locked.scope()).isEqualTo(RateLimitedException.Scope.REQUEST);
      assertThat(locked.vendorCode()).contains("lock_timeout");
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 503})
  void serverErrorsLeaveTheOutcomeUnknownAndCarryStripesRetryHint(int status) {
    stripe.failNext(1, status == 500 ? SimulatedFault.serverError() : SimulatedFault.unavailable());

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(unknown.httpStatus()).hasValue(status);
    assertThat(unknown.context().vendorRetryHint()).contains(true);
    assertThat(unknown.vendorRequestId()).isPresent();
    assertThat(unknown.requestSent()).isTrue();
  }

  @Test
  void aLostAnswerAfterTheRequestWasSentIsAnUnknownOutcome() {
    stripe.failNext(1, SimulatedFault.resetAfterRequest());

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(unknown.requestSent()).isTrue();
    assertThat(unknown.idempotencyKey())
        .contains(IdempotencyKey.of("order-" + StripeSimulator.PM_SUCCEEDS));
    assertThat(stripe.paymentIntentCount()).as("Stripe acted before the answer was lost").isOne();
  }

  @Test
  void aHangingStripeIsAnUnknownOutcomeAfterTheReadTimeout() {
    stripe.failNext(1, SimulatedFault.hang());

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(unknown.reason()).contains("SocketTimeoutException");
  }

  @Test
  void aMalformedSuccessBodyIsAnUnknownOutcome() {
    stripe.failNext(1, SimulatedFault.malformedBody());

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(unknown.reason()).startsWith("unparseable success body");
  }

  @ParameterizedTest(name = "a body without {0}")
  @ValueSource(strings = {"id", "amount", "currency", "status", "created"})
  void aSuccessBodyMissingARequiredFieldIsATypedUnknownOutcomeNotANullPointer(String field) {
    stripe.respondNextWithout(field);

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class,
            () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS)));

    assertThat(unknown.reason()).startsWith("unparseable success body").contains(field);
    assertThat(unknown.vendorRequestId()).isPresent();
    assertThat(unknown.httpStatus()).hasValue(200);
  }

  /** A gateway on a server of the test's own, for bodies the simulator would never send. */
  private static StripePaymentGateway gatewayOn(MockWebServer server) {
    return StripePaymentGateway.builder()
        .baseUrl(server.url("/").toString())
        .apiKey("sk_test_fake_unexpected")
        .build();
  }

  @Test
  void unknownFieldsAndNewStatusValuesAreTolerated() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Request-Id", "req_new_status")
              .body(
                  "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":1000,"
                      + "\"amount_received\":0,\"currency\":\"eur\",\"status\":\"requires_reauthorization\","
                      + "\"created\":1700000000,\"capture_method\":\"automatic_async\","
                      + "\"brand_new_field\":{\"nested\":[1,2,3]},\"latest_charge\":\"ch_1\","
                      + "\"next_action\":null,\"metadata\":{}}")
              .build());

      Payment payment = gatewayOn(server).get(PaymentId.of("stripe", "pi_1"));

      assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
      assertThat(payment.captureMode()).isEqualTo(CaptureMode.AUTOMATIC);
      assertThat(payment.refunded()).isEqualTo(Money.of("0.00", "EUR"));
      assertThat(payment.vendorRequestId()).contains("req_new_status");
    }
  }

  @Test
  void anErrorThatIsNotStripesJsonIsClassifiedByItsStatus() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(502)
              .setHeader("Content-Type", "text/html")
              .body("<html>Bad gateway</html>")
              .build());

      OutcomeUnknownException unknown =
          catchThrowableOfType(
              OutcomeUnknownException.class,
              () -> gatewayOn(server).charge(charge(StripeSimulator.PM_SUCCEEDS)));

      assertThat(unknown.httpStatus()).hasValue(502);
    }
  }
}
