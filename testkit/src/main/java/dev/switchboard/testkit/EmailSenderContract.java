package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.ReceivedEmail.ReceivedAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link EmailSender} must show, whatever stands behind it: the testkit's fake,
 * or a vendor adapter talking to its local simulator. An implementation runs it by extending it:
 *
 * <pre>{@code
 * class SendGridEmailSenderContractTest extends EmailSenderContract {
 *   private final SendGridSimulator simulator = ...;
 *
 *   protected EmailSender sender() { simulator.reset(); return SendGridEmailSender.create(...); }
 *   protected List<ReceivedEmail> received() { return simulator.received(); }
 *   protected Set<EmailCapability> capabilities() { return EnumSet.allOf(EmailCapability.class); }
 * }
 * }</pre>
 *
 * <p>Tests that need a capability the implementation does not declare are skipped with a message
 * naming it. The contract talks to the sender only through the port and learns what arrived only
 * through {@link #received()}, so a real adapter can pass it as well as the fake.
 */
public abstract class EmailSenderContract {
  /** How far the implementation's accepted time may stray from {@link #clock()}. */
  protected static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final String RECIPIENT = "ann@example.com";

  private EmailSender email;

  @TempDir Path tempDir;

  /**
   * A new sender whose receiving side has received nothing yet. Called once before each test; the
   * test uses only that instance.
   */
  protected abstract EmailSender sender();

  /**
   * Whether the suite sends every message through the sender's {@link EmailSender#async()
   * non-blocking form}, waiting for each future; false unless overridden. Run the suite against
   * both forms by adding a subclass of the contract test that returns true.
   */
  protected boolean nonBlocking() {
    return false;
  }

  /** Everything the receiving side of the latest {@link #sender()} got, oldest first. */
  protected abstract List<ReceivedEmail> received();

  /** The optional features this implementation offers. */
  protected abstract Set<EmailCapability> capabilities();

  /** The clock the implementation's receiving side runs on; the UTC system clock by default. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The provider whose name the results carry: the sender's own {@link EmailSender#provider()}
   * unless overridden. A composite overrides it with the provider that serves the messages.
   */
  protected String servingProvider() {
    return email.provider();
  }

  /** The sender address the tests use; override when the receiving side only accepts one domain. */
  protected EmailAddress fromAddress() {
    return EmailAddress.of("sender@example.com", "Contract Sender");
  }

  @BeforeEach
  void createSender() {
    email = sender();
    assertThat(email).as("sender()").isNotNull();
    if (nonBlocking()) {
      email = JoiningPorts.email(email);
    }
  }

  private EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from(fromAddress())
        .to(RECIPIENT)
        .subject("Contract test")
        .text("Hello from the contract.");
  }

  private ReceivedEmail onlyDelivery() {
    List<ReceivedEmail> all = received();
    assertThat(all).as("messages the receiving side got").hasSize(1);
    return all.get(0);
  }

  private void requires(EmailCapability capability) {
    assumeTrue(
        capabilities().contains(capability),
        () -> email.provider() + " does not declare " + capability);
  }

  @Test
  void namesItsProvider() {
    assertThat(email.provider()).isNotBlank();
  }

  @Test
  void answersWithProviderMessageIdAndAcceptedTime() {
    Instant before = clock().instant();
    SendResult result = email.send(message().build());
    Instant after = clock().instant();

    assertThat(result.provider()).isEqualTo(servingProvider());
    assertThat(result.messageId()).isNotBlank();
    assertThat(result.acceptedAt()).isBetween(before.minus(CLOCK_SKEW), after.plus(CLOCK_SKEW));
    assertThat(received()).hasSize(1);
  }

  @Test
  void givesEachMessageItsOwnMessageId() {
    SendResult first = email.send(message().build());
    SendResult second = email.send(message().build());

    assertThat(first.messageId()).isNotEqualTo(second.messageId());
    assertThat(received()).hasSize(2);
  }

  @Test
  void deliversSenderRecipientsSubjectAndText() {
    EmailMessage sent =
        message()
            .to(EmailAddress.of(RECIPIENT, "Ann Example"), EmailAddress.of("bob@example.com"))
            .build();
    email.send(sent);

    ReceivedEmail got = onlyDelivery();
    assertThat(got.from()).isEqualTo(fromAddress());
    assertThat(got.to()).containsExactlyElementsOf(sent.to());
    assertThat(got.cc()).isEmpty();
    assertThat(got.bcc()).isEmpty();
    assertThat(got.subject()).isEqualTo("Contract test");
    assertThat(got.text()).contains("Hello from the contract.");
    assertThat(got.html()).isEmpty();
    assertThat(got.attachments()).isEmpty();
  }

  @Test
  void deliversCcAndBcc() {
    requires(EmailCapability.CC_BCC);
    EmailMessage sent =
        message()
            .cc("Carol <carol@example.com>", "dave@example.com")
            .bcc("erin@example.com")
            .build();
    email.send(sent);

    ReceivedEmail got = onlyDelivery();
    assertThat(got.cc()).containsExactlyElementsOf(sent.cc());
    assertThat(got.bcc()).containsExactlyElementsOf(sent.bcc());
  }

  @Test
  void deliversReplyTo() {
    requires(EmailCapability.REPLY_TO);
    email.send(message().replyTo("Help Desk <help@example.com>").build());

    assertThat(onlyDelivery().replyTo())
        .containsExactly(EmailAddress.of("help@example.com", "Help Desk"));
  }

  @Test
  void deliversTextAndHtmlTogether() {
    email.send(message().html("<p>Hello <b>there</b></p>").build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.text()).contains("Hello from the contract.");
    assertThat(got.html()).contains("<p>Hello <b>there</b></p>");
  }

  @Test
  void deliversAnHtmlOnlyMessage() {
    email.send(message().text(null).html("<h1>Only HTML</h1>").build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.html()).contains("<h1>Only HTML</h1>");
    assertThat(got.text()).isEmpty();
  }

  @Test
  void deliversATextOnlyMessage() {
    email.send(message().text("Only text,\nwith two lines.").build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.text()).contains("Only text,\nwith two lines.");
    assertThat(got.html()).isEmpty();
  }

  @Test
  void deliversUnicodeInSubjectBodiesAndDisplayNames() {
    String subject = "Grüße, Zoë — 你好 👋 Привет";
    EmailAddress to = EmailAddress.of(RECIPIENT, "Zoë Ångström-Łukasz 山田");
    email.send(
        message()
            .to(to)
            .subject(subject)
            .text("Ünïcödé text: ß ø 日本語 🚀")
            .html("<p>Ünïcödé html: ß ø 日本語 🚀</p>")
            .build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.subject()).isEqualTo(subject);
    assertThat(got.to()).containsExactly(to);
    assertThat(got.text()).contains("Ünïcödé text: ß ø 日本語 🚀");
    assertThat(got.html()).contains("<p>Ünïcödé html: ß ø 日本語 🚀</p>");
  }

  @Test
  void deliversCustomHeaders() {
    requires(EmailCapability.CUSTOM_HEADERS);
    email.send(message().header("X-Campaign", "spring-sale").header("X-Order-Id", "42").build());

    assertThat(onlyDelivery().headers())
        .containsEntry("X-Campaign", "spring-sale")
        .containsEntry("X-Order-Id", "42");
  }

  @Test
  void deliversTags() {
    requires(EmailCapability.TAGS);
    email.send(message().tags(List.of("receipt", "spring-sale")).build());

    assertThat(onlyDelivery().tags()).containsExactlyInAnyOrder("receipt", "spring-sale");
  }

  @Test
  void deliversMetadata() {
    requires(EmailCapability.METADATA);
    email.send(message().metadata("orderId", "42").metadata("customer", "Zoë").build());

    assertThat(onlyDelivery().metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("orderId", "42", "customer", "Zoë"));
  }

  @Test
  void deliversTheScheduledSendTime() {
    requires(EmailCapability.SCHEDULED_SEND);
    // Vendors schedule to the second.
    Instant sendAt = clock().instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    email.send(message().sendAt(sendAt).build());

    assertThat(onlyDelivery().sendAt()).contains(sendAt);
  }

  @Test
  void rejectsASendTimeTooFarAheadWithoutDelivering() {
    requires(EmailCapability.SCHEDULED_SEND);
    Instant farAhead = clock().instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    assertThatThrownBy(() -> email.send(message().sendAt(farAhead).build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(received()).isEmpty();
  }

  @Test
  void deliversBinaryAttachmentBytesIntact() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    byte[] zeros = new byte[64];
    byte[] high = {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x00, (byte) 0xc3, (byte) 0x28};
    email.send(
        message()
            .addAttachment("every-byte.bin", "application/octet-stream", every)
            .addAttachment("zeros.bin", "application/octet-stream", zeros)
            .addAttachment("invalid-utf8.bin", "application/octet-stream", high)
            .build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.attachments()).hasSize(3);
    assertThat(attachment(got, "every-byte.bin").content()).isEqualTo(every);
    assertThat(attachment(got, "zeros.bin").content()).isEqualTo(zeros);
    assertThat(attachment(got, "invalid-utf8.bin").content()).isEqualTo(high);
  }

  @Test
  void deliversSeveralAttachmentsWithTheirNamesAndTypes() {
    email.send(
        message()
            .addAttachment("invoice.pdf", "application/pdf", "%PDF-1.4".getBytes())
            .addAttachment("data.csv", "text/csv", "a,b\n1,2\n".getBytes())
            .addAttachment("photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'})
            .build());

    ReceivedEmail got = onlyDelivery();
    assertThat(got.attachments())
        .extracting(ReceivedAttachment::filename)
        .containsExactlyInAnyOrder("invoice.pdf", "data.csv", "photo.png");
    assertThat(attachment(got, "invoice.pdf").contentType()).isEqualTo("application/pdf");
    assertThat(attachment(got, "data.csv").contentType()).isEqualTo("text/csv");
    assertThat(attachment(got, "photo.png").contentType()).isEqualTo("image/png");
    assertThat(got.attachments())
        .allSatisfy(a -> assertThat(a.disposition()).isEqualTo(Disposition.ATTACHMENT));
  }

  @Test
  void deliversAnAttachmentStreamedFromAFile() throws IOException {
    byte[] content = new byte[200_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    Path file = Files.write(tempDir.resolve("report.bin"), content);
    email.send(message().addAttachment(Attachment.fromPath(file, null)).build());

    ReceivedAttachment got = attachment(onlyDelivery(), "report.bin");
    assertThat(got.content()).isEqualTo(content);
    assertThat(got.contentType()).isEqualTo(Attachment.DEFAULT_CONTENT_TYPE);
  }

  @Test
  void deliversAnInlineAttachmentWithItsContentId() {
    requires(EmailCapability.INLINE_ATTACHMENTS);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0};
    email.send(
        message()
            .html("<p>Logo: <img src=\"cid:logo-1\"></p>")
            .addAttachment(Attachment.inline("logo-1", "logo.png", "image/png", png))
            .addAttachment("terms.txt", "text/plain", "Terms".getBytes())
            .build());

    ReceivedEmail got = onlyDelivery();
    ReceivedAttachment logo = attachment(got, "logo.png");
    assertThat(logo.disposition()).isEqualTo(Disposition.INLINE);
    assertThat(logo.contentId()).contains("logo-1");
    assertThat(logo.content()).isEqualTo(png);
    assertThat(attachment(got, "terms.txt").disposition()).isEqualTo(Disposition.ATTACHMENT);
  }

  @Test
  void deliversToTheRecipientLimit() {
    List<EmailAddress> to = new ArrayList<>();
    for (int i = 0; i < EmailMessage.MAX_RECIPIENTS; i++) {
      to.add(EmailAddress.of("user" + i + "@example.com"));
    }
    email.send(message().to(to).build());

    assertThat(onlyDelivery().to()).containsExactlyElementsOf(to);
  }

  @Test
  void replaysASendWithTheSameKeyWithoutDeliveringTwice() {
    requires(EmailCapability.IDEMPOTENT_REPLAY);
    EmailMessage sent = message().idempotencyKey(IdempotencyKey.random()).build();
    SendResult first = email.send(sent);
    SendResult again = email.send(sent);
    SendResult rebuilt = email.send(sent.toBuilder().idempotencyKey(sent.idempotencyKey()).build());

    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(rebuilt.messageId()).isEqualTo(first.messageId());
    assertThat(received()).hasSize(1);
  }

  @Test
  void deliversTheSameContentTwiceUnderDifferentKeys() {
    EmailMessage sent = message().build();
    SendResult first = email.send(sent);
    SendResult second = email.send(sent.toBuilder().build());

    assertThat(second.messageId()).isNotEqualTo(first.messageId());
    assertThat(received()).hasSize(2);
  }

  @Test
  void rejectsAReusedKeyWithADifferentMessage() {
    requires(EmailCapability.IDEMPOTENCY_CONFLICT);
    IdempotencyKey key = IdempotencyKey.random();
    email.send(message().idempotencyKey(key).build());

    assertThatThrownBy(
            () -> email.send(message().subject("Something else").idempotencyKey(key).build()))
        .isInstanceOf(ConflictException.class);
    assertThat(received()).hasSize(1);
  }

  @Test
  void rejectsBadInputBeforeAnythingIsDelivered() {
    assertThatThrownBy(() -> message().to("not-an-address").build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("to[0]"));
    assertThatThrownBy(() -> message().header("Bcc", "x@example.com").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(received()).isEmpty();
  }

  /**
   * A null argument is a bug in the caller, not bad input: a {@link NullPointerException} naming
   * the parameter, never an {@link InvalidRequestException} a caller might show to a user.
   */
  @Test
  void aNullArgumentIsANullPointerExceptionNamingTheParameter() {
    List<String> checked = NullArguments.assertEachRejected(EmailSender.class, email, Map.of());

    assertThat(checked).contains("send(message)", "check(message)");
    assertThat(received()).isEmpty();
  }

  private static ReceivedAttachment attachment(ReceivedEmail email, String filename) {
    return email
        .attachment(filename)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no attachment named " + filename + " arrived: " + email.attachments()));
  }
}
