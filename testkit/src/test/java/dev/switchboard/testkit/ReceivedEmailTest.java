package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.testkit.ReceivedEmail.ReceivedAttachment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivedEmailTest {
  private final EmailMessage message =
      EmailMessage.builder()
          .from("Shop <shop@example.com>")
          .to("ann@example.com")
          .cc("carol@example.com")
          .bcc("dave@example.com")
          .replyTo("help@example.com")
          .subject("Receipt")
          .text("secret text body")
          .html("<p>secret html body</p>")
          .addAttachment(Attachment.of("a.bin", null, new byte[] {0, (byte) 0xff}))
          .addAttachment(Attachment.inline("logo", "logo.png", null, new byte[] {1}))
          .header("X-A", "1")
          .addTag("t")
          .metadata("k", "v")
          .sendAt(Instant.parse("2030-01-01T00:00:00Z"))
          .build();

  @Test
  void carriesEveryFieldOfTheMessage() {
    ReceivedEmail got = ReceivedEmail.of(message);
    assertThat(got.from()).isEqualTo(EmailAddress.of("shop@example.com", "Shop"));
    assertThat(got.to()).isEqualTo(message.to());
    assertThat(got.cc()).isEqualTo(message.cc());
    assertThat(got.bcc()).isEqualTo(message.bcc());
    assertThat(got.replyTo()).isEqualTo(message.replyTo());
    assertThat(got.subject()).isEqualTo("Receipt");
    assertThat(got.text()).isEqualTo(message.text());
    assertThat(got.html()).isEqualTo(message.html());
    assertThat(got.headers()).isEqualTo(Map.of("X-A", "1"));
    assertThat(got.tags()).containsExactly("t");
    assertThat(got.metadata()).isEqualTo(Map.of("k", "v"));
    assertThat(got.sendAt()).isEqualTo(message.sendAt());
    ReceivedAttachment logo = got.attachment("logo.png").orElseThrow();
    assertThat(logo.contentType()).isEqualTo("image/png");
    assertThat(logo.disposition()).isEqualTo(Disposition.INLINE);
    assertThat(logo.contentId()).contains("logo");
    assertThat(got.attachment("a.bin").orElseThrow().content()).containsExactly(0, 0xff);
    assertThat(got.attachment("missing.txt")).isEmpty();
  }

  @Test
  void comparesAttachmentsByTheirBytes() {
    ReceivedEmail got = ReceivedEmail.of(message);
    assertThat(got)
        .isEqualTo(ReceivedEmail.of(message))
        .hasSameHashCodeAs(ReceivedEmail.of(message));
    EmailMessage otherBytes =
        message.toBuilder()
            .attachments(List.of(Attachment.of("a.bin", null, new byte[] {0, (byte) 0xfe})))
            .build();
    assertThat(got).isNotEqualTo(ReceivedEmail.of(otherBytes));
    ReceivedAttachment a =
        ReceivedAttachment.of("a", "text/plain", new byte[] {1}, Disposition.ATTACHMENT, null);
    assertThat(a)
        .isEqualTo(
            ReceivedAttachment.of("a", "text/plain", new byte[] {1}, Disposition.ATTACHMENT, null))
        .hasSameHashCodeAs(
            ReceivedAttachment.of("a", "text/plain", new byte[] {1}, Disposition.ATTACHMENT, null))
        .isNotEqualTo(
            ReceivedAttachment.of("a", "text/plain", new byte[] {2}, Disposition.ATTACHMENT, null))
        .isNotEqualTo(
            ReceivedAttachment.of("a", "text/plain", new byte[] {1}, Disposition.INLINE, "c"));
  }

  @Test
  void copiesAttachmentContentInAndOut() {
    byte[] content = {1, 2};
    ReceivedAttachment a =
        ReceivedAttachment.of("a", "text/plain", content, Disposition.ATTACHMENT, null);
    content[0] = 9;
    a.content()[1] = 9;
    assertThat(a.content()).containsExactly(1, 2);
  }

  @Test
  void anEmptyBuilderGivesEmptyCollections() {
    ReceivedEmail empty = ReceivedEmail.builder().build();
    assertThat(empty.to()).isEmpty();
    assertThat(empty.headers()).isEmpty();
    assertThat(empty.text()).isEmpty();
    assertThat(empty.sendAt()).isEmpty();
  }

  @Test
  void toStringShowsSizesButNotBodiesOrContent() {
    assertThat(ReceivedEmail.of(message).toString())
        .contains("recipients=3", "subject=\"Receipt\"", "text=16 chars", "html=23 chars")
        .contains("a.bin (application/octet-stream, 2 bytes, ATTACHMENT)")
        .contains("logo.png (image/png, 1 bytes, INLINE, cid=logo)")
        .doesNotContain("secret");
  }
}
