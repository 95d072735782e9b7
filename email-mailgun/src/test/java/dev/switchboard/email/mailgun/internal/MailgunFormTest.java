package dev.switchboard.email.mailgun.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import okhttp3.MultipartBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form as built, before any HTTP: streaming attachments and Mailgun's limits. */
class MailgunFormTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir Path dir;

  private final MailgunMapper mapper =
      MailgunMapper.forWebhooks("mailgun", Clock.fixed(NOW, ZoneOffset.UTC));

  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@mg.example.com")
        .to("ann@example.com")
        .subject("Hello")
        .text("Hi");
  }

  private static void check(EmailMessage message) {
    MailgunLimits.check(message, NOW, MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD);
  }

  @Test
  void aFileAttachmentIsStreamedWhenWrittenNotReadWhenTheFormIsBuiltOrMeasured()
      throws IOException {
    byte[] first = new byte[100_000];
    Arrays.fill(first, (byte) 'a');
    Path file = Files.write(dir.resolve("report.bin"), first);
    MultipartBody form =
        mapper.toBody(message().addAttachment(Attachment.fromPath(file, null)).build());
    long length = form.contentLength();

    byte[] second = new byte[100_000];
    Arrays.fill(second, (byte) 'b');
    Files.write(file, second);
    Buffer wire = new Buffer();
    form.writeTo(wire);

    assertThat(length).isEqualTo(wire.size());
    String written = wire.readString(StandardCharsets.ISO_8859_1);
    assertThat(written).contains(new String(second, StandardCharsets.ISO_8859_1));
    assertThat(written).doesNotContain("aaaa");
  }

  @Test
  void eachWriteOfTheFormSendsTheFileAgainFromTheStart() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "content-once");
    MultipartBody form =
        mapper.toBody(message().addAttachment(Attachment.fromPath(file, null)).build());

    Buffer first = new Buffer();
    form.writeTo(first);
    Buffer second = new Buffer();
    form.writeTo(second);

    assertThat(second.size()).isEqualTo(first.size()).isEqualTo(form.contentLength());
  }

  @Test
  void aFileThatShrankAfterTheAttachmentWasBuiltIsRefusedBeforeSending() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "twelve bytes");
    EmailMessage sent = message().addAttachment(Attachment.fromPath(file, null)).build();
    Files.writeString(file, "six b");

    assertThatThrownBy(() -> check(sent))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).contains("attachments[0].path"));
  }

  @Test
  void aRequestOverTwentyFiveMegabytesIsRefusedWithoutReadingTheFile() throws IOException {
    Path file = dir.resolve("huge.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(EmailMessage.MAX_TOTAL_ATTACHMENT_BYTES - 16);
    }
    EmailMessage sent = message().addAttachment(Attachment.fromPath(file, null)).build();
    long length = mapper.toBody(sent).contentLength();

    assertThat(length).isGreaterThan(MailgunLimits.MAX_MESSAGE_BYTES);
    assertThatThrownBy(() -> MailgunLimits.checkSize(length))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("attachments"));
  }

  @Test
  void moreThanThreeTagsAreRefused() {
    EmailMessage sent = message().tags(List.of("a", "b", "c", "d")).build();

    assertThatThrownBy(() -> check(sent))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("tags"));
  }

  @Test
  void aNonAsciiOrOverlongTagIsRefusedByIndex() {
    assertThatThrownBy(() -> check(message().tags(List.of("ok", "grüße")).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("tags[1]"));
    assertThatThrownBy(() -> check(message().tags(List.of("x".repeat(129))).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("tags[0]"));
  }

  @Test
  void sendingOptionsOverSixteenKilobytesAreRefused() {
    EmailMessage sent = message().metadata("blob", "x".repeat(16 * 1024)).build();

    assertThatThrownBy(() -> check(sent))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("metadata"));
  }

  @Test
  void aSendTimeBeyondTheHorizonIsRefusedAndOneWithinItPasses() {
    EmailMessage tooFar = message().sendAt(NOW.plus(Duration.ofDays(3)).plusSeconds(1)).build();
    EmailMessage justIn = message().sendAt(NOW.plus(Duration.ofDays(3))).build();

    assertThatThrownBy(() -> check(tooFar))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("sendAt"));
    check(justIn);
    MailgunLimits.check(tooFar, NOW, Duration.ofDays(7));
  }

  @Test
  void aMessageWithoutToRecipientsIsRefusedAsMailgunNeedsOne() {
    EmailMessage bccOnly =
        EmailMessage.builder()
            .from("shop@mg.example.com")
            .bcc("ann@example.com")
            .subject("Hello")
            .text("Hi")
            .build();

    assertThatThrownBy(() -> check(bccOnly))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("to"));
  }

  @Test
  void theDeliveryTimeIsRfc2822InGmtToTheSecond() {
    assertThat(MailgunMapper.deliveryTime(Instant.parse("2024-12-24T18:05:09.750Z")))
        .isEqualTo("Tue, 24 Dec 2024 18:05:09 GMT");
  }
}
