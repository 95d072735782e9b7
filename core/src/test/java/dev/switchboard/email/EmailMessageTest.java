package dev.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailMessageTest {

  private static EmailMessage.Builder minimal() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello");
  }

  private static void rejects(ThrowingCallable call, String field, String reasonPart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains(field);
              assertThat(e.reason()).contains(reasonPart);
            });
  }

  /** A null reference is a bug, not bad input: NPE naming the argument (or element). */
  private static void rejectsNull(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }

  private static void rejectsNullOnBuild(Consumer<EmailMessage.Builder> change, String name) {
    EmailMessage.Builder builder = minimal();
    change.accept(builder);
    rejectsNull(builder::build, name);
  }

  private static void rejectsBuild(
      Consumer<EmailMessage.Builder> change, String field, String part) {
    EmailMessage.Builder builder = minimal();
    change.accept(builder);
    rejects(builder::build, field, part);
  }

  @Test
  void buildsAMessageWithEveryField() {
    Instant at = Instant.parse("2030-01-01T10:00:00Z");
    IdempotencyKey key = IdempotencyKey.of("order-42-receipt");
    Attachment pdf = Attachment.of("r.pdf", null, new byte[10]);
    EmailMessage m =
        EmailMessage.builder()
            .from(EmailAddress.of("shop@example.com", "Shop"))
            .to("Ann <ann@example.com>", "bob@example.com")
            .cc(EmailAddress.of("carol@example.com"))
            .bcc(List.of(EmailAddress.of("dave@example.com")))
            .replyTo("help@example.com")
            .subject("Your receipt")
            .text("Thanks")
            .html("<p>Thanks</p>")
            .addAttachment(pdf)
            .header("X-Campaign", "spring")
            .header("X-Order", "42")
            .tags(List.of("receipt", "shop"))
            .metadata("orderId", "42")
            .sendAt(at)
            .idempotencyKey(key)
            .build();

    assertThat(m.from()).isEqualTo(EmailAddress.of("shop@example.com", "Shop"));
    assertThat(m.to())
        .containsExactly(
            EmailAddress.of("ann@example.com", "Ann"), EmailAddress.of("bob@example.com"));
    assertThat(m.cc()).containsExactly(EmailAddress.of("carol@example.com"));
    assertThat(m.bcc()).containsExactly(EmailAddress.of("dave@example.com"));
    assertThat(m.recipients()).hasSize(4);
    assertThat(m.recipientCount()).isEqualTo(4);
    assertThat(m.replyTo()).containsExactly(EmailAddress.of("help@example.com"));
    assertThat(m.subject()).isEqualTo("Your receipt");
    assertThat(m.text()).contains("Thanks");
    assertThat(m.html()).contains("<p>Thanks</p>");
    assertThat(m.attachments()).containsExactly(pdf);
    assertThat(m.totalAttachmentBytes()).isEqualTo(10);
    assertThat(m.headers())
        .containsExactly(Map.entry("X-Campaign", "spring"), Map.entry("X-Order", "42"));
    assertThat(m.tags()).containsExactly("receipt", "shop");
    assertThat(m.metadata()).containsExactly(Map.entry("orderId", "42"));
    assertThat(m.sendAt()).contains(at);
    assertThat(m.idempotencyKey()).isEqualTo(key);
  }

  @Test
  void generatesARandomIdempotencyKeyWhenNoneIsGiven() {
    EmailMessage a = minimal().build();
    EmailMessage b = minimal().build();
    assertThat(a.idempotencyKey()).isNotNull().isNotEqualTo(b.idempotencyKey());
    assertThat(a.text()).isPresent();
    assertThat(a.html()).isEmpty();
    assertThat(a.sendAt()).isEmpty();
  }

  @Test
  void handsOutUnmodifiableCopies() {
    List<EmailAddress> to = new ArrayList<>(List.of(EmailAddress.of("ann@example.com")));
    Map<String, String> headers = new HashMap<>(Map.of("X-A", "1"));
    EmailMessage m = minimal().to(to).headers(headers).build();
    to.add(EmailAddress.of("bob@example.com"));
    headers.put("X-B", "2");
    assertThat(m.to()).hasSize(1);
    assertThat(m.headers()).hasSize(1);
    assertThatThrownBy(() -> m.to().add(EmailAddress.of("x@example.com")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.headers().put("X-C", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.recipients().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsHeaderAndMetadataInsertionOrder() {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 9; i >= 0; i--) {
      headers.put("X-H" + i, "v");
    }
    EmailMessage m = minimal().headers(headers).metadata("z", "1").metadata("a", "2").build();
    assertThat(m.headers().keySet()).containsExactlyElementsOf(headers.keySet());
    assertThat(m.metadata().keySet()).containsExactly("z", "a");
  }

  @Test
  void toBuilderDerivesAMessageWithANewKey() {
    EmailMessage base = minimal().cc("carol@example.com").addTag("t").build();
    EmailMessage derived = base.toBuilder().to("bob@example.com").build();
    assertThat(derived.to()).containsExactly(EmailAddress.of("bob@example.com"));
    assertThat(derived.cc()).isEqualTo(base.cc());
    assertThat(derived.tags()).containsExactly("t");
    assertThat(derived.idempotencyKey()).isNotEqualTo(base.idempotencyKey());
    EmailMessage same = base.toBuilder().idempotencyKey(base.idempotencyKey()).build();
    assertThat(same).isEqualTo(base).hasSameHashCodeAs(base);
    assertThat(derived).isNotEqualTo(base);
  }

  @Test
  void addMethodsAppendAndListMethodsReplace() {
    EmailMessage m =
        minimal()
            .addTo("bob@example.com")
            .addTo(EmailAddress.of("carol@example.com"))
            .addCc("dave@example.com")
            .addCc(EmailAddress.of("erin@example.com"))
            .addBcc("frank@example.com")
            .addBcc(EmailAddress.of("grace@example.com"))
            .addReplyTo("help@example.com")
            .addReplyTo(EmailAddress.of("help2@example.com"))
            .addTag("a")
            .addTag("b")
            .build();
    assertThat(m.to()).hasSize(3);
    assertThat(m.cc()).hasSize(2);
    assertThat(m.bcc()).hasSize(2);
    assertThat(m.replyTo()).hasSize(2);
    EmailMessage replaced =
        m.toBuilder()
            .cc("x@example.com")
            .bcc("y@example.com")
            .replyTo(EmailAddress.of("z@example.com"))
            .tags(List.of("c"))
            .build();
    assertThat(replaced.cc()).containsExactly(EmailAddress.of("x@example.com"));
    assertThat(replaced.bcc()).containsExactly(EmailAddress.of("y@example.com"));
    assertThat(replaced.replyTo()).containsExactly(EmailAddress.of("z@example.com"));
    assertThat(replaced.tags()).containsExactly("c");
    assertThat(
            m.toBuilder()
                .cc(List.of())
                .bcc(new EmailAddress[0])
                .replyTo(List.of(EmailAddress.of("r@example.com")))
                .build()
                .recipients())
        .hasSize(3);
  }

  @Test
  void headerReplacesOneOfTheSameNameInAnyCase() {
    EmailMessage m = minimal().header("X-Foo", "1").header("x-foo", "2").build();
    assertThat(m.headers()).containsExactly(Map.entry("x-foo", "2"));
  }

  @Test
  void namesTheIndexOfAMalformedRecipient() {
    rejects(() -> minimal().to("a@example.com", "b@example.com", "not-an-address"), "to[2]", "'@'");
    rejects(() -> minimal().addCc("x"), "cc[0]", "exactly one '@'");
    rejectsNull(() -> minimal().bcc("ok@example.com", null), "bcc[1]");
    rejects(() -> minimal().replyTo("a@b"), "replyTo[0]", "no dot");
    rejectsNull(() -> minimal().addTo((EmailAddress) null), "to[1]");
    List<EmailAddress> withNull = new ArrayList<>();
    withNull.add(null);
    rejectsNull(() -> minimal().cc(withNull), "cc[0]");
    rejectsNull(() -> minimal().to((String[]) null), "to");
    rejectsNull(() -> minimal().to((List<EmailAddress>) null), "to");
    rejects(() -> minimal().from("Shop <shop@example>"), "from", "no dot");
    rejectsNull(() -> minimal().from((EmailAddress) null), "from");
  }

  @Test
  void requiresSenderRecipientSubjectAndABody() {
    assertThatThrownBy(
            () -> EmailMessage.builder().to("a@example.com").subject("s").text("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("from must be set");
    rejectsBuild(b -> b.to(List.of()), "to", "at least one recipient");
    rejectsBuild(b -> b.subject(null), "subject", "required");
    rejectsBuild(b -> b.subject("  "), "subject", "required");
    rejectsBuild(b -> b.text(null), "text", "at least one of text and html");
    rejectsBuild(b -> b.text(""), "text", "empty");
    rejectsBuild(b -> b.html(""), "html", "empty");
    assertThat(minimal().text(null).html("<b>hi</b>").build().text()).isEmpty();
    assertThat(minimal().to(List.of()).bcc("x@example.com").build().recipients()).hasSize(1);
    assertThat(minimal().to(List.of()).bcc("x@example.com").build().recipientCount()).isEqualTo(1);
  }

  @Test
  void rejectsSubjectsThatAreTooLongOrBreakTheHeader() {
    assertThat(minimal().subject("s".repeat(998)).build().subject()).hasSize(998);
    rejectsBuild(b -> b.subject("s".repeat(999)), "subject", "999 characters");
    rejectsBuild(b -> b.subject("Hi\r\nBcc: victim@example.com"), "subject", "U+000D");
    rejectsBuild(b -> b.subject("Hi\nthere"), "subject", "U+000A");
  }

  @Test
  void allowsUpToTheRecipientLimit() {
    List<EmailAddress> to = new ArrayList<>();
    for (int i = 0; i < 998; i++) {
      to.add(EmailAddress.of("user" + i + "@example.com"));
    }
    EmailMessage m = minimal().to(to).addCc("cc@example.com").addBcc("bcc@example.com").build();
    assertThat(m.recipients()).hasSize(EmailMessage.MAX_RECIPIENTS);
    rejects(() -> m.toBuilder().addBcc("one-too-many@example.com").build(), "recipients", "1001");
  }

  @Test
  void rejectsTheSameAddressTwiceAcrossToCcAndBcc() {
    rejectsBuild(
        b -> b.to("a@example.com", "b@example.com").cc("c@example.com", "B@Example.com"),
        "cc[1]",
        "already a recipient in to[1]");
    rejectsBuild(b -> b.to("a@example.com", "Ann <a@example.com>"), "to[1]", "to[0]");
    rejectsBuild(b -> b.to("a@example.com").bcc("a@EXAMPLE.com"), "bcc[0]", "to[0]");
  }

  @Test
  void limitsAttachmentSizes() {
    Attachment big =
        Attachment.of("big.bin", null, new byte[(int) EmailMessage.MAX_ATTACHMENT_BYTES]);
    assertThat(minimal().addAttachment(big).build().totalAttachmentBytes())
        .isEqualTo(EmailMessage.MAX_TOTAL_ATTACHMENT_BYTES);
    rejectsBuild(
        b -> b.addAttachment(big).addAttachment("one.bin", null, new byte[1]),
        "attachments",
        "attachments[1]");
    Attachment tooBig =
        Attachment.of("huge.bin", null, new byte[(int) EmailMessage.MAX_ATTACHMENT_BYTES + 1]);
    rejectsBuild(b -> b.attachments(List.of(tooBig)), "attachments[0].size", "huge.bin");
  }

  @Test
  void namesTheAttachmentAndItsFieldWhenAddedFromParts() {
    rejects(
        () ->
            minimal()
                .addAttachment("ok.txt", null, new byte[0])
                .addAttachment("a/b", null, new byte[0]),
        "attachments[1].filename",
        "must not be a path");
    rejectsNull(() -> minimal().addAttachment(null), "attachments[0]");
    List<Attachment> withNull = new ArrayList<>();
    withNull.add(null);
    rejectsNull(() -> minimal().attachments(withNull), "attachments[0]");
    rejectsNull(() -> minimal().attachments(null), "attachments");
  }

  @Test
  void rejectsTwoInlineAttachmentsWithOneContentId() {
    rejectsBuild(
        b ->
            b.addAttachment(Attachment.inline("logo", "a.png", null, new byte[1]))
                .addAttachment(Attachment.inline("logo", "b.png", null, new byte[1])),
        "attachments[1].contentId",
        "attachments[0]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "From",
        "to",
        "CC",
        "Bcc",
        "Reply-To",
        "subject",
        "Content-Type",
        "MIME-Version",
        "Message-ID",
        "Date",
        "Content-Transfer-Encoding"
      })
  void refusesHeadersTheSdkSetsItself(String name) {
    rejectsBuild(b -> b.header(name, "x"), "headers[\"" + name + "\"]", "own fields");
  }

  @Test
  void checksHeaderNamesAndValues() {
    rejectsBuild(b -> b.header("X Foo", "v"), "headers[\"X Foo\"]", "U+0020");
    rejectsBuild(b -> b.header("X:Foo", "v"), "headers[\"X:Foo\"]", "':'");
    rejectsBuild(b -> b.header("X-Ünï", "v"), "headers[\"X-Ünï\"]", "printable ASCII");
    rejectsBuild(b -> b.header("X-Foo", "a\r\nBcc: x@example.com"), "headers[\"X-Foo\"]", "U+000D");
    rejectsNullOnBuild(b -> b.header("X-Foo", null), "headers[\"X-Foo\"]");
    rejectsBuild(b -> b.header("", "v"), "headers", "empty");
    rejectsBuild(b -> b.header(null, "v"), "headers", "empty");
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("X-Foo", "1");
    twice.put("x-foo", "2");
    rejectsBuild(b -> b.headers(twice), "headers[\"x-foo\"]", "twice");
    rejectsNull(() -> minimal().headers(null), "headers");
  }

  @Test
  void checksTags() {
    rejectsBuild(b -> b.addTag(" "), "tags[0]", "blank");
    rejectsBuild(b -> b.addTag(null), "tags[0]", "blank");
    rejectsBuild(b -> b.tags(List.of("a", "t".repeat(256))), "tags[1]", "longer than 255");
    rejectsBuild(b -> b.tags(List.of("a", "b", "a")), "tags[2]", "twice");
    rejectsBuild(b -> b.addTag("a\nb"), "tags[0]", "U+000A");
    rejectsNull(() -> minimal().tags(null), "tags");
    assertThat(minimal().addTag("t".repeat(255)).build().tags()).hasSize(1);
  }

  @Test
  void checksMetadata() {
    rejectsBuild(b -> b.metadata(" ", "v"), "metadata", "blank");
    rejectsBuild(b -> b.metadata(null, "v"), "metadata", "blank");
    rejectsBuild(
        b -> b.metadata("k".repeat(129), "v"), "metadata[\"" + "k".repeat(129) + "\"]", "128");
    rejectsNullOnBuild(b -> b.metadata("k", null), "metadata[\"k\"]");
    rejectsBuild(b -> b.metadata("k\r", "v"), "metadata[\"k\r\"]", "U+000D");
    rejectsNull(() -> minimal().metadata(null), "metadata");
    assertThat(minimal().metadata("k".repeat(128), "").build().metadata()).hasSize(1);
  }

  @Test
  void toStringShowsSizesButNeverBodiesOrContent() {
    EmailMessage m =
        minimal()
            .text("the secret code is 123456")
            .html("<p>the secret code is 123456</p>")
            .addAttachment("a.txt", null, "attachment-content".getBytes())
            .sendAt(Instant.parse("2030-01-01T00:00:00Z"))
            .build();
    assertThat(m.toString())
        .contains("from=shop@example.com", "recipients=1", "subject=\"Hi\"", "text=25 chars")
        .contains("html=32 chars", "attachments=1 (18 bytes)", "sendAt=2030-01-01T00:00:00Z")
        .contains("idempotencyKey=" + m.idempotencyKey())
        .doesNotContain("123456", "attachment-content");
  }
}
