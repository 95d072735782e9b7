package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PutOptionsTest {

  @Test
  void defaultsAreOctetStreamNoMetadataOverwriteAndAFreshKey() {
    PutOptions a = PutOptions.defaults();
    PutOptions b = PutOptions.defaults();

    assertThat(a.contentType()).isEqualTo("application/octet-stream");
    assertThat(a.metadata()).isEmpty();
    assertThat(a.createIfAbsent()).isFalse();
    assertThat(a.idempotencyKey()).isNotEqualTo(b.idempotencyKey());
  }

  @Test
  void keepsWhatWasSetAndToBuilderKeepsTheKey() {
    AtomicLong seen = new AtomicLong();
    IdempotencyKey key = IdempotencyKey.of("upload-1");
    PutOptions options =
        PutOptions.builder()
            .contentType("text/plain; charset=utf-8")
            .metadata("Customer-Id", "c-42")
            .createIfAbsent(true)
            .progressListener((sent, total) -> seen.set(sent))
            .idempotencyKey(key)
            .build();

    options.progressListener().onProgress(5, OptionalLong.empty());
    assertThat(seen).hasValue(5);
    assertThat(options.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(options.metadata()).containsExactly(Map.entry("customer-id", "c-42"));
    assertThat(options.createIfAbsent()).isTrue();
    assertThat(options.toBuilder().createIfAbsent(false).build())
        .satisfies(
            copy -> {
              assertThat(copy.idempotencyKey()).isEqualTo(key);
              assertThat(copy.metadata()).isEqualTo(options.metadata());
              assertThat(copy.createIfAbsent()).isFalse();
            });
  }

  @Test
  void metadataHandedOutCannotBeChanged() {
    PutOptions options = PutOptions.builder().metadata("a", "1").build();
    assertThatThrownBy(() -> options.metadata().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadataMapReplacesEarlierEntries() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("X", "1");
    entries.put("y", "2");
    PutOptions options = PutOptions.builder().metadata("old", "0").metadata(entries).build();
    assertThat(options.metadata()).containsExactly(Map.entry("x", "1"), Map.entry("y", "2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "image/svg+xml",
        "application/vnd.api+json",
        "text/plain;charset=utf-8",
        "multipart/form-data; boundary=\"a b\""
      })
  void acceptsMediaTypes(String type) {
    assertThat(PutOptions.builder().contentType(type).build().contentType()).isEqualTo(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "text", "text/", "/plain", "text/plain/x", "text /plain", "a/b\n"})
  void rejectsMalformedMediaTypes(String type) {
    assertRejected(() -> PutOptions.builder().contentType(type), "contentType", "media type");
  }

  @Test
  void rejectsNullsNamingTheField() {
    assertNullRejected(() -> PutOptions.builder().contentType(null), "contentType");
    assertNullRejected(() -> PutOptions.builder().metadata(null), "entries");
    assertNullRejected(() -> PutOptions.builder().metadata("a", null), "metadata value of \"a\"");
    assertNullRejected(() -> PutOptions.builder().progressListener(null), "progressListener");
    assertNullRejected(() -> PutOptions.builder().idempotencyKey(null), "idempotencyKey");
  }

  @Test
  void rejectsMetadataNamesOutsideLettersDigitsAndDash() {
    assertRejected(() -> PutOptions.builder().metadata("", "v"), "metadata", "empty");
    assertRejected(
        () -> PutOptions.builder().metadata("under_score", "v"), "metadata", "under_score");
    assertRejected(() -> PutOptions.builder().metadata("sp ace", "v"), "metadata", "letters");
    assertRejected(() -> PutOptions.builder().metadata("naïve", "v"), "metadata", "\\u00EF");
  }

  @Test
  void rejectsMetadataValuesThatHeadersWouldMangle() {
    assertRejected(() -> PutOptions.builder().metadata("a", "line\nbreak"), "metadata", "U+000A");
    assertRejected(() -> PutOptions.builder().metadata("a", "café"), "metadata", "U+00E9");
    assertRejected(() -> PutOptions.builder().metadata("a", " padded"), "metadata", "trailing");
  }

  @Test
  void rejectsNamesThatDifferOnlyInCase() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("Name", "1");
    entries.put("name", "2");
    assertRejected(() -> PutOptions.builder().metadata(entries), "metadata", "appears twice");
  }

  @Test
  void limitsMetadataTo2KiB() {
    String value = "v".repeat(2047);
    assertThat(PutOptions.builder().metadata("k", value).build().metadata()).hasSize(1);
    assertRejected(
        () -> PutOptions.builder().metadata("k", value).metadata("x", "y"),
        "metadata",
        "2050 bytes");
    assertRejected(
        () -> PutOptions.builder().metadata(Map.of("kk", value)), "metadata", "limit is 2048");
  }

  @Test
  void toStringShowsMetadataNamesButNotValues() {
    PutOptions options = PutOptions.builder().metadata("email", "ann@example.com").build();
    assertThat(options.toString()).contains("[email]").doesNotContain("ann@example.com");
  }

  private static void assertRejected(ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field))
        .hasMessageContaining(message);
  }

  /** A null reference is a bug, not bad input: NPE naming the argument. */
  private static void assertNullRejected(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }
}
