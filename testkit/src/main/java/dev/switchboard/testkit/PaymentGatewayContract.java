package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PaymentGateway} must show, whether it is the testkit's fake or an
 * adapter talking to its vendor's simulator. An implementation runs it by extending it:
 *
 * <pre>{@code
 * class StripePaymentGatewayContractTest extends PaymentGatewayContract {
 *   protected PaymentGateway gateway() {
 *     return StripePaymentGateway.create(simulatorConfig());
 *   }
 *   protected PaymentTestSources sources() {
 *     return PaymentTestSources.builder().currency("EUR").succeeding(...).declining(...).build();
 *   }
 *   protected Set<PaymentCapability> capabilities() { // declares what it lacks
 *     return EnumSet.complementOf(EnumSet.of(PaymentCapability.APPROVAL_FLOW));
 *   }
 * }
 * }</pre>
 *
 * <p>The suite uses only the port and the sources it is given, so a real adapter can pass it. Tests
 * that need a {@link PaymentCapability} the implementation does not declare are skipped with a
 * message naming it. Amounts are whole minor units of {@link PaymentTestSources#currency()}, well
 * above vendors' minimum charge.
 */
public abstract class PaymentGatewayContract {
  private PaymentGateway gateway;
  private PaymentTestSources sources;

  /**
   * A gateway with no payments of its own making yet. Called at most once per test, on first use,
   * so a subclass's own {@code @BeforeEach} (starting a simulator, say) has already run.
   */
  protected abstract PaymentGateway gateway();

  /** The sources and currency to charge with; called at most once per test. */
  protected abstract PaymentTestSources sources();

  /** What the implementation can do; everything unless overridden. */
  protected Set<PaymentCapability> capabilities() {
    return EnumSet.allOf(PaymentCapability.class);
  }

  /**
   * Whether the suite makes every call through the gateway's {@link PaymentGateway#async()
   * non-blocking form}, waiting for each future; false unless overridden. An implementation runs
   * the suite against both forms by adding a subclass of its contract test that returns true:
   *
   * <pre>{@code
   * class StripeNonBlockingContractTest extends StripePaymentGatewayContractTest {
   *   protected boolean nonBlocking() { return true; }
   * }
   * }</pre>
   */
  protected boolean nonBlocking() {
    return false;
  }

  /**
   * The provider whose name the payments and errors carry: the gateway's own {@link
   * PaymentGateway#provider()} unless overridden. A composite overrides it with the provider that
   * serves the contract's sources.
   */
  protected String servingProvider() {
    return subject().provider();
  }

  @BeforeEach
  void forgetTheLastTestsGateway() {
    gateway = null;
    sources = null;
  }

  // --- charge ---

  @Test
  void providerIsNamedAndCarriedByPaymentIds() {
    Payment payment = subject().charge(charge(given().succeeding(), 5000));

    assertThat(subject().provider()).isNotBlank();
    assertThat(payment.id().provider()).isEqualTo(servingProvider());
    assertThat(payment.id().value()).isNotBlank();
  }

  @Test
  void automaticChargeSucceedsFullyCaptured() {
    Payment payment = subject().charge(charge(given().succeeding(), 5000));

    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(payment.amount()).isEqualTo(money(5000));
    assertThat(payment.captured()).isEqualTo(money(5000));
    assertThat(payment.refunded()).isEqualTo(money(0));
    assertThat(payment.captureMode()).isEqualTo(CaptureMode.AUTOMATIC);
    assertThat(payment.failure()).isEmpty();
    assertThat(payment.created()).isNotNull();
  }

  @Test
  void manualChargeAuthorizesWithoutCapturing() {
    requires(PaymentCapability.MANUAL_CAPTURE);

    Payment payment = subject().charge(authorize(5000));

    assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payment.amount()).isEqualTo(money(5000));
    assertThat(payment.captured()).isEqualTo(money(0));
    assertThat(payment.captureMode()).isEqualTo(CaptureMode.MANUAL);
  }

  @Test
  void getReturnsWhatChargeReturned() {
    Payment charged = subject().charge(charge(given().succeeding(), 5000));

    Payment fetched = subject().get(charged.id());

    assertThat(fetched.id()).isEqualTo(charged.id());
    assertThat(fetched.status()).isEqualTo(charged.status());
    assertThat(fetched.amount()).isEqualTo(charged.amount());
    assertThat(fetched.captured()).isEqualTo(charged.captured());
    assertThat(fetched.refunded()).isEqualTo(charged.refunded());
    assertThat(fetched.captureMode()).isEqualTo(charged.captureMode());
  }

  @Test
  void getOfUnknownPaymentThrowsNotFound() {
    PaymentId unknown = PaymentId.of(servingProvider(), "unknown_" + UUID.randomUUID());

    assertThatThrownBy(() -> subject().get(unknown)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void metadataRoundTrips() {
    requires(PaymentCapability.METADATA);
    Map<String, String> metadata = Map.of("order_id", "42", "note", "gift, wrapped");

    Payment payment =
        subject().charge(charge(given().succeeding(), 5000).toBuilder().metadata(metadata).build());

    assertThat(payment.metadata()).containsAllEntriesOf(metadata);
    assertThat(subject().get(payment.id()).metadata()).containsAllEntriesOf(metadata);
  }

  @Test
  void chargesZeroDecimalCurrencyInWholeUnits() {
    requires(PaymentCapability.ZERO_DECIMAL_CURRENCY);
    Money yen = Money.of("1500", "JPY");
    ChargeRequest request =
        ChargeRequest.builder().amount(yen).source(given().succeeding()).build();
    assertThat(subject().supports(request))
        .as("%s declares ZERO_DECIMAL_CURRENCY, so it must support JPY", implementation())
        .isTrue();

    Payment payment = subject().charge(request);

    assertThat(payment.amount()).isEqualTo(yen);
    assertThat(payment.captured()).isEqualTo(yen);
    assertThat(subject().get(payment.id()).amount().minorUnits()).isEqualTo(1500);
  }

  // --- supports ---

  @Test
  void supportsASourceHoldingThisProvidersToken() {
    assertThat(subject().supports(charge(given().succeeding(), 5000))).isTrue();
  }

  @Test
  void doesNotSupportASourceWithoutThisProvidersToken() {
    PaymentSource foreign = PaymentSource.token("not-" + subject().provider(), "tok_foreign");

    assertThat(subject().supports(charge(foreign, 5000))).isFalse();
  }

  @Test
  void rejectsChargeWithoutThisProvidersToken() {
    PaymentSource foreign = PaymentSource.token("not-" + subject().provider(), "tok_foreign");

    assertThatThrownBy(() -> subject().charge(charge(foreign, 5000)))
        .isInstanceOf(InvalidRequestException.class);
  }

  // --- declines ---

  @Test
  void genericDeclineThrowsPaymentDeclinedWithCode() {
    PaymentDeclinedException declined =
        catchThrowableOfType(
            PaymentDeclinedException.class,
            () -> subject().charge(charge(given().declining(), 5000)));

    assertThat(declined).as("the declining source must be declined").isNotNull();
    assertThat(declined.failure().code()).isEqualTo(FailureCode.CARD_DECLINED);
    assertThat(declined.provider()).contains(servingProvider());
    declined
        .paymentId()
        .ifPresent(
            id -> {
              Payment failed = subject().get(id);
              assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
              assertThat(failed.captured()).isEqualTo(money(0));
              assertThat(failed.failure()).isPresent();
            });
  }

  @Test
  void insufficientFundsDeclineNamesItsReason() {
    requires(PaymentCapability.SPECIFIC_DECLINE_CODES);
    PaymentSource poor = declared(given().insufficientFunds(), "insufficientFunds");

    assertThatThrownBy(() -> subject().charge(charge(poor, 5000)))
        .isInstanceOfSatisfying(
            PaymentDeclinedException.class,
            e -> {
              assertThat(e.failure().code()).isEqualTo(FailureCode.INSUFFICIENT_FUNDS);
              assertThat(e.failure().vendorCode()).isNotBlank();
            });
  }

  @Test
  void requiresActionWithANextActionUrl() {
    requires(PaymentCapability.REQUIRES_ACTION);
    PaymentSource strict = declared(given().requiresAction(), "requiresAction");

    Payment payment = subject().charge(charge(strict, 5000));

    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl()).hasValueSatisfying(PaymentGatewayContract::isWebUrl);
    assertThat(payment.captured()).isEqualTo(money(0));
    assertThat(subject().get(payment.id()).status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
  }

  @Test
  void approvalFlowRequiresActionWithANextActionUrl() {
    requires(PaymentCapability.APPROVAL_FLOW);
    PaymentSource approval =
        PaymentSource.approval(
            URI.create("https://shop.example/return"), URI.create("https://shop.example/cancel"));
    ChargeRequest request = charge(approval, 5000);

    assertThat(subject().supports(request)).isTrue();
    Payment payment = subject().charge(request);

    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl()).hasValueSatisfying(PaymentGatewayContract::isWebUrl);
    assertThat(payment.captured()).isEqualTo(money(0));
  }

  // --- capture ---

  @Test
  void capturesAnAuthorizedPaymentInFull() {
    requires(PaymentCapability.MANUAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));

    Payment captured = subject().capture(CaptureRequest.full(authorized.id()));

    assertThat(captured.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(captured.captured()).isEqualTo(money(5000));
    assertThat(subject().get(authorized.id()).captured()).isEqualTo(money(5000));
  }

  @Test
  void capturesPartOfAnAuthorizedPayment() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.PARTIAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));

    Payment captured = subject().capture(CaptureRequest.partial(authorized.id(), money(3000)));

    assertThat(captured.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(captured.captured()).isEqualTo(money(3000));
    assertThat(captured.amount()).isEqualTo(money(5000));
    assertThat(subject().get(authorized.id()).captured()).isEqualTo(money(3000));
  }

  @Test
  void rejectsCaptureBeyondTheAuthorizedAmount() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.PARTIAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));

    assertThatThrownBy(
            () -> subject().capture(CaptureRequest.partial(authorized.id(), money(5001))))
        .isInstanceOf(InvalidRequestException.class);

    Payment unchanged = subject().get(authorized.id());
    assertThat(unchanged.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(unchanged.captured()).isEqualTo(money(0));
  }

  @Test
  void rejectsASecondCapture() {
    requires(PaymentCapability.MANUAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));
    subject().capture(CaptureRequest.full(authorized.id()));

    assertThatThrownBy(() -> subject().capture(CaptureRequest.full(authorized.id())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(authorized.id()).captured()).isEqualTo(money(5000));
  }

  @Test
  void rejectsCaptureOfAnAutomaticallyCapturedPayment() {
    Payment paid = subject().charge(charge(given().succeeding(), 5000));

    assertThatThrownBy(() -> subject().capture(CaptureRequest.full(paid.id())))
        .isInstanceOf(InvalidRequestException.class);
  }

  // --- cancel ---

  @Test
  void cancelsAnAuthorizedPayment() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.CANCEL);
    Payment authorized = subject().charge(authorize(5000));

    Payment canceled = subject().cancel(CancelRequest.of(authorized.id()));

    assertThat(canceled.status()).isEqualTo(PaymentStatus.CANCELED);
    assertThat(canceled.captured()).isEqualTo(money(0));
    assertThat(subject().get(authorized.id()).status()).isEqualTo(PaymentStatus.CANCELED);
  }

  @Test
  void rejectsCancelAfterCapture() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.CANCEL);
    Payment authorized = subject().charge(authorize(5000));
    subject().capture(CaptureRequest.full(authorized.id()));

    assertThatThrownBy(() -> subject().cancel(CancelRequest.of(authorized.id())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(authorized.id()).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void rejectsCancelOfAnAutomaticallyCapturedPayment() {
    requires(PaymentCapability.CANCEL);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));

    assertThatThrownBy(() -> subject().cancel(CancelRequest.of(paid.id())))
        .isInstanceOf(InvalidRequestException.class);
  }

  // --- refund ---

  @Test
  void refundsAPaymentInFull() {
    Payment paid = subject().charge(charge(given().succeeding(), 5000));

    Refund refund = subject().refund(RefundRequest.full(paid.id()));

    assertThat(refund.paymentId()).isEqualTo(paid.id());
    assertThat(refund.amount()).isEqualTo(money(5000));
    assertThat(refund.id()).isNotBlank();
    Payment after = subject().get(paid.id());
    assertThat(after.refunded()).isEqualTo(money(5000));
    assertThat(after.refundable()).isEqualTo(money(0));
  }

  @Test
  void refundsPartiallyAndRepeatedly() {
    requires(PaymentCapability.PARTIAL_REFUND);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));

    Refund first = subject().refund(RefundRequest.partial(paid.id(), money(1000)));
    Refund second = subject().refund(RefundRequest.partial(paid.id(), money(1500)));

    assertThat(first.amount()).isEqualTo(money(1000));
    assertThat(second.amount()).isEqualTo(money(1500));
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(2500));
  }

  @Test
  void fullRefundAfterAPartialOneTakesTheRest() {
    requires(PaymentCapability.PARTIAL_REFUND);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));
    subject().refund(RefundRequest.partial(paid.id(), money(1000)));

    Refund rest = subject().refund(RefundRequest.full(paid.id()));

    assertThat(rest.amount()).isEqualTo(money(4000));
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(5000));
  }

  @Test
  void rejectsRefundBeyondTheCapturedAmount() {
    requires(PaymentCapability.PARTIAL_REFUND);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));

    assertThatThrownBy(() -> subject().refund(RefundRequest.partial(paid.id(), money(5001))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(0));
  }

  @Test
  void rejectsRefundsBeyondTheCapturedAmountInTotal() {
    requires(PaymentCapability.PARTIAL_REFUND);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));
    subject().refund(RefundRequest.partial(paid.id(), money(3000)));

    assertThatThrownBy(() -> subject().refund(RefundRequest.partial(paid.id(), money(2001))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(3000));
  }

  @Test
  void rejectsRefundOfAFullyRefundedPayment() {
    Payment paid = subject().charge(charge(given().succeeding(), 5000));
    subject().refund(RefundRequest.full(paid.id()));

    assertThatThrownBy(() -> subject().refund(RefundRequest.full(paid.id())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(5000));
  }

  @Test
  void refundsOnlyWhatAPartialCaptureTook() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.PARTIAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));
    subject().capture(CaptureRequest.partial(authorized.id(), money(3000)));

    Refund refund = subject().refund(RefundRequest.full(authorized.id()));

    assertThat(refund.amount()).isEqualTo(money(3000));
  }

  @Test
  void rejectsRefundOfAnUncapturedPayment() {
    requires(PaymentCapability.MANUAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));

    assertThatThrownBy(() -> subject().refund(RefundRequest.full(authorized.id())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(subject().get(authorized.id()).status()).isEqualTo(PaymentStatus.AUTHORIZED);
  }

  // --- idempotency ---

  @Test
  void replaysAChargeWithTheSameKeyAndParameters() {
    ChargeRequest request = charge(given().succeeding(), 5000);
    Payment first = subject().charge(request);

    Payment again = subject().charge(request);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.status()).isEqualTo(first.status());
    assertThat(subject().get(first.id()).captured()).isEqualTo(money(5000));
  }

  @Test
  void replaysAChargeRebuiltWithTheSameKey() {
    IdempotencyKey key = IdempotencyKey.random();
    Payment first =
        subject()
            .charge(charge(given().succeeding(), 5000).toBuilder().idempotencyKey(key).build());

    Payment again =
        subject()
            .charge(charge(given().succeeding(), 5000).toBuilder().idempotencyKey(key).build());

    assertThat(again.id()).isEqualTo(first.id());
  }

  @Test
  void rejectsTheSameKeyWithOtherParameters() {
    ChargeRequest request = charge(given().succeeding(), 5000);
    Payment first = subject().charge(request);

    assertThatThrownBy(() -> subject().charge(request.toBuilder().amount(money(6000)).build()))
        .isInstanceOf(ConflictException.class);
    assertThat(subject().get(first.id()).amount()).isEqualTo(money(5000));
  }

  @Test
  void replaysADeclineWithTheSameKey() {
    ChargeRequest request = charge(given().declining(), 5000);
    PaymentDeclinedException first =
        catchThrowableOfType(PaymentDeclinedException.class, () -> subject().charge(request));
    assertThat(first).as("the declining source must be declined").isNotNull();

    assertThatThrownBy(() -> subject().charge(request))
        .isInstanceOfSatisfying(
            PaymentDeclinedException.class,
            again -> {
              assertThat(again.failure().code()).isEqualTo(first.failure().code());
              assertThat(again.paymentId()).isEqualTo(first.paymentId());
            });
  }

  @Test
  void replaysACaptureWithTheSameKey() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.PARTIAL_CAPTURE);
    Payment authorized = subject().charge(authorize(5000));
    CaptureRequest capture = CaptureRequest.partial(authorized.id(), money(2000));
    subject().capture(capture);

    Payment again = subject().capture(capture);

    assertThat(again.captured()).isEqualTo(money(2000));
    assertThat(subject().get(authorized.id()).captured()).isEqualTo(money(2000));
  }

  @Test
  void replaysACancelWithTheSameKey() {
    requires(PaymentCapability.MANUAL_CAPTURE, PaymentCapability.CANCEL);
    Payment authorized = subject().charge(authorize(5000));
    CancelRequest cancel = CancelRequest.of(authorized.id());
    subject().cancel(cancel);

    Payment again = subject().cancel(cancel);

    assertThat(again.status()).isEqualTo(PaymentStatus.CANCELED);
  }

  @Test
  void replaysARefundWithTheSameKey() {
    requires(PaymentCapability.PARTIAL_REFUND);
    Payment paid = subject().charge(charge(given().succeeding(), 5000));
    RefundRequest refund = RefundRequest.partial(paid.id(), money(1000));
    Refund first = subject().refund(refund);

    Refund again = subject().refund(refund);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(subject().get(paid.id()).refunded()).isEqualTo(money(1000));
  }

  // --- programming errors ---

  /**
   * A null argument is a bug in the caller, not bad input: a {@link NullPointerException} naming
   * the parameter, never an {@link InvalidRequestException} a caller might show to a user.
   */
  @Test
  void aNullArgumentIsANullPointerExceptionNamingTheParameter() {
    List<String> checked =
        NullArguments.assertEachRejected(PaymentGateway.class, subject(), Map.of());

    assertThat(checked)
        .contains(
            "charge(request)",
            "capture(request)",
            "cancel(request)",
            "refund(request)",
            "get(id)",
            "supports(request)",
            "check(request)");
  }

  // --- helpers for subclasses and tests ---

  /** The gateway under test, created on first use in each test. */
  protected final PaymentGateway subject() {
    if (gateway == null) {
      gateway = nonBlocking() ? JoiningPorts.payments(gateway()) : gateway();
    }
    return gateway;
  }

  /** An amount of {@code minorUnits} in the sources' currency. */
  protected final Money money(long minorUnits) {
    return Money.ofMinor(minorUnits, given().currency());
  }

  /** The implementation's sources, asked for once per test. */
  protected final PaymentTestSources given() {
    if (sources == null) {
      sources = sources();
    }
    return sources;
  }

  private ChargeRequest charge(PaymentSource source, long minorUnits) {
    return ChargeRequest.builder()
        .amount(Money.ofMinor(minorUnits, given().currency()))
        .source(source)
        .description("switchboard contract test")
        .build();
  }

  private ChargeRequest authorize(long minorUnits) {
    return charge(given().succeeding(), minorUnits).toBuilder()
        .captureMode(CaptureMode.MANUAL)
        .build();
  }

  private void requires(PaymentCapability... needed) {
    Set<PaymentCapability> declared = capabilities();
    for (PaymentCapability capability : needed) {
      Assumptions.assumeTrue(
          declared.contains(capability), implementation() + " does not declare " + capability);
    }
  }

  private PaymentSource declared(Optional<PaymentSource> source, String name) {
    return source.orElseThrow(
        () ->
            new AssertionError(
                implementation()
                    + " declares the capability but its PaymentTestSources has no "
                    + name
                    + " source"));
  }

  private String implementation() {
    return getClass().getSimpleName();
  }

  private static void isWebUrl(URI url) {
    assertThat(url.isAbsolute()).as("%s is absolute", url).isTrue();
    assertThat(url.getScheme()).isIn("http", "https");
  }
}
