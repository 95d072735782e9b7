package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorTaxonomyTest {
  private final IdempotencyKey key = IdempotencyKey.of("order-42");
  private final ErrorContext context =
      ErrorContext.builder()
          .provider("acme")
          .operation("charge")
          .httpStatus(503)
          .vendorCode("overloaded")
          .vendorRequestId("req_1")
          .idempotencyKey(key)
          .requestSent(true)
          .build();

  @Test
  void everyExceptionCarriesTheCallsContext() {
    OutcomeUnknownException e = new OutcomeUnknownException("read timed out", context);

    assertThat(e.provider()).contains("acme");
    assertThat(e.operation()).contains("charge");
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.vendorCode()).contains("overloaded");
    assertThat(e.vendorRequestId()).contains("req_1");
    assertThat(e.idempotencyKey()).contains(key);
    assertThat(e.requestSent()).isTrue();
    assertThat(e.reason()).isEqualTo("read timed out");
  }

  @Test
  void messageAppendsTheContextForLogs() {
    SwitchboardException e = new ProviderUnavailableException("connect refused", context);

    assertThat(e.getMessage())
        .isEqualTo(
            "connect refused [provider=acme, operation=charge, status=503, vendorCode=overloaded,"
                + " vendorRequestId=req_1, idempotencyKey=order-42, sent=true]");
  }

  @Test
  void locallyRejectedInputHasNoProviderAndWasNotSent() {
    InvalidRequestException e = InvalidRequestException.invalidField("amount", "amount < 0");

    assertThat(e.provider()).isEmpty();
    assertThat(e.requestSent()).isFalse();
    assertThat(e.field()).contains("amount");
    assertThat(e.getMessage()).isEqualTo("amount < 0 [field=amount]");
  }

  @Test
  void conflictIsAnInvalidRequest() {
    SwitchboardException e = new ConflictException("key reused", context);

    assertThat(e).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void rateLimitedCarriesTheHintAndRejectsNegativeOnes() {
    assertThat(new RateLimitedException("slow down", context, Duration.ofSeconds(2)).retryAfter())
        .contains(Duration.ofSeconds(2));
    assertThat(new RateLimitedException("slow down", context, null).retryAfter()).isEmpty();
    assertThatThrownBy(() -> new RateLimitedException("x", context, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAfter");
  }

  @Test
  void declineNamesTheNeutralAndTheVendorCode() {
    PaymentFailure failure =
        new PaymentFailure(FailureCode.INSUFFICIENT_FUNDS, "insufficient_funds", "Not enough");
    PaymentDeclinedException e =
        new PaymentDeclinedException(context, failure, PaymentId.of("acme", "pi_1"), null);

    assertThat(e.failure()).isEqualTo(failure);
    assertThat(e.paymentId()).contains(PaymentId.of("acme", "pi_1"));
    assertThat(e.reason())
        .isEqualTo("payment declined: INSUFFICIENT_FUNDS (insufficient_funds): Not enough");
  }

  @Test
  void allProvidersUnavailableKeepsEveryCauseInOrderAndAsSuppressed() {
    var first = new ProviderUnavailableException("primary down", context);
    var second = new RateLimitedException("backup throttled", context, null);

    var e =
        new AllProvidersUnavailableException(
            "no provider could charge", ErrorContext.local("charge"), List.of(first, second));

    assertThat(e.causes()).containsExactly(first, second);
    assertThat(e.getSuppressed()).containsExactly(first, second);
  }

  @Test
  void webhookVerificationSaysWhatWasWrong() {
    var e =
        new WebhookVerificationException(
            WebhookVerificationException.Problem.TIMESTAMP_OUT_OF_TOLERANCE,
            "timestamp 400 s old, tolerance 300 s",
            ErrorContext.builder().provider("acme").operation("verify").build());

    assertThat(e.problem())
        .isEqualTo(WebhookVerificationException.Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(e.getMessage()).startsWith("timestamp 400 s old");
  }

  @Test
  void contextRejectsImpossibleStatus() {
    assertThatThrownBy(() -> ErrorContext.builder().httpStatus(42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("42");
  }

  @Test
  void contextsWithTheSameFieldsAreEqualAndToBuilderCopiesThem() {
    assertThat(context.toBuilder().build()).isEqualTo(context).hasSameHashCodeAs(context);
    assertThat(context.toBuilder().requestSent(false).build()).isNotEqualTo(context);
    assertThat(context.toBuilder().vendorRetryHint(false).build())
        .isNotEqualTo(context)
        .hasToString(context + ", vendorRetryHint=false");
    assertThat(ErrorContext.empty().httpStatus()).isEmpty();
    assertThat(ErrorContext.local("send").operation()).contains("send");
  }
}
