package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
  @Test
  void buildsBearerAndBasicValues() {
    assertThat(Authorization.bearer("sk_test_fake_123")).isEqualTo("Bearer sk_test_fake_123");
    assertThat(Authorization.basic("api", "sk_test_fake_123"))
        .isEqualTo("Basic YXBpOnNrX3Rlc3RfZmFrZV8xMjM=");
  }

  @Test
  void rejectsBadPartsWithoutEchoingThem() {
    assertThatThrownBy(() -> Authorization.bearer(" "))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("token"));
    assertThatThrownBy(() -> Authorization.bearer("sk_test fake"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("sk_test fake");
    assertThatThrownBy(() -> Authorization.basic("a:b", "x"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("user"));
    assertThatThrownBy(() -> Authorization.basic("", "x"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Authorization.basic("api", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("password");
  }

  @Test
  void aSuppliedSecretIsReadEveryCallAndTheHeaderRebuiltOnlyWhenItChanges() {
    java.util.concurrent.atomic.AtomicReference<String> secret =
        new java.util.concurrent.atomic.AtomicReference<>("sk_test_fake_one");
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<String> header =
        Authorization.bearerFrom(
            () -> {
              reads.incrementAndGet();
              return secret.get();
            });
    String first = header.get();
    assertThat(first).isEqualTo("Bearer sk_test_fake_one");
    assertThat(header.get()).isSameAs(first);
    assertThat(reads).hasValue(2);
    secret.set("sk_test_fake_two");
    assertThat(header.get()).isEqualTo("Bearer sk_test_fake_two");
    // A secret no header can carry fails every time it is read, and is not remembered.
    secret.set("sk_test fake");
    assertThatThrownBy(header::get).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(header::get).isInstanceOf(InvalidRequestException.class);
    secret.set("sk_test_fake_two");
    assertThat(header.get()).isEqualTo("Bearer sk_test_fake_two");
    java.util.function.Supplier<String> basic =
        Authorization.basicFrom("api", () -> "sk_test_fake_123");
    assertThat(basic.get()).isEqualTo("Basic YXBpOnNrX3Rlc3RfZmFrZV8xMjM=").isSameAs(basic.get());
    assertThatThrownBy(Authorization.basicFrom("api", () -> null)::get)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("password");
  }
}
