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
}
