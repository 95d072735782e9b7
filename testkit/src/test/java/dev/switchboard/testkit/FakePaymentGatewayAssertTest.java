package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.RefundRequest;
import org.junit.jupiter.api.Test;

class FakePaymentGatewayAssertTest {
  private final FakePaymentGateway fake = FakePaymentGateway.create();

  private Payment charge(String amount, String currency, CaptureMode mode) {
    return fake.charge(
        ChargeRequest.builder()
            .amount(Money.of(amount, currency))
            .source(fake.source(FakePaymentGateway.TOKEN_SUCCEEDS))
            .captureMode(mode)
            .build());
  }

  @Test
  void passesForAnEmptyFake() {
    new FakePaymentGatewayAssert(fake)
        .hasNoPayments()
        .hasNoRefunds()
        .hasCharged("0.00 EUR")
        .hasRefunded("0.00 EUR");
  }

  @Test
  void sumsCapturedAndRefundedMoneyPerCurrency() {
    Payment eur = charge("10.00", "EUR", CaptureMode.AUTOMATIC);
    charge("5.00", "USD", CaptureMode.AUTOMATIC);
    Payment authorized = charge("7.00", "EUR", CaptureMode.MANUAL);
    fake.refund(RefundRequest.partial(eur.id(), Money.of("2.50", "EUR")));

    new FakePaymentGatewayAssert(fake)
        .hasPaymentCount(3)
        .hasCharged("10.00 EUR")
        .hasCharged(Money.of("5.00", "USD"))
        .hasRefunded("2.50 EUR")
        .hasRefunded(Money.of("0", "USD"))
        .hasRefundCount(1);

    fake.capture(CaptureRequest.partial(authorized.id(), Money.of("3.00", "EUR")));

    new FakePaymentGatewayAssert(fake).hasCharged("13.00 EUR");
  }

  @Test
  void navigatesToPayments() {
    Payment first = charge("10.00", "EUR", CaptureMode.AUTOMATIC);
    charge("3.00", "EUR", CaptureMode.MANUAL);

    new FakePaymentGatewayAssert(fake).lastPayment().hasStatus(PaymentStatus.AUTHORIZED);
    new FakePaymentGatewayAssert(fake).payment(first.id()).hasAmount("10.00 EUR");
  }

  @Test
  void failsOnCountsListingThePayments() {
    Payment paid = charge("10.00", "EUR", CaptureMode.AUTOMATIC);

    assertThatThrownBy(() -> new FakePaymentGatewayAssert(fake).hasNoPayments())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected fake to hold <0> payments but it held <1>")
        .hasMessageContaining(paid.id().toString());
    assertThatThrownBy(() -> new FakePaymentGatewayAssert(fake).hasRefundCount(2))
        .hasMessageContaining("Expected fake to have made <2> refunds but it made <0>");
  }

  @Test
  void failsOnTotalsShowingWhatWasCharged() {
    charge("10.00", "EUR", CaptureMode.AUTOMATIC);

    assertThatThrownBy(() -> new FakePaymentGatewayAssert(fake).hasCharged("12.00 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expected fake to have charged <12.00 EUR> in total but it charged <10.00 EUR>");
    assertThatThrownBy(() -> new FakePaymentGatewayAssert(fake).hasRefunded("1.00 EUR"))
        .hasMessageContaining(
            "Expected fake to have refunded <1.00 EUR> in total but it refunded <0.00 EUR>");
  }

  @Test
  void failsToNavigateToMissingPayments() {
    assertThatThrownBy(() -> new FakePaymentGatewayAssert(fake).lastPayment())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected fake to hold a payment but it held none");
    assertThatThrownBy(
            () -> new FakePaymentGatewayAssert(fake).payment(PaymentId.of("fake", "pay_x")))
        .hasMessageContaining("Expected fake to hold payment <fake:pay_x> but it held only []");
  }
}
