package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BlobInfoTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static BlobInfo.Builder valid() {
    return BlobInfo.builder().key("a.txt").size(3).etag("\"e\"").lastModified(T0);
  }

  @Test
  void holdsWhatItWasBuiltWith() {
    BlobInfo info = valid().contentType("text/plain").metadata(Map.of("Owner", "ann")).build();

    assertThat(info.key()).isEqualTo("a.txt");
    assertThat(info.size()).isEqualTo(3);
    assertThat(info.contentType()).contains("text/plain");
    assertThat(info.etag()).isEqualTo("\"e\"");
    assertThat(info.lastModified()).isEqualTo(T0);
    assertThat(info.metadata()).containsExactly(Map.entry("owner", "ann"));
    assertThat(info.toBuilder().build()).isEqualTo(info).hasSameHashCodeAs(info);
    assertThat(info.toBuilder().size(4).build()).isNotEqualTo(info);
  }

  @Test
  void contentTypeMayBeUnknownAsInListings() {
    assertThat(valid().build().contentType()).isEmpty();
    assertThat(valid().build().metadata()).isEmpty();
  }

  @Test
  void metadataIsCopiedAndUnmodifiable() {
    Map<String, String> source = new HashMap<>(Map.of("a", "1"));
    BlobInfo info = valid().metadata(source).build();
    source.put("b", "2");

    assertThat(info.metadata()).containsOnlyKeys("a");
    assertThatThrownBy(() -> info.metadata().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requiresKeyEtagAndLastModified() {
    assertThatThrownBy(() -> BlobInfo.builder().etag("e").lastModified(T0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key must be set");
    assertThatThrownBy(() -> BlobInfo.builder().key("k").lastModified(T0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("etag must be set");
    assertThatThrownBy(() -> BlobInfo.builder().key("k").etag("e").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lastModified must be set");
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    assertRejected(() -> valid().key(""), "key");
    assertRejected(() -> valid().size(-1), "size");
    assertRejected(() -> valid().etag(""), "etag");
    assertNullRejected(() -> valid().lastModified(null), "lastModified");
    assertNullRejected(() -> valid().metadata(null), "metadata");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);
    assertRejected(() -> valid().metadata(withNull), "metadata");
  }

  @Test
  void toStringShowsMetadataNamesOnly() {
    BlobInfo info = valid().metadata(Map.of("email", "ann@example.com")).build();
    assertThat(info.toString())
        .contains("key=a.txt", "size=3", "[email]")
        .doesNotContain("ann@example.com");
  }

  private static void assertRejected(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
  }

  /** A null reference is a bug, not bad input: NPE naming the argument. */
  private static void assertNullRejected(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }
}
