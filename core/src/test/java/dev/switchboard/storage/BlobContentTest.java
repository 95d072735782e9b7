package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobContentTest {
  @TempDir Path dir;

  @Test
  void bytesAreCopiedAndCanBeReadTwice() throws IOException {
    byte[] bytes = {1, 2, 3};
    BlobContent content = BlobContent.of(bytes);
    bytes[0] = 9;

    assertThat(content.length()).isEqualTo(OptionalLong.of(3));
    assertThat(content.isRepeatable()).isTrue();
    assertThat(read(content)).containsExactly(1, 2, 3);
    assertThat(read(content)).containsExactly(1, 2, 3);
  }

  @Test
  void stringIsEncodedAsUtf8() throws IOException {
    BlobContent content = BlobContent.ofString("héllo");
    assertThat(content.length()).isEqualTo(OptionalLong.of(6));
    assertThat(new String(read(content), StandardCharsets.UTF_8)).isEqualTo("héllo");
  }

  @Test
  void fileIsStreamedAndRepeatableWithItsCurrentSize() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "abc");
    BlobContent content = BlobContent.of(file);
    Files.writeString(file, "abcdef");

    assertThat(content.isRepeatable()).isTrue();
    assertThat(content.length()).isEqualTo(OptionalLong.of(6));
    assertThat(read(content)).isEqualTo("abcdef".getBytes(StandardCharsets.US_ASCII));
    assertThat(read(content)).hasSize(6);
  }

  @Test
  void rejectsMissingFileAndDirectory() {
    assertThatThrownBy(() -> BlobContent.of(dir.resolve("missing")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no readable regular file");
    assertThatThrownBy(() -> BlobContent.of(dir)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void fileDeletedAfterwardsIsReportedAsInvalidContent() throws IOException {
    Path file = Files.writeString(dir.resolve("gone.txt"), "x");
    BlobContent content = BlobContent.of(file);
    Files.delete(file);

    assertThatThrownBy(content::length)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("content"));
    assertThatThrownBy(content::openStream)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("content"));
  }

  @Test
  void streamCanBeOpenedOnlyOnce() throws IOException {
    InputStream in = new ByteArrayInputStream(new byte[] {7});
    BlobContent content = BlobContent.of(in, 1);

    assertThat(content.isRepeatable()).isFalse();
    assertThat(content.length()).isEqualTo(OptionalLong.of(1));
    assertThat(content.openStream()).isSameAs(in);
    assertThatThrownBy(content::openStream)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("can be read once");
  }

  @Test
  void streamOfUnknownLengthReportsNoLength() {
    BlobContent content = BlobContent.of(new ByteArrayInputStream(new byte[0]));
    assertThat(content.length()).isEmpty();
    assertThat(content.toString()).contains("length=unknown");
  }

  @Test
  void rejectsNullsAndNegativeLength() {
    assertThatThrownBy(() -> BlobContent.of((byte[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BlobContent.ofString(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BlobContent.of((Path) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("path == null");
    assertThatThrownBy(() -> BlobContent.of((InputStream) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BlobContent.of(null, 3)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BlobContent.of(InputStream.nullInputStream(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("length must be >= 0, was -1");
  }

  @Test
  void toStringNeverShowsTheBytes() throws IOException {
    assertThat(BlobContent.ofString("secret-token").toString())
        .isEqualTo("BlobContent[bytes, length=12]")
        .doesNotContain("secret");
    assertThat(BlobContent.of(InputStream.nullInputStream(), 5).toString())
        .isEqualTo("BlobContent[stream, length=5]");
    Path file = Files.writeString(dir.resolve("f"), "secret");
    assertThat(BlobContent.of(file).toString())
        .startsWith("BlobContent[file=")
        .doesNotContain("secret]");
  }

  private static byte[] read(BlobContent content) throws IOException {
    try (InputStream in = content.openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void onlyFileContentNamesItsPath() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "abc");
    assertThat(BlobContent.of(file).path()).contains(file);
    assertThat(BlobContent.ofString("abc").path()).isEmpty();
    assertThat(BlobContent.of(new ByteArrayInputStream(new byte[1])).path()).isEmpty();
  }
}
