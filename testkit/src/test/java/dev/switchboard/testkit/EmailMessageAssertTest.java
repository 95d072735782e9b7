package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.email.EmailMessage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EmailMessageAssertTest {
  private final EmailMessage message =
      EmailMessage.builder()
          .from("shop@example.com")
          .to("ann@example.com")
          .cc("carol@example.com")
          .bcc("dave@example.com")
          .subject("Your receipt")
          .text("Thanks for order 42")
          .html("<p>Thanks for order 42</p>")
          .addAttachment("receipt.pdf", null, new byte[] {1})
          .addTag("receipt")
          .header("X-Campaign", "spring")
          .metadata("orderId", "42")
          .build();

  private EmailMessageAssert assertThatMessage() {
    return new EmailMessageAssert(message);
  }

  private static void failsWith(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(AssertionError.class).hasMessageContaining(message);
  }

  @Test
  void passesOnEveryMatchingField() {
    assertThatMessage()
        .hasSubject("Your receipt")
        .hasRecipient("ann@example.com")
        .hasRecipient("Carol <carol@EXAMPLE.com>")
        .hasRecipient("dave@example.com")
        .hasTextContaining("order 42")
        .hasHtmlContaining("<p>")
        .hasAttachment("receipt.pdf")
        .hasTag("receipt")
        .hasHeader("x-campaign", "spring")
        .hasMetadata("orderId", "42");
  }

  @Test
  void failureMessagesSayWhatWasExpectedAndWhatWasThere() {
    failsWith(
        () -> assertThatMessage().hasSubject("Hello"),
        "Expected the subject to be <Hello> but it was <Your receipt>");
    failsWith(
        () -> assertThatMessage().hasRecipient("bob@example.com"),
        "Expected <bob@example.com> among the recipients but they were to=[ann@example.com],"
            + " cc=[carol@example.com], bcc=[dave@example.com]");
    failsWith(
        () -> assertThatMessage().hasTextContaining("refund"),
        "Expected the text body to contain <refund> but it was <Thanks for order 42>");
    failsWith(
        () -> assertThatMessage().hasHtmlContaining("refund"),
        "Expected the html body to contain <refund> but it was <<p>Thanks for order 42</p>>");
    failsWith(
        () -> assertThatMessage().hasAttachment("invoice.pdf"),
        "Expected an attachment named <invoice.pdf> but the attachments were [receipt.pdf]");
    failsWith(
        () -> assertThatMessage().hasTag("promo"),
        "Expected the tag <promo> but the tags were [receipt]");
    failsWith(
        () -> assertThatMessage().hasHeader("X-Other", "1"),
        "Expected the header <X-Other> but the headers were [X-Campaign]");
    failsWith(
        () -> assertThatMessage().hasHeader("X-Campaign", "winter"),
        "Expected the header <X-Campaign> to be <winter> but it was <spring>");
    failsWith(
        () -> assertThatMessage().hasMetadata("customer", "7"),
        "Expected the metadata key <customer> but the keys were [orderId]");
    failsWith(
        () -> assertThatMessage().hasMetadata("orderId", "43"),
        "Expected the metadata <orderId> to be <43> but it was <42>");
  }

  @Test
  void saysWhenABodyIsMissingAndQuotesOnlyTheStartOfALongBody() {
    EmailMessage htmlOnly =
        message.toBuilder().text(null).html("<p>" + "x".repeat(500) + "</p>").build();
    failsWith(
        () -> new EmailMessageAssert(htmlOnly).hasTextContaining("x"),
        "Expected the text body to contain <x> but the message has no text body");
    assertThatThrownBy(() -> new EmailMessageAssert(htmlOnly).hasHtmlContaining("y"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("…")
        .hasMessageNotContaining("x".repeat(300));
  }
}
