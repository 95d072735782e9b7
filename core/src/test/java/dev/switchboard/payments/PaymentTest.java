package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentTest {
  private static final PaymentId ID = PaymentId.of("fake", "pay_1");
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final Money TEN = Money.of("10.00", "EUR");

  private static Payment.Builder authorized() {
    return Payment.builder()
        .id(ID)
        .status(PaymentStatus.AUTHORIZED)
        .amount(TEN)
        .created(NOW)
        .captureMode(CaptureMode.MANUAL);
  }

  @Test
  void defaultsToNothingCapturedOrRefunded() {
    Payment payment = authorized().build();

    assertThat(payment.captured()).isEqualTo(Money.ofMinor(0, "EUR"));
    assertThat(payment.refunded()).isEqualTo(Money.ofMinor(0, "EUR"));
    assertThat(payment.refundable().isZero()).isTrue();
    assertThat(payment.nextActionUrl()).isEmpty();
    assertThat(payment.failure()).isEmpty();
    assertThat(payment.metadata()).isEmpty();
    assertThat(payment.vendorRequestId()).isEmpty();
    assertThat(
            Payment.builder()
                .id(ID)
                .status(PaymentStatus.SUCCEEDED)
                .amount(TEN)
                .created(NOW)
                .build()
                .captureMode())
        .isEqualTo(CaptureMode.AUTOMATIC);
  }

  @Test
  void refundableIsCapturedLessRefunded() {
    Payment payment =
        authorized()
            .status(PaymentStatus.SUCCEEDED)
            .captured(Money.of("8.00", "EUR"))
            .refunded(Money.of("3.00", "EUR"))
            .build();

    assertThat(payment.refundable()).isEqualTo(Money.of("5.00", "EUR"));
  }

  @Test
  void keepsEveryValueGivenAndCopiesIntoANewState() {
    URI action = URI.create("https://bank.example/3ds");
    Payment payment =
        authorized()
            .status(PaymentStatus.REQUIRES_ACTION)
            .nextActionUrl(action)
            .metadata(Map.of("order", "42"))
            .vendorRequestId("req_1")
            .build();

    Payment next = payment.toBuilder().status(PaymentStatus.AUTHORIZED).nextActionUrl(null).build();

    assertThat(payment.nextActionUrl()).contains(action);
    assertThat(payment.metadata()).containsEntry("order", "42");
    assertThat(payment.vendorRequestId()).contains("req_1");
    assertThat(payment.created()).isEqualTo(NOW);
    assertThat(next.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(next.nextActionUrl()).isEmpty();
    assertThat(next.metadata()).isEqualTo(payment.metadata());
    assertThat(payment.toBuilder().build()).isEqualTo(payment).hasSameHashCodeAs(payment);
    assertThat(next).isNotEqualTo(payment);
  }

  @Test
  void printsAFailureAndNoMetadataValues() {
    Payment failed =
        authorized()
            .status(PaymentStatus.FAILED)
            .failure(new PaymentFailure(FailureCode.INSUFFICIENT_FUNDS, "insufficient_funds", null))
            .metadata(Map.of("email", "a@b.example"))
            .build();

    assertThat(failed.toString())
        .contains("fake:pay_1", "FAILED", "INSUFFICIENT_FUNDS (insufficient_funds)", "1 entries")
        .doesNotContain("a@b.example");
    assertThat(failed.failure()).map(PaymentFailure::code).contains(FailureCode.INSUFFICIENT_FUNDS);
  }

  @Test
  void requiresIdStatusAmountAndCreated() {
    assertThatThrownBy(
            () -> Payment.builder().status(PaymentStatus.FAILED).amount(TEN).created(NOW).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("id is required");
    assertThatThrownBy(() -> authorized().created(null))
        .hasMessageStartingWith("created is required");
    assertThatThrownBy(() -> Payment.builder().id(ID).amount(TEN).created(NOW).build())
        .hasMessageStartingWith("status is required");
  }

  @Test
  void rejectsCapturedBeyondAmountAndRefundedBeyondCaptured() {
    assertThatThrownBy(() -> authorized().captured(Money.of("10.01", "EUR")).build())
        .hasMessageStartingWith("captured 10.01 EUR is more than the amount 10.00 EUR");
    assertThatThrownBy(
            () ->
                authorized()
                    .captured(Money.of("5.00", "EUR"))
                    .refunded(Money.of("5.01", "EUR"))
                    .build())
        .hasMessageStartingWith("refunded 5.01 EUR is more than captured 5.00 EUR");
  }

  @Test
  void rejectsAmountsInDifferentCurrencies() {
    assertThatThrownBy(() -> authorized().captured(Money.of("1.00", "USD")).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must share one currency");
  }
}
