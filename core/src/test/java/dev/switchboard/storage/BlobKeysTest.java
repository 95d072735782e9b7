package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeysTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "plain/key.txt",
        "with space",
        " leading and trailing ",
        "..",
        "a/../b",
        "a//b",
        "a/./b",
        "/starts/with/slash",
        "ünïcödé/日本語/😀",
        "percent%20and+plus?query#hash"
      })
  void acceptsAwkwardButLegalKeys(String key) {
    assertThat(BlobKeys.requireValid(key)).isEqualTo(key);
  }

  @Test
  void acceptsKeyOfExactly1024Utf8Bytes() {
    String key = "é".repeat(512);
    assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
    assertThat(BlobKeys.requireValid(key)).isEqualTo(key);
  }

  @Test
  void rejectsKeyOf1025Utf8Bytes() {
    String key = "é".repeat(512) + "x";
    assertThatThrownBy(() -> BlobKeys.requireValid(key))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1025 bytes")
        .extracting(e -> ((InvalidRequestException) e).field().orElseThrow())
        .isEqualTo("key");
  }

  @Test
  void rejectsNullAndEmptyKeys() {
    assertThatThrownBy(() -> BlobKeys.requireValid(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key == null");
    assertThatThrownBy(() -> BlobKeys.requireValid(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must not be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nul\u0000", "cr\r", "lf\n", "del\u007f", "tab\t", "c1\u0085"})
  void rejectsControlCharacters(String key) {
    assertThatThrownBy(() -> BlobKeys.requireValid(key))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("control character");
  }

  @Test
  void rejectsLoneSurrogates() {
    assertThatThrownBy(() -> BlobKeys.requireValid("a\uD83D"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("lone surrogate U+D83D at index 1");
    assertThatThrownBy(() -> BlobKeys.requireValid("\uDE00b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("lone surrogate");
  }

  @Test
  void namesTheFieldItWasGiven() {
    assertThatThrownBy(() -> BlobKeys.requireValid("toKey", ""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("toKey"));
  }

  @Test
  void prefixMayBeEmptyButFollowsTheOtherRules() {
    assertThat(BlobKeys.requireValidPrefix("prefix", "")).isEmpty();
    assertThatThrownBy(() -> BlobKeys.requireValidPrefix("prefix", "a\n"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> BlobKeys.requireValidPrefix("prefix", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void ordersSupplementaryCharactersAfterTheBasicPlaneLikeUtf8Does() {
    List<String> keys = new ArrayList<>(List.of("😀", "\uFF21", "é", "a", "B", "ab", ""));
    keys.sort(BlobKeys.utf8Order());
    assertThat(keys).containsExactly("", "B", "a", "ab", "é", "\uFF21", "😀");
    assertThat("😀".compareTo("\uFF21")).as("UTF-16 order differs").isNegative();
  }

  @Property
  void comparesLikeUnsignedUtf8Bytes(@ForAll String a, @ForAll String b) {
    int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), utf8(b)));
    if (isWellFormed(a) && isWellFormed(b)) {
      assertThat(Integer.signum(BlobKeys.compareUtf8(a, b))).isEqualTo(expected);
    }
  }

  @Property
  void countsUtf8BytesWithoutEncoding(@ForAll String text) {
    if (isWellFormed(text)) {
      assertThat(BlobKeys.utf8Length(text)).isEqualTo(utf8(text).length);
    }
  }

  @Test
  void countsLoneSurrogatesAsThreeBytes() {
    assertThat(BlobKeys.utf8Length("\uD800")).isEqualTo(3);
    assertThat(BlobKeys.utf8Length("😀")).isEqualTo(4);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isWellFormed(String s) {
    return new String(utf8(s), StandardCharsets.UTF_8).equals(s);
  }
}
