package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundReason;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.payments.RefundStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the adapter puts on the wire, field by field and header by header, and what it reads. */
class StripePaymentGatewayRequestTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TestClock clock = TestClock.at(NOW);
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private StripePaymentGateway gateway;

  @BeforeEach
  void start() {
    stripe.start();
    gateway = gateway(null);
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private StripePaymentGateway gateway(URI returnUrl) {
    return StripePaymentGateway.builder()
        .baseUrl(stripe.baseUrl().toString())
        .apiKey(StripeSimulator.TEST_API_KEY)
        .returnUrl(returnUrl)
        .clock(clock)
        .build();
  }

  private static ChargeRequest.Builder charge(String paymentMethod, Money amount) {
    return ChargeRequest.builder()
        .amount(amount)
        .source(PaymentSource.token("stripe", paymentMethod).orToken("fake", "tok_other"));
  }

  private RecordedRequest last() {
    return stripe.lastRequest().orElseThrow();
  }

  private static Map<String, String> fields(String... keysAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }

  private static void hasStripeHeaders(RecordedRequest request, String idempotencyKey) {
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StripeSimulator.TEST_API_KEY);
    assertThat(request.getHeaders().get("Stripe-Version"))
        .isEqualTo(StripePaymentGateway.DEFAULT_API_VERSION);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(idempotencyKey);
    assertThat(request.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    assertThat(request.getHeaders().get("User-Agent")).contains("payments-stripe");
  }

  @Test
  void chargeCreatesAConfirmedPaymentIntentWithEveryFieldFormEncoded() {
    Payment payment =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("12.34", "EUR"))
                .description("Order 42")
                .statementDescriptor("ORDER 42")
                .customerReference("customer-7")
                .putMetadata("order_id", "42")
                .putMetadata("note", "gift, wrapped & boxed")
                .idempotencyKey(IdempotencyKey.of("order-42"))
                .build());

    RecordedRequest request = last();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/payment_intents");
    hasStripeHeaders(request, "order-42");
    assertThat(Forms.of(request))
        .containsExactlyEntriesOf(
            fields(
                "amount", "1234",
                "currency", "eur",
                "payment_method", "pm_card_visa",
                "confirm", "true",
                "capture_method", "automatic",
                "automatic_payment_methods[enabled]", "true",
                "automatic_payment_methods[allow_redirects]", "never",
                "description", "Order 42",
                "statement_descriptor_suffix", "ORDER 42",
                "metadata[order_id]", "42",
                "metadata[note]", "gift, wrapped & boxed",
                "metadata[customer_reference]", "customer-7",
                "expand[0]", "latest_charge"));
    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(payment.captured()).isEqualTo(Money.of("12.34", "EUR"));
    assertThat(payment.created()).isEqualTo(NOW);
    assertThat(payment.metadata())
        .containsEntry("order_id", "42")
        .containsEntry("customer_reference", "customer-7");
    assertThat(payment.vendorRequestId())
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
  }

  @Test
  void manualChargeAsksForManualCaptureAndIsAuthorized() {
    Payment payment =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "USD"))
                .captureMode(CaptureMode.MANUAL)
                .build());

    assertThat(Forms.of(last())).containsEntry("capture_method", "manual");
    assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payment.captureMode()).isEqualTo(CaptureMode.MANUAL);
    assertThat(payment.captured()).isEqualTo(Money.of("0.00", "USD"));
  }

  @Test
  void withAReturnUrlTheChargeSendsItAndThreeDSecureRedirectsUntilCompleted() {
    StripePaymentGateway redirecting = gateway(URI.create("https://shop.example/3ds-done"));

    Payment payment =
        redirecting.charge(
            charge(StripeSimulator.PM_AUTHENTICATION_REQUIRED, Money.of("20.00", "EUR")).build());

    Map<String, String> form = Forms.of(last());
    assertThat(form).containsEntry("return_url", "https://shop.example/3ds-done");
    assertThat(form)
        .doesNotContainKeys(
            "automatic_payment_methods[enabled]", "automatic_payment_methods[allow_redirects]");
    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl())
        .hasValue(
            URI.create(
                stripe
                    .baseUrl()
                    .resolve(StripeSimulator.AUTHENTICATE_PATH + payment.id().value())
                    .toString()));
    stripe.completeAction(payment.id().value());
    assertThat(redirecting.get(payment.id()).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void withoutAReturnUrlThreeDSecureStillRequiresActionButHasNoUrl() {
    Payment payment =
        gateway.charge(
            charge(StripeSimulator.PM_AUTHENTICATION_REQUIRED, Money.of("20.00", "EUR")).build());

    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl()).isEmpty();
  }

  @Test
  void failedAuthenticationLeavesAFailedPaymentWithTheReason() {
    Payment payment =
        gateway.charge(
            charge(StripeSimulator.PM_AUTHENTICATION_REQUIRED, Money.of("20.00", "EUR")).build());
    stripe.failAction(payment.id().value());

    Payment failed = gateway.get(payment.id());

    assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
    assertThat(failed.failure())
        .hasValueSatisfying(
            f -> {
              assertThat(f.code())
                  .isEqualTo(dev.switchboard.payments.FailureCode.AUTHENTICATION_REQUIRED);
              assertThat(f.vendorCode()).isEqualTo("payment_intent_authentication_failure");
            });
  }

  @Test
  void partialCaptureSendsAmountToCaptureWithTheCapturesOwnKey() {
    Payment authorized =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR"))
                .captureMode(CaptureMode.MANUAL)
                .build());

    Payment captured =
        gateway.capture(
            CaptureRequest.partial(authorized.id(), Money.of("30.00", "EUR")).toBuilder()
                .idempotencyKey(IdempotencyKey.of("capture-1"))
                .build());

    RecordedRequest request = last();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1/payment_intents/" + authorized.id().value() + "/capture");
    hasStripeHeaders(request, "capture-1");
    assertThat(Forms.of(request))
        .containsExactlyEntriesOf(
            fields("amount_to_capture", "3000", "expand[0]", "latest_charge"));
    assertThat(captured.captured()).isEqualTo(Money.of("30.00", "EUR"));
    assertThat(captured.vendorRequestId()).isPresent();
  }

  @Test
  void fullCaptureSendsNoAmount() {
    Payment authorized =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR"))
                .captureMode(CaptureMode.MANUAL)
                .build());

    gateway.capture(CaptureRequest.full(authorized.id()));

    assertThat(Forms.of(last())).containsExactlyEntriesOf(fields("expand[0]", "latest_charge"));
  }

  @Test
  void cancelSendsStripesOwnReasonsOnlyAndReturnsTheCanceledPayment() {
    Payment first =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR"))
                .captureMode(CaptureMode.MANUAL)
                .build());
    Payment second =
        gateway.charge(
            charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR"))
                .captureMode(CaptureMode.MANUAL)
                .build());

    Payment canceled =
        gateway.cancel(
            CancelRequest.builder()
                .paymentId(first.id())
                .reason("Duplicate")
                .idempotencyKey(IdempotencyKey.of("cancel-1"))
                .build());
    RecordedRequest request = last();
    gateway.cancel(
        CancelRequest.builder().paymentId(second.id()).reason("changed my mind").build());

    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1/payment_intents/" + first.id().value() + "/cancel");
    hasStripeHeaders(request, "cancel-1");
    assertThat(Forms.of(request))
        .containsExactlyEntriesOf(
            fields("cancellation_reason", "duplicate", "expand[0]", "latest_charge"));
    assertThat(Forms.of(last())).containsExactlyEntriesOf(fields("expand[0]", "latest_charge"));
    assertThat(canceled.status()).isEqualTo(PaymentStatus.CANCELED);
  }

  @Test
  void refundSendsThePaymentIntentAmountReasonAndMetadata() {
    Payment paid =
        gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR")).build());

    Refund refund =
        gateway.refund(
            RefundRequest.builder()
                .paymentId(paid.id())
                .amount(Money.of("10.00", "EUR"))
                .reason(RefundReason.REQUESTED_BY_CUSTOMER)
                .putMetadata("ticket", "T-9")
                .idempotencyKey(IdempotencyKey.of("refund-1"))
                .build());

    RecordedRequest request = last();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/refunds");
    hasStripeHeaders(request, "refund-1");
    assertThat(Forms.of(request))
        .containsExactlyEntriesOf(
            fields(
                "payment_intent", paid.id().value(),
                "amount", "1000",
                "reason", "requested_by_customer",
                "metadata[ticket]", "T-9"));
    assertThat(refund.id()).startsWith("re_");
    assertThat(refund.paymentId()).isEqualTo(paid.id());
    assertThat(refund.amount()).isEqualTo(Money.of("10.00", "EUR"));
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(refund.reason()).contains(RefundReason.REQUESTED_BY_CUSTOMER);
    assertThat(refund.metadata()).containsEntry("ticket", "T-9");
    assertThat(refund.created()).isEqualTo(NOW);
    assertThat(refund.vendorRequestId()).isPresent();
    assertThat(gateway.get(paid.id()).refunded()).isEqualTo(Money.of("10.00", "EUR"));
  }

  @Test
  void getReadsThePaymentIntentWithItsLatestChargeExpandedAndSendsNoKeyOrBody() {
    Payment paid =
        gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, Money.of("50.00", "EUR")).build());

    Payment fetched = gateway.get(paid.id());

    RecordedRequest request = last();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1/payment_intents/" + paid.id().value());
    assertThat(request.getUrl().queryParameter("expand[]")).isEqualTo("latest_charge");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StripeSimulator.TEST_API_KEY);
    assertThat(request.getHeaders().get("Stripe-Version"))
        .isEqualTo(StripePaymentGateway.DEFAULT_API_VERSION);
    assertThat(request.getBodySize()).isZero();
    assertThat(fetched.vendorRequestId()).isPresent().isNotEqualTo(paid.vendorRequestId());
  }

  @Test
  void theApiVersionIsConfigurable() {
    StripePaymentGateway pinned =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .apiVersion("2025-08-27.basil")
            .build();

    pinned.charge(charge(StripeSimulator.PM_SUCCEEDS, Money.of("5.00", "EUR")).build());

    assertThat(last().getHeaders().get("Stripe-Version")).isEqualTo("2025-08-27.basil");
  }

  @Test
  void aSourceWithoutThisProvidersTokenIsRefusedBeforeAnythingIsSent() {
    ChargeRequest foreign =
        ChargeRequest.builder()
            .amount(Money.of("5.00", "EUR"))
            .source(PaymentSource.token("paypal", "vault-1"))
            .build();

    assertThatThrownBy(() -> gateway.charge(foreign))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("source"));
    assertThat(gateway.supports(foreign)).isFalse();
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void theTokenIsTakenUnderTheConfiguredProviderName() {
    StripePaymentGateway named =
        StripePaymentGateway.builder()
            .provider("stripe-eu")
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .build();

    Payment paid =
        named.charge(
            ChargeRequest.builder()
                .amount(Money.of("5.00", "EUR"))
                .source(
                    PaymentSource.token("stripe", "pm_card_mastercard")
                        .orToken("stripe-eu", StripeSimulator.PM_SUCCEEDS))
                .build());

    assertThat(Forms.of(last())).containsEntry("payment_method", StripeSimulator.PM_SUCCEEDS);
    assertThat(paid.id().provider()).isEqualTo("stripe-eu");
  }

  @Test
  void aConflictingCustomerReferenceInTheMetadataIsRefusedBeforeAnythingIsSent() {
    ChargeRequest request =
        charge(StripeSimulator.PM_SUCCEEDS, Money.of("5.00", "EUR"))
            .customerReference("customer-7")
            .putMetadata("customer_reference", "customer-8")
            .build();

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).contains("customerReference"));
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void aCustomerReferenceTheMetadataAlreadyHoldsIsSentOnce() {
    gateway.charge(
        charge(StripeSimulator.PM_SUCCEEDS, Money.of("5.00", "EUR"))
            .putMetadata("customer_reference", "customer-7")
            .customerReference("customer-7")
            .build());

    String body = last().getBody().utf8();
    assertThat(body.split("metadata%5Bcustomer_reference%5D=customer-7", -1)).hasSize(2);
  }

  @ParameterizedTest(name = "{0} {1} is sent as amount={2}")
  @CsvSource({
    "12.34, EUR, 1234, two decimals",
    "1500, JPY, 1500, zero-decimal",
    "1500, KRW, 1500, zero-decimal",
    "1500, MGA, 1500, zero-decimal in Stripe though ISO 4217 has two",
    "5, ISK, 500, two-decimal integer ending in 00",
    "5000, UGX, 500000, two-decimal integer ending in 00",
    "12.34, HUF, 1234, two decimals for charges (zero-decimal only for payouts)",
    "100.50, TWD, 10050, two decimals for charges (zero-decimal only for payouts)",
    "1.230, KWD, 1230, three decimals with a last digit of 0",
    "4.560, BHD, 4560, three decimals with a last digit of 0",
    "7.20, IQD, 720, two decimals in Stripe though ISO 4217 has three"
  })
  void amountsAreSentInStripesOwnUnitsAndReadBackUnchanged(
      String amount, String currency, String wire, String rule) {
    Money money = Money.of(amount, currency);

    Payment paid = gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, money).build());

    assertThat(Forms.of(last()))
        .as(rule)
        .containsEntry("amount", wire)
        .containsEntry("currency", currency.toLowerCase(java.util.Locale.ROOT));
    assertThat(paid.amount()).isEqualTo(money);
    assertThat(paid.captured()).isEqualTo(money);
    assertThat(gateway.get(paid.id()).amount()).isEqualTo(money);
  }

  @ParameterizedTest(name = "{0} {1} cannot be charged")
  @CsvSource({
    "12.34, MGA",
    "1.235, KWD",
    "1.001, BHD",
    "7.255, IQD",
  })
  void amountsStripeCannotRepresentAreRefusedBeforeAnythingIsSent(String amount, String currency) {
    ChargeRequest request = charge(StripeSimulator.PM_SUCCEEDS, Money.of(amount, currency)).build();

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("amount"));
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void aPartialRefundInAZeroDecimalSpecialCaseIsSentInStripesUnits() {
    Payment paid =
        gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, Money.of("50", "ISK")).build());

    Refund refund = gateway.refund(RefundRequest.partial(paid.id(), Money.of("20", "ISK")));

    assertThat(Forms.of(last())).containsEntry("amount", "2000");
    assertThat(refund.amount()).isEqualTo(Money.of("20", "ISK"));
    assertThat(gateway.get(paid.id()).refunded()).isEqualTo(Money.of("20", "ISK"));
  }
}
