package dev.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment.Disposition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentTest {
  @TempDir Path dir;

  @Test
  void copiesInMemoryContentSoLaterChangesDoNotLeakIn() {
    byte[] content = {0, 1, (byte) 0xff};
    Attachment a = Attachment.of("a.bin", "application/octet-stream", content);
    content[0] = 42;
    assertThat(a.bytes()).containsExactly(0, 1, 0xff);
    a.bytes()[1] = 42;
    assertThat(a.bytes()).containsExactly(0, 1, 0xff);
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.disposition()).isEqualTo(Disposition.ATTACHMENT);
    assertThat(a.contentId()).isEmpty();
    assertThat(a.path()).isEmpty();
  }

  @Test
  void openStreamStartsFromTheBeginningEveryTime() throws IOException {
    Attachment a = Attachment.of("a.txt", null, new byte[] {1, 2, 3});
    try (InputStream first = a.openStream()) {
      assertThat(first.readAllBytes()).containsExactly(1, 2, 3);
    }
    try (InputStream second = a.openStream()) {
      assertThat(second.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void streamsContentFromAFileAndReadsItsSizeWhenBuilt() throws IOException {
    Path file = Files.write(dir.resolve("report.csv"), new byte[] {'a', ',', 'b', 0, (byte) 0x80});
    Attachment a = Attachment.fromPath(file, null);
    assertThat(a.filename()).isEqualTo("report.csv");
    assertThat(a.contentType()).isEqualTo("text/csv");
    assertThat(a.size()).isEqualTo(5);
    assertThat(a.path()).contains(file);
    try (InputStream in = a.openStream()) {
      assertThat(in.readAllBytes()).containsExactly('a', ',', 'b', 0, 0x80);
    }
    assertThat(a.bytes()).hasSize(5);
  }

  @Test
  void rejectsAMissingFileNamingThePath() {
    Path missing = dir.resolve("nope.pdf");
    assertThatThrownBy(() -> Attachment.fromPath(missing, "application/pdf"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("path");
              assertThat(e.reason()).contains(missing.toString());
            });
    assertThatThrownBy(() -> Attachment.fromPath(dir, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(dir.toString());
    assertThatThrownBy(() -> Attachment.fromPath(null, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void reportsAFileThatDisappearedAfterBuildAsInvalidRequest() throws IOException {
    Path file = Files.write(dir.resolve("gone.txt"), new byte[] {1});
    Attachment a = Attachment.fromPath(file, null);
    Files.delete(file);
    assertThatThrownBy(a::openStream)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("path"));
    assertThatThrownBy(a::bytes).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "invoice.PDF, application/pdf",
    "photo.jpeg, image/jpeg",
    "page.html, text/html",
    "archive.tar.gz, application/gzip",
    "data.unknown, application/octet-stream",
    "README, application/octet-stream"
  })
  void derivesContentTypeFromExtension(String filename, String expected) {
    assertThat(Attachment.of(filename, null, new byte[0]).contentType()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8", "image/svg+xml"})
  void acceptsWellFormedContentTypes(String type) {
    assertThat(Attachment.of("a", type, new byte[0]).contentType()).isEqualTo(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pdf", "text/", "/plain", "text/plain\r\nX: y", "text plain", ""})
  void rejectsMalformedContentTypes(String type) {
    assertThatThrownBy(() -> Attachment.of("a", type, new byte[0]))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("contentType"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "../etc/passwd", "dir/a.txt", "c:\\a.txt", "..", "a\r\n.txt"})
  void rejectsFilenamesThatArePathsOrBreakHeaders(String filename) {
    assertThatThrownBy(() -> Attachment.of(filename, null, new byte[0]))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("filename"));
  }

  @Test
  void limitsFilenameLength() {
    assertThat(Attachment.of("f".repeat(255), null, new byte[0]).filename()).hasSize(255);
    assertThatThrownBy(() -> Attachment.of("f".repeat(256), null, new byte[0]))
        .hasMessageContaining("longer than 255");
  }

  @Test
  void inlineAttachmentCarriesItsContentId() {
    Attachment logo = Attachment.inline("logo", "logo.png", null, new byte[] {1});
    assertThat(logo.disposition()).isEqualTo(Disposition.INLINE);
    assertThat(logo.contentId()).contains("logo");
    assertThat(logo.contentType()).isEqualTo("image/png");
  }

  @Test
  void contentIdIsRequiredForAndOnlyForInline() {
    assertThatThrownBy(
            () ->
                Attachment.builder()
                    .filename("a.png")
                    .content(new byte[0])
                    .disposition(Disposition.INLINE)
                    .build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("contentId"));
    assertThatThrownBy(
            () ->
                Attachment.builder().filename("a.png").content(new byte[0]).contentId("x").build())
        .hasMessageContaining("only an INLINE attachment has a content id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<logo>", "lo go", "logo\r\n"})
  void rejectsContentIdsWithBracketsOrWhitespace(String contentId) {
    assertThatThrownBy(() -> Attachment.inline(contentId, "a.png", null, new byte[0]))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("contentId"));
  }

  @Test
  void requiresContentAndRejectsNulls() {
    assertThatThrownBy(() -> Attachment.builder().filename("a").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("content must be set");
    assertThatThrownBy(() -> Attachment.builder().content((byte[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Attachment.builder().content((Path) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Attachment.builder().disposition(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void laterContentReplacesEarlierContent() throws IOException {
    Path file = Files.write(dir.resolve("f.txt"), new byte[] {9, 9});
    Attachment fromBytes =
        Attachment.builder().filename("a").content(file).content(new byte[] {1}).build();
    assertThat(fromBytes.path()).isEmpty();
    Attachment fromFile =
        Attachment.builder().filename("a").content(new byte[] {1}).content(file).build();
    assertThat(fromFile.size()).isEqualTo(2);
  }

  @Test
  void comparesByValue() {
    Attachment a = Attachment.of("a.bin", null, new byte[] {1, 2});
    assertThat(a).isEqualTo(Attachment.of("a.bin", null, new byte[] {1, 2}));
    assertThat(a).hasSameHashCodeAs(Attachment.of("a.bin", null, new byte[] {1, 2}));
    assertThat(a).isNotEqualTo(Attachment.of("a.bin", null, new byte[] {1, 3}));
    assertThat(a).isNotEqualTo(Attachment.of("b.bin", null, new byte[] {1, 2}));
    assertThat(a.toBuilder().build()).isEqualTo(a);
  }

  @Test
  void toStringShowsNameTypeAndSizeButNeverContent() {
    Attachment a = Attachment.of("secret.txt", "text/plain", "password=hunter2".getBytes());
    assertThat(a.toString())
        .isEqualTo("Attachment{secret.txt, text/plain, 16 bytes}")
        .doesNotContain("hunter2");
    assertThat(Attachment.inline("logo", "l.png", null, new byte[1]).toString())
        .contains("cid=logo");
  }
}
