package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SendGrid's limits are checked before anything is sent: each refusal names the message's field,
 * and SendGrid's simulator receives nothing.
 */
class SendGridLimitsTest {
  static final String KEY = "SG.fake-limits-key";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  final TestClock clock = TestClock.at(NOW);
  final SendGridSimulator sendgrid = new SendGridSimulator(KEY, clock);
  final SendGridEmailSender sender =
      SendGridEmailSender.builder()
          .baseUrl(sendgrid.start().toString())
          .apiKey(Secret.of(KEY))
          .clock(clock)
          .build();

  @TempDir Path tempDir;

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Limits")
        .text("Hello");
  }

  private InvalidRequestException refused(EmailMessage message) {
    return refused(() -> sender.send(message));
  }

  private InvalidRequestException refused(ThrowingCallable call) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, call);
    assertThat(e).as("refused locally").isNotNull();
    assertThat(e.requestSent()).isFalse();
    assertThat(sendgrid.requests()).as("nothing reached SendGrid").isEmpty();
    return e;
  }

  @Test
  void refusesMoreThanTenCategories() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      tags.add("tag-" + i);
    }
    assertThat(refused(message().tags(tags).build()).field()).contains("tags");
  }

  @Test
  void acceptsExactlyTenCategories() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tags.add("tag-" + i);
    }
    sender.send(message().tags(tags).build());

    assertThat(sendgrid.sent()).hasSize(1);
  }

  @Test
  void refusesACategoryThatIsNotAscii() {
    assertThat(refused(message().tags(List.of("ok", "Grüße")).build()).field()).contains("tags[1]");
  }

  @Test
  void refusesCustomArgsOverTenThousandBytes() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("blob", "x".repeat(10_000 - 10));
    assertThat(refused(message().metadata(metadata).build()).field()).contains("metadata");
  }

  @Test
  void acceptsCustomArgsOfTenThousandBytes() {
    // {"blob":"xxx..."}: braces, four quotes, the colon and the key take 11 bytes.
    sender.send(message().metadata(Map.of("blob", "x".repeat(10_000 - 11))).build());

    assertThat(sendgrid.sent()).hasSize(1);
  }

  @Test
  void refusesASendTimeMoreThan72HoursAhead() {
    EmailMessage late = message().sendAt(NOW.plus(Duration.ofHours(72)).plusSeconds(1)).build();

    assertThat(refused(late).field()).contains("sendAt");
  }

  @Test
  void acceptsASendTimeExactly72HoursAhead() {
    sender.send(message().sendAt(NOW.plus(Duration.ofHours(72))).build());

    assertThat(sendgrid.sent()).hasSize(1);
  }

  @Test
  void refusesAHeaderSendGridReserves() {
    assertThat(refused(message().header("X-SG-EID", "abc").build()).field())
        .contains("headers[\"X-SG-EID\"]");
  }

  @Test
  void refusesACommaOrSemicolonInARecipientName() {
    EmailMessage comma = message().cc(EmailAddress.of("b@example.com", "Doe, Jane")).build();
    EmailMessage semicolon = message().bcc(EmailAddress.of("c@example.com", "A;B")).build();

    assertThat(refused(comma).field()).contains("cc[0].name");
    assertThat(refused(semicolon).field()).contains("bcc[0].name");
  }

  @Test
  void refusesANonAsciiSenderAddress() {
    assertThat(refused(message().from("zoë@example.com").build()).field()).contains("from");
  }

  @Test
  void refusesAnEmptyAttachment() {
    EmailMessage empty = message().addAttachment("empty.txt", "text/plain", new byte[0]).build();

    assertThat(refused(empty).field()).contains("attachments[0].content");
  }

  @Test
  void refusesMoreThanAThousandReplyToAddresses() {
    List<EmailAddress> replyTo = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      replyTo.add(EmailAddress.of("r" + i + "@example.com"));
    }
    assertThat(refused(message().replyTo(replyTo).build()).field()).contains("replyTo");
  }

  @Test
  void refusesARequestOfThirtyMegabytesOnceAttachmentsAreBase64Encoded() throws IOException {
    // 22.5 MB of file is within the model's 25 MiB, but 30 MB once base64-encoded.
    Path file = tempDir.resolve("large.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(22_500_000);
    }
    EmailMessage large = message().addAttachment(Attachment.fromPath(file, null)).build();

    InvalidRequestException e = refused(large);
    assertThat(e.field()).contains("message");
    assertThat(e.reason()).contains("30000000");
  }

  @Test
  void refusesANullMessageAsABug() {
    assertThatThrownBy(() -> sender.send(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message == null");
  }

  @Test
  void anInternationalisedDomainIsSentInItsAsciiForm() {
    sender.send(message().to("ann@exämple.com").build());

    assertThat(sendgrid.requests().get(0).getBody().utf8())
        .contains("\"ann@xn--exmple-cua.com\"")
        .doesNotContain("exämple");
  }

  @Test
  void aNonAsciiLocalPartIsRefusedNamingTheRecipient() {
    EmailMessage message = message().to("ann@example.com").cc("jürgen@example.com").build();

    InvalidRequestException e = refused(message);

    assertThat(e.field()).contains("cc[0]");
    assertThat(e.reason())
        .isEqualTo(
            "the local part of jürgen@example.com is not ASCII; sendgrid does not support"
                + " SMTPUTF8 addresses");
    assertThat(sender.check(message))
        .hasValueSatisfying(c -> assertThat(c.field()).contains("cc[0]"));
    assertThat(sender.check(message().build())).isEmpty();
  }
}
