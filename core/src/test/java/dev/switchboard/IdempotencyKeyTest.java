package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  @Test
  void keepsTheCallersValue() {
    assertThat(IdempotencyKey.of("order-42/charge").value()).isEqualTo("order-42/charge");
    assertThat(IdempotencyKey.of("a")).isEqualTo(IdempotencyKey.of("a"));
  }

  @Test
  void rejectsEmptyTooLongAndNonPrintableKeysNamingTheProblem() {
    assertThatThrownBy(() -> IdempotencyKey.of(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1 to 255 characters, was 0");
    assertThatThrownBy(() -> IdempotencyKey.of("k".repeat(256))).hasMessageContaining("was 256");
    assertThatThrownBy(() -> IdempotencyKey.of("has space"))
        .hasMessageContaining("index 3 is U+0020");
    assertThatThrownBy(() -> IdempotencyKey.of("caf\u00e9")).hasMessageContaining("U+00E9");
    assertThatThrownBy(() -> IdempotencyKey.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value == null");
  }

  @Test
  void acceptsTheLongestKey() {
    assertThat(IdempotencyKey.of("k".repeat(255)).value()).hasSize(255);
  }

  @Test
  void randomKeysDiffer() {
    assertThat(IdempotencyKey.random()).isNotEqualTo(IdempotencyKey.random());
  }

  @Test
  void derivedKeysAreStablePerProviderAndDistinctAcrossProviders() {
    IdempotencyKey key = IdempotencyKey.of("order-42");

    assertThat(key.derive("primary")).isEqualTo(key.derive("primary"));
    assertThat(key.derive("primary")).isNotEqualTo(key.derive("backup"));
    assertThat(key.derive("primary")).isNotEqualTo(IdempotencyKey.of("order-43").derive("primary"));
    assertThat(IdempotencyKey.of("k".repeat(255)).derive("primary").value()).hasSize(36);
  }
}
