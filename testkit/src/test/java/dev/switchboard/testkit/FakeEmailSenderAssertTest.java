package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.email.EmailMessage;
import org.junit.jupiter.api.Test;

class FakeEmailSenderAssertTest {
  private final FakeEmailSender fake = FakeEmailSender.create();

  private static EmailMessage message(String subject, String to) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to(to)
        .subject(subject)
        .text("Thanks")
        .build();
  }

  @Test
  void passesWhenTheFakeSentWhatIsExpected() {
    fake.send(message("one", "ann@example.com"));
    fake.send(message("two", "bob@example.com"));
    new FakeEmailSenderAssert(fake)
        .hasSent(2)
        .hasSentTo("ann@example.com")
        .hasSentTo("Bob <BOB@example.COM>".replace("BOB", "bob"))
        .lastSent()
        .hasSubject("two");
  }

  @Test
  void hasSentNothingPassesOnAFreshFake() {
    new FakeEmailSenderAssert(fake).hasSentNothing().hasSent(0);
  }

  @Test
  void hasSentFailsNamingTheCountAndSubjects() {
    fake.send(message("Receipt", "ann@example.com"));
    assertThatThrownBy(() -> new FakeEmailSenderAssert(fake).hasSent(2))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected fake to have sent 2 message(s) but it sent 1: [Receipt]");
  }

  @Test
  void hasSentNothingFailsListingWhatWasSent() {
    fake.send(message("Receipt", "ann@example.com"));
    assertThatThrownBy(() -> new FakeEmailSenderAssert(fake).hasSentNothing())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected fake to have sent nothing but it sent 1: [Receipt]");
  }

  @Test
  void hasSentToFailsListingTheRecipients() {
    fake.send(message("Receipt", "ann@example.com"));
    assertThatThrownBy(() -> new FakeEmailSenderAssert(fake).hasSentTo("bob@example.com"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to <bob@example.com> but the recipients were [[ann@example.com]]");
  }

  @Test
  void lastSentFailsWhenNothingWasSent() {
    assertThatThrownBy(() -> new FakeEmailSenderAssert(fake).lastSent())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected fake to have sent a message but it sent nothing");
  }

  @Test
  void failsOnANullFake() {
    assertThatThrownBy(() -> new FakeEmailSenderAssert(null).hasSent(0))
        .isInstanceOf(AssertionError.class);
  }
}
