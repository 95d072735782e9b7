package dev.switchboard.testkit;

import dev.switchboard.email.EmailMessage;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what a {@link FakeEmailSender} accepted:
 *
 * <pre>{@code
 * new FakeEmailSenderAssert(email)
 *     .hasSent(1)
 *     .hasSentTo("ann@example.com")
 *     .lastSent().hasSubject("Your receipt");
 * }</pre>
 */
public class FakeEmailSenderAssert extends AbstractAssert<FakeEmailSenderAssert, FakeEmailSender> {

  public FakeEmailSenderAssert(FakeEmailSender actual) {
    super(actual, FakeEmailSenderAssert.class);
  }

  /** Checks how many messages were accepted; a replayed send counts once. */
  public FakeEmailSenderAssert hasSent(int count) {
    isNotNull();
    List<EmailMessage> sent = actual.sent();
    if (sent.size() != count) {
      failWithMessage(
          "Expected %s to have sent %d message(s) but it sent %d: %s",
          actual.provider(), count, sent.size(), subjects(sent));
    }
    return this;
  }

  public FakeEmailSenderAssert hasSentNothing() {
    isNotNull();
    List<EmailMessage> sent = actual.sent();
    if (!sent.isEmpty()) {
      failWithMessage(
          "Expected %s to have sent nothing but it sent %d: %s",
          actual.provider(), sent.size(), subjects(sent));
    }
    return this;
  }

  /** Checks that some message went to {@code address} as a to, cc or bcc recipient. */
  public FakeEmailSenderAssert hasSentTo(String address) {
    isNotNull();
    if (actual.sentTo(address).isEmpty()) {
      failWithMessage(
          "Expected %s to have sent a message to <%s> but the recipients were %s",
          actual.provider(),
          address,
          actual.sent().stream().map(EmailMessage::recipients).toList());
    }
    return this;
  }

  /** Assertions on the most recently accepted message; fails when nothing was sent. */
  public EmailMessageAssert lastSent() {
    isNotNull();
    List<EmailMessage> sent = actual.sent();
    if (sent.isEmpty()) {
      failWithMessage("Expected %s to have sent a message but it sent nothing", actual.provider());
    }
    return new EmailMessageAssert(sent.get(sent.size() - 1));
  }

  private static List<String> subjects(List<EmailMessage> sent) {
    return sent.stream().map(EmailMessage::subject).toList();
  }
}
