package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Capture, cancel and refund requests: defaults, factories, checks and parameter equality. */
class RequestsTest {
  private static final PaymentId ID = PaymentId.of("stripe", "pi_1");
  private static final Money FIVE = Money.of("5.00", "EUR");

  @Test
  void fullCaptureHasNoAmountAndARandomKey() {
    CaptureRequest request = CaptureRequest.full(ID);

    assertThat(request.paymentId()).isEqualTo(ID);
    assertThat(request.amount()).isEmpty();
    assertThat(request.idempotencyKey()).isNotEqualTo(CaptureRequest.full(ID).idempotencyKey());
    assertThat(request.toString()).contains("amount=full");
  }

  @Test
  void partialCaptureCarriesItsAmount() {
    CaptureRequest request = CaptureRequest.partial(ID, FIVE);

    assertThat(request.amount()).contains(FIVE);
    assertThat(
            request.sameParametersAs(
                request.toBuilder().idempotencyKey(IdempotencyKey.random()).build()))
        .isTrue();
    assertThat(request.sameParametersAs(CaptureRequest.full(ID))).isFalse();
    assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
  }

  @Test
  void captureRejectsMissingIdAndZeroAmount() {
    assertThatThrownBy(() -> CaptureRequest.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("paymentId must be set");
    assertThatThrownBy(() -> CaptureRequest.partial(ID, Money.ofMinor(0, "EUR")))
        .hasMessageStartingWith("capture amount must be more than zero");
    assertThatThrownBy(() -> CaptureRequest.full(null)).hasMessageStartingWith("paymentId == null");
    assertThatThrownBy(() -> CaptureRequest.builder().idempotencyKey(null))
        .hasMessageStartingWith("idempotencyKey == null");
  }

  @Test
  void cancelCarriesAnOptionalReason() {
    CancelRequest plain = CancelRequest.of(ID);
    CancelRequest withReason =
        CancelRequest.builder()
            .paymentId(ID)
            .reason("customer changed their mind")
            .idempotencyKey(IdempotencyKey.of("cancel-1"))
            .build();

    assertThat(plain.reason()).isEmpty();
    assertThat(withReason.reason()).contains("customer changed their mind");
    assertThat(withReason.idempotencyKey()).isEqualTo(IdempotencyKey.of("cancel-1"));
    assertThat(plain.sameParametersAs(withReason)).isFalse();
    assertThat(plain.sameParametersAs(CancelRequest.of(ID))).isTrue();
    assertThat(withReason.toBuilder().build()).isEqualTo(withReason).hasSameHashCodeAs(withReason);
    assertThat(withReason.toString()).contains("stripe:pi_1").doesNotContain("changed");
  }

  @Test
  void cancelRejectsMissingIdAndBlankReason() {
    assertThatThrownBy(() -> CancelRequest.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("paymentId must be set");
    assertThatThrownBy(() -> CancelRequest.builder().reason(" "))
        .hasMessageStartingWith("reason is blank");
    assertThatThrownBy(() -> CancelRequest.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void fullRefundTakesEverythingRefundable() {
    RefundRequest request = RefundRequest.full(ID);

    assertThat(request.amount()).isEmpty();
    assertThat(request.reason()).isEmpty();
    assertThat(request.metadata()).isEmpty();
    assertThat(request.toString()).contains("all refundable");
  }

  @Test
  void refundCarriesAmountReasonAndMetadata() {
    RefundRequest request =
        RefundRequest.builder()
            .paymentId(ID)
            .amount(FIVE)
            .reason(RefundReason.DUPLICATE)
            .metadata(Map.of("ticket", "T-9"))
            .putMetadata("agent", "ann")
            .build();

    assertThat(request.amount()).contains(FIVE);
    assertThat(request.reason()).contains(RefundReason.DUPLICATE);
    assertThat(request.metadata()).containsEntry("ticket", "T-9").containsEntry("agent", "ann");
    assertThat(request.sameParametersAs(RefundRequest.partial(ID, FIVE))).isFalse();
    assertThat(RefundRequest.partial(ID, FIVE).sameParametersAs(RefundRequest.partial(ID, FIVE)))
        .isTrue();
    assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
  }

  @Test
  void refundRejectsMissingIdZeroAmountAndBadMetadata() {
    assertThatThrownBy(() -> RefundRequest.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("paymentId must be set");
    assertThatThrownBy(() -> RefundRequest.partial(ID, Money.ofMinor(0, "EUR")))
        .hasMessageStartingWith("refund amount must be more than zero");
    assertThatThrownBy(() -> RefundRequest.builder().paymentId(ID).putMetadata("", "v").build())
        .hasMessageStartingWith("metadata key is blank");
    assertThatThrownBy(() -> RefundRequest.builder().paymentId(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("paymentId == null");
    assertThatThrownBy(() -> RefundRequest.builder().idempotencyKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("idempotencyKey == null");
  }
}
