package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefundTest {
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

  private static Refund.Builder valid() {
    return Refund.builder()
        .id("re_1")
        .paymentId(PaymentId.of("fake", "pay_1"))
        .amount(Money.of("5.00", "EUR"))
        .status(RefundStatus.SUCCEEDED)
        .created(NOW);
  }

  @Test
  void keepsEveryValueGiven() {
    Refund refund =
        valid()
            .reason(RefundReason.FRAUDULENT)
            .metadata(Map.of("ticket", "T-1"))
            .vendorRequestId("req_9")
            .build();

    assertThat(refund.id()).isEqualTo("re_1");
    assertThat(refund.paymentId()).isEqualTo(PaymentId.of("fake", "pay_1"));
    assertThat(refund.amount()).isEqualTo(Money.of("5.00", "EUR"));
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(refund.created()).isEqualTo(NOW);
    assertThat(refund.reason()).contains(RefundReason.FRAUDULENT);
    assertThat(refund.metadata()).containsEntry("ticket", "T-1");
    assertThat(refund.vendorRequestId()).contains("req_9");
    assertThat(refund.toBuilder().build()).isEqualTo(refund).hasSameHashCodeAs(refund);
    assertThat(refund.toBuilder().status(RefundStatus.FAILED).build()).isNotEqualTo(refund);
    assertThat(refund)
        .hasToString("Refund[id=re_1, paymentId=fake:pay_1, amount=5.00 EUR, status=SUCCEEDED]");
  }

  @Test
  void defaultsToNoReasonMetadataOrRequestId() {
    Refund refund = valid().build();

    assertThat(refund.reason()).isEmpty();
    assertThat(refund.metadata()).isEmpty();
    assertThat(refund.vendorRequestId()).isEmpty();
  }

  @Test
  void requiresItsIdentityAmountStatusAndTime() {
    assertThatThrownBy(() -> valid().id(" ")).hasMessageStartingWith("refund id is blank");
    assertThatThrownBy(() -> Refund.builder().build()).hasMessageStartingWith("id is required");
    assertThatThrownBy(() -> valid().status(null)).hasMessageStartingWith("status is required");
    assertThatThrownBy(
            () ->
                Refund.builder()
                    .id("re_1")
                    .amount(Money.of("1.00", "EUR"))
                    .status(RefundStatus.PENDING)
                    .created(NOW)
                    .build())
        .hasMessageStartingWith("paymentId is required");
  }
}
