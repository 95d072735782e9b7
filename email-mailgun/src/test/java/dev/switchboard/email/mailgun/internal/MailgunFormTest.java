package dev.switchboard.email.mailgun.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.mailgun.MailgunLimits;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import okhttp3.MultipartBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form as built, before any HTTP: streaming attachments, its size, the delivery time. */
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
  void aRequestOverTwentyFiveMegabytesIsRefusedWithoutReadingTheFile() throws IOException {
    Path file = dir.resolve("huge.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(EmailMessage.MAX_TOTAL_ATTACHMENT_BYTES - 16);
    }
    EmailMessage sent = message().addAttachment(Attachment.fromPath(file, null)).build();
    long length = mapper.toBody(sent).contentLength();

    assertThat(length).isGreaterThan(MailgunLimits.MAX_MESSAGE_BYTES);
    assertThat(MailgunLimits.checkSize(length, "mailgun"))
        .hasValueSatisfying(e -> assertThat(e.field()).contains("attachments"));
  }

  @Test
  void internationalisedDomainsAreWrittenInTheirAsciiForm() throws IOException {
    MultipartBody form =
        mapper.toBody(
            message()
                .to(EmailAddress.of("ann@exämple.com", "Änn"))
                .cc("bob@bücher.example")
                .replyTo("help@exämple.com")
                .build());
    Buffer wire = new Buffer();
    form.writeTo(wire);

    assertThat(wire.readUtf8())
        .contains("Änn <ann@xn--exmple-cua.com>")
        .contains("bob@xn--bcher-kva.example")
        .contains("help@xn--exmple-cua.com")
        .doesNotContain("exämple")
        .doesNotContain("bücher");
  }

  @Test
  void theDeliveryTimeIsRfc2822InGmtToTheSecond() {
    assertThat(MailgunMapper.deliveryTime(Instant.parse("2024-12-24T18:05:09.750Z")))
        .isEqualTo("Tue, 24 Dec 2024 18:05:09 GMT");
  }
}
