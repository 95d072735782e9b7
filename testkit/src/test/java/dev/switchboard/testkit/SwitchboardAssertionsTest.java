package dev.switchboard.testkit;

import static dev.switchboard.testkit.SwitchboardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import org.junit.jupiter.api.Test;

/** The testkit as an application's test uses it: fakes in, one static import for the checks. */
class SwitchboardAssertionsTest {
  private final FakePaymentGateway payments = FakePaymentGateway.create();
  private final FakeEmailSender email = FakeEmailSender.create();
  private final InMemoryBlobStore blobs = InMemoryBlobStore.create();

  /** A tiny application under test: charge, store the receipt, mail it. */
  private Payment checkout(String orderId, Money total, IdempotencyKey key) {
    Payment payment =
        payments.charge(
            ChargeRequest.builder()
                .amount(total)
                .source(payments.source(FakePaymentGateway.TOKEN_SUCCEEDS))
                .putMetadata("order", orderId)
                .idempotencyKey(key)
                .build());
    String receipt = "Order " + orderId + ": " + total;
    blobs.put(
        "receipts/" + orderId + ".txt",
        BlobContent.ofString(receipt),
        PutOptions.builder().contentType("text/plain").build());
    email.send(
        EmailMessage.builder()
            .from("shop@example.com")
            .to("ann@example.com")
            .subject("Your receipt for order " + orderId)
            .text(receipt)
            .build());
    return payment;
  }

  @Test
  void assertsAcrossEveryFakeThroughOneEntryPoint() {
    Payment payment = checkout("42", Money.of("12.34", "EUR"), IdempotencyKey.random());
    payments.refund(RefundRequest.partial(payment.id(), Money.of("2.00", "EUR")));

    assertThat(payment).hasStatus(PaymentStatus.SUCCEEDED).hasCaptured("12.34 EUR");
    assertThat(payments).hasCharged("12.34 EUR").hasRefunded("2.00 EUR").hasPaymentCount(1);
    assertThat(blobs).hasContent("receipts/42.txt", "Order 42: 12.34 EUR");
    assertThat(blobs.stat("receipts/42.txt").orElseThrow()).hasContentType("text/plain");
    assertThat(email).hasSent(1).lastSent().hasSubject("Your receipt for order 42");
    assertThat(Money.of("12.34", "EUR")).isEqualTo("12.34 EUR");
  }

  @Test
  void aRetryWithTheSameKeyAfterALostAnswerChargesOnce() {
    IdempotencyKey key = IdempotencyKey.of("order-43-charge");
    payments.failures().failNext(1, Failure.outcomeUnknownAfterActing());

    assertThatThrownBy(() -> checkout("43", Money.of("5.00", "EUR"), key))
        .isInstanceOf(OutcomeUnknownException.class);
    checkout("43", Money.of("5.00", "EUR"), key);

    assertThat(payments).hasPaymentCount(1).hasCharged("5.00 EUR");
    assertThat(email).hasSent(1);
  }

  @Test
  void aFailingAssertionSaysWhatWasExpected() {
    checkout("44", Money.of("1.00", "EUR"), IdempotencyKey.random());

    assertThatThrownBy(() -> assertThat(email).hasSent(2))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2");
    assertThatThrownBy(() -> assertThat(payments).hasCharged("9.99 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("9.99 EUR");
  }
}
