package dev.switchboard.examples;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.Failure;
import dev.switchboard.testkit.FakeEmailSender;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.InMemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A shop's checkout written against Switchboard's ports, run on the testkit's fakes: no network, no
 * credentials. It charges, captures, refunds, handles a decline and a lost answer, stores the
 * receipt and mails it, printing what happens at each step.
 *
 * <p>Run it from the project root with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=dev.switchboard.examples.QuickStart}.
 */
public final class QuickStart {
  private final PaymentGateway payments;
  private final EmailSender email;
  private final BlobStore receipts;
  private final FakePaymentGateway fakePayments;

  private QuickStart(FakePaymentGateway payments, EmailSender email, BlobStore receipts) {
    this.payments = payments;
    this.email = email;
    this.receipts = receipts;
    this.fakePayments = payments;
  }

  public static void main(String[] args) {
    System.out.println("Switchboard quick start: every port on the testkit fakes.");
    new QuickStart(
            FakePaymentGateway.builder().seed(42).build(),
            FakeEmailSender.builder().seed(42).build(),
            InMemoryBlobStore.builder().seed(42).build())
        .run();
  }

  private void run() {
    PaymentSource card = fakePayments.source(FakePaymentGateway.TOKEN_SUCCEEDS);

    section("Payments through provider '" + payments.provider() + "'");
    Payment paid = payments.charge(charge("order-1001", "12.34", card, CaptureMode.AUTOMATIC));
    step("charge 12.34 EUR", describe(paid));

    Payment held = payments.charge(charge("order-1002", "50.00", card, CaptureMode.MANUAL));
    step("authorize 50.00 EUR", describe(held));
    Payment captured =
        payments.capture(CaptureRequest.partial(held.id(), Money.of("30.00", "EUR")));
    step("capture 30.00 EUR of it", describe(captured));
    Refund refund = payments.refund(RefundRequest.partial(paid.id(), Money.of("2.34", "EUR")));
    step("refund 2.34 EUR of the first", refund.id() + " " + refund.status());

    PaymentSource poorCard = fakePayments.source(FakePaymentGateway.TOKEN_INSUFFICIENT_FUNDS);
    try {
      payments.charge(charge("order-1003", "99.00", poorCard, CaptureMode.AUTOMATIC));
    } catch (PaymentDeclinedException e) {
      step("charge a card without funds", "declined, " + e.failure().describe());
    }

    section("A lost answer is retried with the same idempotency key");
    ChargeRequest order = charge("order-1004", "7.50", card, CaptureMode.AUTOMATIC);
    fakePayments.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    try {
      payments.charge(order);
    } catch (OutcomeUnknownException e) {
      step("charge 7.50 EUR", "outcome unknown, key " + e.idempotencyKey().orElseThrow());
    }
    Payment replayed = payments.charge(order);
    long charges =
        fakePayments.payments().stream().filter(p -> p.amount().equals(order.amount())).count();
    step("retry with the same key", describe(replayed) + "; 7.50 EUR charged " + charges + "x");

    section("Receipt stored and mailed");
    String text = "Order 1001\nTotal 12.34 EUR\nRefunded 2.34 EUR\n";
    BlobInfo stored =
        receipts.put(
            "receipts/order-1001.txt",
            BlobContent.ofString(text),
            PutOptions.builder().contentType("text/plain").metadata("order", "1001").build());
    step("store " + stored.key(), stored.size() + " bytes, etag " + stored.etag());
    step(
        "presign a download for 15 minutes",
        receipts.presign(stored.key(), PresignRequest.get(Duration.ofMinutes(15))).toString());

    SendResult sent =
        email.send(
            EmailMessage.builder()
                .from("shop@example.com")
                .to("ann@example.com")
                .subject("Your receipt for order 1001")
                .text(text)
                .addAttachment(
                    Attachment.of(
                        "receipt.txt", "text/plain", text.getBytes(StandardCharsets.UTF_8)))
                .addTag("receipt")
                .build());
    step("mail the receipt to ann@example.com", "accepted as " + sent.messageId());
  }

  private static ChargeRequest charge(
      String orderId, String amount, PaymentSource source, CaptureMode mode) {
    return ChargeRequest.builder()
        .amount(Money.of(amount, "EUR"))
        .source(source)
        .captureMode(mode)
        .description("Order " + orderId)
        .putMetadata("order", orderId)
        .idempotencyKey(IdempotencyKey.of(orderId + "-charge"))
        .build();
  }

  private static String describe(Payment p) {
    return p.id() + " " + p.status() + ", captured " + p.captured() + ", refunded " + p.refunded();
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static void step(String what, String outcome) {
    System.out.printf("  %-38s -> %s%n", what, outcome);
  }
}
