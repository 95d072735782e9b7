package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundReason;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.payments.RefundStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakePaymentGatewayTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final Money TEN = Money.of("10.00", "EUR");

  private final FakePaymentGateway fake =
      FakePaymentGateway.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).seed(42).build();
  private ExecutorService executor;

  @AfterEach
  void stopThreads() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private ChargeRequest charge(String token) {
    return ChargeRequest.builder().amount(TEN).source(fake.source(token)).build();
  }

  private ChargeRequest authorize(String token) {
    return charge(token).toBuilder().captureMode(CaptureMode.MANUAL).build();
  }

  private static Money eur(String amount) {
    return Money.of(amount, "EUR");
  }

  private static String fieldOf(Throwable e) {
    return ((InvalidRequestException) e).field().orElse(null);
  }

  // --- charge ---

  @Test
  void automaticChargeSucceedsFullyCapturedAndIsStored() {
    Payment payment =
        fake.charge(
            charge(FakePaymentGateway.TOKEN_SUCCEEDS).toBuilder()
                .putMetadata("order", "42")
                .build());

    new PaymentAssert(payment)
        .hasStatus(PaymentStatus.SUCCEEDED)
        .hasAmount("10.00 EUR")
        .hasCaptured("10.00 EUR")
        .hasRefunded("0.00 EUR")
        .hasMetadataEntry("order", "42");
    assertThat(payment.id().provider()).isEqualTo("fake");
    assertThat(payment.id().value()).startsWith("pay_");
    assertThat(payment.created()).isEqualTo(NOW);
    assertThat(payment.vendorRequestId()).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
    assertThat(fake.payments()).containsExactly(payment);
    assertThat(fake.payment(payment.id())).contains(payment);
  }

  @Test
  void anyUnlistedTokenSucceeds() {
    assertThat(fake.charge(charge("tok_whatever")).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void manualChargeAuthorizesOnly() {
    Payment payment = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));

    new PaymentAssert(payment).hasStatus(PaymentStatus.AUTHORIZED).hasCaptured("0.00 EUR");
    assertThat(payment.captureMode()).isEqualTo(CaptureMode.MANUAL);
  }

  @ParameterizedTest
  @CsvSource({
    "tok_insufficient_funds, INSUFFICIENT_FUNDS, insufficient_funds",
    "tok_card_declined, CARD_DECLINED, generic_decline",
    "tok_expired_card, EXPIRED_CARD, expired_card",
    "tok_incorrect_cvc, INCORRECT_CVC, incorrect_cvc",
    "tok_lost_card, LOST_OR_STOLEN, lost_card",
    "tok_fraudulent, FRAUD_SUSPECTED, fraudulent"
  })
  void declinesEachDeclineTokenWithItsCodesAndKeepsAFailedPayment(
      String token, FailureCode code, String vendorCode) {
    ChargeRequest request = charge(token);

    PaymentDeclinedException declined =
        (PaymentDeclinedException) catchThrowable(() -> fake.charge(request));

    assertThat(declined.failure().code()).isEqualTo(code);
    assertThat(declined.failure().vendorCode()).isEqualTo(vendorCode);
    assertThat(declined.vendorCode()).contains(vendorCode);
    assertThat(declined.provider()).contains("fake");
    assertThat(declined.operation()).contains("charge");
    assertThat(declined.idempotencyKey()).contains(request.idempotencyKey());
    assertThat(declined.requestSent()).isTrue();
    PaymentId id = declined.paymentId().orElseThrow();
    new PaymentAssert(fake.get(id))
        .hasStatus(PaymentStatus.FAILED)
        .hasFailureCode(code)
        .hasCaptured("0.00 EUR");
  }

  @Test
  void threeDSecureTokenRequiresActionUntilCompleted() {
    Payment payment = fake.charge(charge(FakePaymentGateway.TOKEN_REQUIRES_ACTION));

    new PaymentAssert(payment)
        .requiresActionAt(FakePaymentGateway.ACTION_URL_BASE.resolve("3ds/" + payment.id().value()))
        .hasCaptured("0.00 EUR");

    Payment completed = fake.completeAction(payment.id());

    new PaymentAssert(completed).hasStatus(PaymentStatus.SUCCEEDED).hasCaptured("10.00 EUR");
    assertThat(completed.nextActionUrl()).isEmpty();
    assertThat(fake.get(payment.id())).isEqualTo(completed);
  }

  @Test
  void completedActionOnAManualChargeAuthorizes() {
    Payment payment = fake.charge(authorize(FakePaymentGateway.TOKEN_REQUIRES_ACTION));

    new PaymentAssert(fake.completeAction(payment.id()))
        .hasStatus(PaymentStatus.AUTHORIZED)
        .hasCaptured("0.00 EUR");
  }

  @Test
  void failedActionFailsThePayment() {
    Payment payment = fake.charge(charge(FakePaymentGateway.TOKEN_REQUIRES_ACTION));

    new PaymentAssert(fake.failAction(payment.id()))
        .hasStatus(PaymentStatus.FAILED)
        .hasFailureCode(FailureCode.AUTHENTICATION_REQUIRED);
  }

  @Test
  void completingAPaymentThatAwaitsNoActionIsRejected() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThatThrownBy(() -> fake.completeAction(paid.id()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is SUCCEEDED, not REQUIRES_ACTION");
    assertThatThrownBy(() -> fake.failAction(PaymentId.of("fake", "pay_missing")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> fake.completeAction(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void approvalSourceRequiresApprovalAtTheFakesUrl() {
    PaymentSource approval =
        PaymentSource.approval(
            URI.create("https://shop.example/ok"), URI.create("https://shop.example/no"));

    Payment payment = fake.charge(ChargeRequest.builder().amount(TEN).source(approval).build());

    new PaymentAssert(payment)
        .requiresActionAt(
            FakePaymentGateway.ACTION_URL_BASE.resolve("approve/" + payment.id().value()));
    new PaymentAssert(fake.completeAction(payment.id())).hasStatus(PaymentStatus.SUCCEEDED);
  }

  @Test
  void approvalFlowCanBeTurnedOff() {
    FakePaymentGateway noApproval = FakePaymentGateway.builder().approvalFlow(false).build();
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(TEN)
            .source(
                PaymentSource.approval(
                    URI.create("https://shop.example/ok"), URI.create("https://shop.example/no")))
            .build();

    assertThat(noApproval.supports(request)).isFalse();
    assertThatThrownBy(() -> noApproval.charge(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not offer an approval flow");
    new FakePaymentGatewayAssert(noApproval).hasNoPayments();
  }

  // --- supports ---

  @Test
  void supportsOnlySourcesWithItsOwnTokenAndAcceptedCurrencies() {
    FakePaymentGateway eurOnly =
        FakePaymentGateway.builder().provider("acme").currencies("EUR", "USD").build();
    PaymentSource both = PaymentSource.token("stripe", "pm_1").orToken("acme", "tok_succeeds");

    assertThat(eurOnly.provider()).isEqualTo("acme");
    assertThat(eurOnly.supports(ChargeRequest.builder().amount(TEN).source(both).build())).isTrue();
    assertThat(
            eurOnly.supports(
                ChargeRequest.builder()
                    .amount(TEN)
                    .source(PaymentSource.token("stripe", "pm_1"))
                    .build()))
        .isFalse();
    assertThat(
            eurOnly.supports(
                ChargeRequest.builder().amount(Money.of("1000", "JPY")).source(both).build()))
        .isFalse();
  }

  @Test
  void rejectsChargesItDoesNotSupportWithoutRememberingTheKey() {
    FakePaymentGateway eurOnly = FakePaymentGateway.builder().currencies("EUR").build();
    IdempotencyKey key = IdempotencyKey.of("order-1");
    ChargeRequest yen =
        ChargeRequest.builder()
            .amount(Money.of("1000", "JPY"))
            .source(eurOnly.source(FakePaymentGateway.TOKEN_SUCCEEDS))
            .idempotencyKey(key)
            .build();

    assertThatThrownBy(() -> eurOnly.charge(yen))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not accept JPY")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("amount"));
    assertThatThrownBy(
            () -> eurOnly.charge(yen.toBuilder().source(PaymentSource.token("x", "y")).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("holds no token for provider \"fake\"")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("source"));

    Payment paid = eurOnly.charge(yen.toBuilder().amount(TEN).build());

    assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  // --- capture ---

  @Test
  void capturesPartiallyAndReleasesTheRest() {
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));

    Payment captured = fake.capture(CaptureRequest.partial(authorized.id(), eur("4.00")));

    new PaymentAssert(captured)
        .hasStatus(PaymentStatus.SUCCEEDED)
        .hasAmount("10.00 EUR")
        .hasCaptured("4.00 EUR");
    assertThatThrownBy(() -> fake.capture(CaptureRequest.partial(authorized.id(), eur("6.00"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is SUCCEEDED; only AUTHORIZED payments can be captured");
  }

  @Test
  void rejectsCaptureBeyondTheAuthorizedAmount() {
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThatThrownBy(() -> fake.capture(CaptureRequest.partial(authorized.id(), eur("10.01"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cannot capture 10.01 EUR")
        .hasMessageContaining("only 10.00 EUR is authorized")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("amount"));
    new PaymentAssert(fake.get(authorized.id())).hasStatus(PaymentStatus.AUTHORIZED);
  }

  @Test
  void rejectsCaptureInAnotherCurrency() {
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThatThrownBy(
            () -> fake.capture(CaptureRequest.partial(authorized.id(), Money.of("1.00", "USD"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not in the currency of payment");
  }

  @Test
  void rejectsCaptureOfPaymentsThatAreNotAuthorized() {
    Payment action = fake.charge(authorize(FakePaymentGateway.TOKEN_REQUIRES_ACTION));

    assertThatThrownBy(() -> fake.capture(CaptureRequest.full(action.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is REQUIRES_ACTION")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("paymentId"));
  }

  // --- cancel ---

  @Test
  void cancelsAuthorizedAndActionRequiringPayments() {
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment waiting = fake.charge(charge(FakePaymentGateway.TOKEN_REQUIRES_ACTION));

    new PaymentAssert(fake.cancel(CancelRequest.of(authorized.id())))
        .hasStatus(PaymentStatus.CANCELED);
    Payment canceled = fake.cancel(CancelRequest.of(waiting.id()));

    new PaymentAssert(canceled).hasStatus(PaymentStatus.CANCELED);
    assertThat(canceled.nextActionUrl()).isEmpty();
  }

  @Test
  void rejectsCancelAfterCaptureAndOfFinalPayments() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));
    fake.cancel(CancelRequest.of(authorized.id()));

    assertThatThrownBy(() -> fake.cancel(CancelRequest.of(paid.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("refund captured money instead");
    assertThatThrownBy(() -> fake.cancel(CancelRequest.of(authorized.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is CANCELED");
  }

  // --- refund ---

  @Test
  void refundsRepeatedlyUpToWhatWasCaptured() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));

    Refund first =
        fake.refund(
            RefundRequest.builder()
                .paymentId(paid.id())
                .amount(eur("3.00"))
                .reason(RefundReason.REQUESTED_BY_CUSTOMER)
                .putMetadata("ticket", "T-1")
                .build());
    Refund rest = fake.refund(RefundRequest.full(paid.id()));

    assertThat(first.amount()).isEqualTo(eur("3.00"));
    assertThat(first.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(first.reason()).contains(RefundReason.REQUESTED_BY_CUSTOMER);
    assertThat(first.metadata()).containsEntry("ticket", "T-1");
    assertThat(first.created()).isEqualTo(NOW);
    assertThat(first.id()).startsWith("re_");
    assertThat(rest.amount()).isEqualTo(eur("7.00"));
    assertThat(fake.refunds()).containsExactly(first, rest);
    new PaymentAssert(fake.get(paid.id()))
        .hasStatus(PaymentStatus.SUCCEEDED)
        .hasRefunded("10.00 EUR");
    new FakePaymentGatewayAssert(fake).hasCharged("10.00 EUR").hasRefunded("10.00 EUR");
  }

  @Test
  void rejectsRefundBeyondTheCapturedAmount() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    fake.refund(RefundRequest.partial(paid.id(), eur("6.00")));

    assertThatThrownBy(() -> fake.refund(RefundRequest.partial(paid.id(), eur("4.01"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cannot refund 4.01 EUR")
        .hasMessageContaining("only 4.00 EUR of the 10.00 EUR captured is still refundable")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("amount"));
    new FakePaymentGatewayAssert(fake).hasRefundCount(1).hasRefunded("6.00 EUR");
  }

  @Test
  void rejectsAFullRefundWhenNothingIsLeft() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    fake.refund(RefundRequest.full(paid.id()));

    assertThatThrownBy(() -> fake.refund(RefundRequest.full(paid.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nothing left to refund")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("amount"));
  }

  @Test
  void rejectsRefundOfAnUncapturedPayment() {
    Payment authorized = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThatThrownBy(() -> fake.refund(RefundRequest.full(authorized.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nothing is captured yet, cancel it instead");
    new FakePaymentGatewayAssert(fake).hasNoRefunds();
  }

  @Test
  void rejectsRefundInAnotherCurrencyOrOfAFailedPayment() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    PaymentId failed =
        ((PaymentDeclinedException)
                catchThrowable(() -> fake.charge(charge(FakePaymentGateway.TOKEN_CARD_DECLINED))))
            .paymentId()
            .orElseThrow();

    assertThatThrownBy(() -> fake.refund(RefundRequest.partial(paid.id(), Money.of("1.00", "GBP"))))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> fake.refund(RefundRequest.full(failed)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("only SUCCEEDED payments can be refunded");
  }

  // --- get and ids ---

  @Test
  void getOfAnUnknownPaymentThrowsNotFoundNamingTheProvider() {
    assertThatThrownBy(() -> fake.get(PaymentId.of("fake", "pay_missing")))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.provider()).contains("fake");
              assertThat(e.operation()).contains("get");
              assertThat(e.reason()).isEqualTo("no payment fake:pay_missing");
            });
    assertThatThrownBy(() -> fake.capture(CaptureRequest.full(PaymentId.of("fake", "pay_x"))))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> fake.refund(RefundRequest.full(PaymentId.of("fake", "pay_x"))))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> fake.cancel(CancelRequest.of(PaymentId.of("fake", "pay_x"))))
        .isInstanceOf(NotFoundException.class);
    assertThat(fake.payment(PaymentId.of("fake", "pay_missing"))).isEmpty();
  }

  @Test
  void rejectsIdsOfAnotherProvider() {
    assertThatThrownBy(() -> fake.get(PaymentId.of("stripe", "pi_1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("belongs to provider \"stripe\", not \"fake\"")
        .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("paymentId"));
    assertThatThrownBy(() -> fake.refund(RefundRequest.full(PaymentId.of("stripe", "pi_1"))))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void rejectsNullRequests() {
    assertThatThrownBy(() -> fake.charge(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fake.capture(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fake.cancel(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fake.refund(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fake.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fake.supports(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void sameSeedGivesSameIds() {
    FakePaymentGateway twin =
        FakePaymentGateway.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).seed(42).build();

    Payment mine = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment theirs = twin.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));

    assertThat(theirs.id()).isEqualTo(mine.id());
  }

  @Test
  void listsPaymentsInCreationOrderAsUnmodifiableCopies() {
    Payment first = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment second = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));
    List<Payment> snapshot = fake.payments();

    fake.capture(CaptureRequest.full(second.id()));

    assertThat(snapshot).containsExactly(first, second);
    assertThat(fake.payments()).extracting(Payment::id).containsExactly(first.id(), second.id());
    assertThatThrownBy(() -> snapshot.add(first)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(fake.toString())
        .isEqualTo("FakePaymentGateway[provider=fake, payments=2, refunds=0]");
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> FakePaymentGateway.builder().provider(" "))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> FakePaymentGateway.builder().clock(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FakePaymentGateway.builder().currencies(List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> FakePaymentGateway.builder().currencies("XXX"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(FakePaymentGateway.create().provider())
        .isEqualTo(FakePaymentGateway.DEFAULT_PROVIDER);
  }

  // --- idempotency ---

  @Test
  void replaysAChargeWithTheSameKeyWithoutChargingAgain() {
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);
    Payment first = fake.charge(request);

    Payment again = fake.charge(request.toBuilder().build());

    assertThat(again).isEqualTo(first);
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1).hasCharged("10.00 EUR");
  }

  @Test
  void replayReturnsTheFirstResultEvenAfterLaterChanges() {
    ChargeRequest request = authorize(FakePaymentGateway.TOKEN_SUCCEEDS);
    Payment first = fake.charge(request);
    fake.capture(CaptureRequest.full(first.id()));

    assertThat(fake.charge(request).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(fake.get(first.id()).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void replaysADeclineWithTheSameKey() {
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_INSUFFICIENT_FUNDS);
    PaymentDeclinedException first =
        (PaymentDeclinedException) catchThrowable(() -> fake.charge(request));

    assertThatThrownBy(() -> fake.charge(request))
        .isInstanceOfSatisfying(
            PaymentDeclinedException.class,
            again -> {
              assertThat(again.paymentId()).isEqualTo(first.paymentId());
              assertThat(again.failure()).isEqualTo(first.failure());
            });
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1).hasCharged("0.00 EUR");
  }

  @Test
  void rejectsAKeyReusedWithOtherParameters() {
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);
    fake.charge(request);

    assertThatThrownBy(() -> fake.charge(request.toBuilder().amount(eur("10.01")).build()))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.field()).contains("idempotencyKey");
              assertThat(e.reason()).contains("with other parameters");
              assertThat(e.idempotencyKey()).contains(request.idempotencyKey());
            });
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1);
  }

  @Test
  void rejectsAKeyReusedForAnotherOperation() {
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);
    Payment paid = fake.charge(request);

    assertThatThrownBy(
            () ->
                fake.refund(
                    RefundRequest.builder()
                        .paymentId(paid.id())
                        .idempotencyKey(request.idempotencyKey())
                        .build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("was already used for a charge");
    new FakePaymentGatewayAssert(fake).hasNoRefunds();
  }

  @Test
  void replaysCaptureCancelAndRefundWithTheirKeys() {
    Payment toCapture = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment toCancel = fake.charge(authorize(FakePaymentGateway.TOKEN_SUCCEEDS));
    CaptureRequest capture = CaptureRequest.partial(toCapture.id(), eur("5.00"));
    CancelRequest cancel = CancelRequest.of(toCancel.id());
    RefundRequest refund = RefundRequest.partial(toCapture.id(), eur("1.00"));

    Payment captured = fake.capture(capture);
    Payment canceled = fake.cancel(cancel);
    Refund refunded = fake.refund(refund);

    assertThat(fake.capture(capture)).isEqualTo(captured);
    assertThat(fake.cancel(cancel)).isEqualTo(canceled);
    assertThat(fake.refund(refund)).isEqualTo(refunded);
    new FakePaymentGatewayAssert(fake).hasRefundCount(1).hasCharged("5.00 EUR");
  }

  @Test
  void concurrentChargesWithOneKeyCreateOnePayment() throws Exception {
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);
    List<Payment> results = runConcurrently(16, () -> fake.charge(request));

    assertThat(results.stream().map(Payment::id).collect(Collectors.toSet())).hasSize(1);
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1);
  }

  @Test
  void concurrentChargesWithDistinctKeysCreateDistinctPayments() throws Exception {
    List<Payment> results =
        runConcurrently(32, () -> fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS)));

    Set<PaymentId> ids = results.stream().map(Payment::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(32);
    new FakePaymentGatewayAssert(fake).hasPaymentCount(32).hasCharged("320.00 EUR");
  }

  @Test
  void concurrentRefundsNeverExceedTheCapturedAmount() throws Exception {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));

    List<Object> outcomes =
        runConcurrently(
            16,
            () -> {
              try {
                return fake.refund(RefundRequest.partial(paid.id(), eur("1.00")));
              } catch (InvalidRequestException e) {
                return e;
              }
            });

    assertThat(outcomes).filteredOn(Refund.class::isInstance).hasSize(10);
    new FakePaymentGatewayAssert(fake).hasRefunded("10.00 EUR");
  }

  // --- failure injection ---

  @Test
  void injectedUnavailabilityChangesNothing() {
    fake.failures().failNext(1, Failure.unavailable());
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);

    assertThatThrownBy(() -> fake.charge(request))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.provider()).contains("fake");
              assertThat(e.operation()).contains("charge");
            });
    new FakePaymentGatewayAssert(fake).hasNoPayments();

    assertThat(fake.charge(request).status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(fake.failures().calls()).isEqualTo(2);
  }

  @Test
  void retryWithTheSameKeyAfterAnUnknownOutcomeReplaysTheCharge() {
    fake.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);

    assertThatThrownBy(() -> fake.charge(request))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1).hasCharged("10.00 EUR");

    Payment retried = fake.charge(request);

    assertThat(retried.id()).isEqualTo(fake.payments().get(0).id());
    new FakePaymentGatewayAssert(fake).hasPaymentCount(1).hasCharged("10.00 EUR");
  }

  @Test
  void retryWithTheSameKeyAfterAnUnknownRefundOutcomeRefundsOnce() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    RefundRequest refund = RefundRequest.partial(paid.id(), eur("4.00"));
    fake.failures().failNext(1, Failure.outcomeUnknownAfterActing());

    assertThatThrownBy(() -> fake.refund(refund)).isInstanceOf(OutcomeUnknownException.class);
    Refund retried = fake.refund(refund);

    assertThat(fake.refunds()).containsExactly(retried);
    new PaymentAssert(fake.get(paid.id())).hasRefunded("4.00 EUR");
  }

  @Test
  void anOutageFailsEveryPortCallUntilRecovery() {
    Payment paid = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    fake.failures().goDown();

    assertThatThrownBy(() -> fake.get(paid.id())).isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> fake.refund(RefundRequest.full(paid.id())))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> fake.capture(CaptureRequest.full(paid.id())))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> fake.cancel(CancelRequest.of(paid.id())))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(fake.supports(charge(FakePaymentGateway.TOKEN_SUCCEEDS))).isTrue();

    fake.failures().recover();

    assertThat(fake.get(paid.id()).id()).isEqualTo(paid.id());
    new FakePaymentGatewayAssert(fake).hasNoRefunds();
  }

  @Test
  void injectedErrorsAreSwitchboardExceptionsCarryingTheKey() {
    fake.failures().failNext(1, Failure.rateLimited(Duration.ofSeconds(2)));
    ChargeRequest request = charge(FakePaymentGateway.TOKEN_SUCCEEDS);

    assertThatThrownBy(() -> fake.charge(request))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.idempotencyKey()).contains(request.idempotencyKey()));
  }

  private <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
    executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          executor.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(10, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void refundsOfTheWholeGatewayAreListedInOrder() {
    Payment a = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));
    Payment b = fake.charge(charge(FakePaymentGateway.TOKEN_SUCCEEDS));

    Refund first = fake.refund(RefundRequest.partial(b.id(), eur("2.00")));
    Refund second = fake.refund(RefundRequest.partial(a.id(), eur("3.00")));

    assertThat(fake.refunds()).containsExactly(first, second);
    assertThat(Map.of(first.paymentId(), first.amount(), second.paymentId(), second.amount()))
        .containsEntry(b.id(), eur("2.00"))
        .containsEntry(a.id(), eur("3.00"));
  }
}
