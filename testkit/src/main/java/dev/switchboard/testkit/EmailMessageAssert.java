package dev.switchboard.testkit;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on an {@link EmailMessage}, usually reached through {@link
 * FakeEmailSenderAssert#lastSent()}:
 *
 * <pre>{@code
 * new FakeEmailSenderAssert(email).lastSent()
 *     .hasSubject("Your receipt")
 *     .hasRecipient("ann@example.com")
 *     .hasTextContaining("order 42")
 *     .hasAttachment("receipt.pdf");
 * }</pre>
 *
 * <p>Failure messages quote at most the first {@value #SNIPPET} characters of a body.
 */
public class EmailMessageAssert extends AbstractAssert<EmailMessageAssert, EmailMessage> {
  private static final int SNIPPET = 200;

  public EmailMessageAssert(EmailMessage actual) {
    super(actual, EmailMessageAssert.class);
  }

  public EmailMessageAssert hasSubject(String subject) {
    isNotNull();
    if (!actual.subject().equals(subject)) {
      failWithMessage("Expected the subject to be <%s> but it was <%s>", subject, actual.subject());
    }
    return this;
  }

  /**
   * Checks that {@code address} is among the to, cc or bcc recipients (domain compared without
   * regard to case, display names ignored).
   */
  public EmailMessageAssert hasRecipient(String address) {
    isNotNull();
    EmailAddress wanted = EmailAddress.parse(address);
    if (actual.recipients().stream().noneMatch(r -> r.sameMailboxAs(wanted))) {
      failWithMessage(
          "Expected <%s> among the recipients but they were to=%s, cc=%s, bcc=%s",
          address, actual.to(), actual.cc(), actual.bcc());
    }
    return this;
  }

  public EmailMessageAssert hasTextContaining(String part) {
    return hasBodyContaining("text", actual == null ? null : actual.text(), part);
  }

  public EmailMessageAssert hasHtmlContaining(String part) {
    return hasBodyContaining("html", actual == null ? null : actual.html(), part);
  }

  private EmailMessageAssert hasBodyContaining(String name, Optional<String> body, String part) {
    isNotNull();
    if (body.isEmpty()) {
      failWithMessage(
          "Expected the %s body to contain <%s> but the message has no %s body", name, part, name);
    } else if (!body.get().contains(part)) {
      failWithMessage(
          "Expected the %s body to contain <%s> but it was <%s>", name, part, snippet(body.get()));
    }
    return this;
  }

  public EmailMessageAssert hasAttachment(String filename) {
    isNotNull();
    if (actual.attachments().stream().noneMatch(a -> a.filename().equals(filename))) {
      failWithMessage(
          "Expected an attachment named <%s> but the attachments were %s",
          filename, actual.attachments().stream().map(Attachment::filename).toList());
    }
    return this;
  }

  public EmailMessageAssert hasTag(String tag) {
    isNotNull();
    if (!actual.tags().contains(tag)) {
      failWithMessage("Expected the tag <%s> but the tags were %s", tag, actual.tags());
    }
    return this;
  }

  /** Checks a custom header; the name is compared without regard to case, the value exactly. */
  public EmailMessageAssert hasHeader(String name, String value) {
    isNotNull();
    Optional<String> found =
        actual.headers().entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst();
    if (found.isEmpty()) {
      failWithMessage(
          "Expected the header <%s> but the headers were %s", name, actual.headers().keySet());
    } else if (!found.get().equals(value)) {
      failWithMessage(
          "Expected the header <%s> to be <%s> but it was <%s>", name, value, found.get());
    }
    return this;
  }

  public EmailMessageAssert hasMetadata(String key, String value) {
    isNotNull();
    if (!actual.metadata().containsKey(key)) {
      failWithMessage(
          "Expected the metadata key <%s> but the keys were %s", key, actual.metadata().keySet());
    } else if (!actual.metadata().get(key).equals(value)) {
      failWithMessage(
          "Expected the metadata <%s> to be <%s> but it was <%s>",
          key, value, actual.metadata().get(key));
    }
    return this;
  }

  private static String snippet(String body) {
    return body.length() <= SNIPPET ? body : body.substring(0, SNIPPET) + "…";
  }
}
