package dev.switchboard.testkit;

import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.storage.BlobInfo;

/**
 * The one static import for asserting on Switchboard's fakes and model with AssertJ.
 *
 * <pre>{@code
 * import static dev.switchboard.testkit.SwitchboardAssertions.assertThat;
 *
 * assertThat(email).hasSent(1).lastSent().hasSubject("Your receipt").hasAttachment("receipt.pdf");
 * assertThat(payments).hasCharged("12.34 EUR").lastPayment().hasStatus(PaymentStatus.SUCCEEDED);
 * assertThat(blobs).hasContent("receipts/42.txt", "Total: 12.34 EUR");
 * }</pre>
 *
 * <p>It sits beside AssertJ's own {@code Assertions.assertThat}: both can be imported statically,
 * and Java picks the overload by the argument's type.
 */
public final class SwitchboardAssertions {
  private SwitchboardAssertions() {}

  /** Assertions on what a {@link FakePaymentGateway} charged and refunded. */
  public static FakePaymentGatewayAssert assertThat(FakePaymentGateway actual) {
    return new FakePaymentGatewayAssert(actual);
  }

  /** Assertions on a {@link Payment}'s status and amounts. */
  public static PaymentAssert assertThat(Payment actual) {
    return new PaymentAssert(actual);
  }

  /** Assertions on an amount of {@link Money}. */
  public static MoneyAssert assertThat(Money actual) {
    return new MoneyAssert(actual);
  }

  /** Assertions on what a {@link FakeEmailSender} accepted. */
  public static FakeEmailSenderAssert assertThat(FakeEmailSender actual) {
    return new FakeEmailSenderAssert(actual);
  }

  /** Assertions on one {@link EmailMessage}. */
  public static EmailMessageAssert assertThat(EmailMessage actual) {
    return new EmailMessageAssert(actual);
  }

  /** Assertions on what an {@link InMemoryBlobStore} holds. */
  public static InMemoryBlobStoreAssert assertThat(InMemoryBlobStore actual) {
    return new InMemoryBlobStoreAssert(actual);
  }

  /** Assertions on a blob's {@link BlobInfo}. */
  public static BlobInfoAssert assertThat(BlobInfo actual) {
    return new BlobInfoAssert(actual);
  }
}
