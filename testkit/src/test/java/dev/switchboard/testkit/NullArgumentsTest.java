package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailSender;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class NullArgumentsTest {
  /** A sender whose every method answers a null message the way {@code answer} says. */
  private static EmailSender sender(Runnable answer) {
    return (EmailSender)
        Proxy.newProxyInstance(
            EmailSender.class.getClassLoader(),
            new Class<?>[] {EmailSender.class},
            (proxy, method, args) -> {
              if (args != null && args[0] == null) {
                answer.run();
              }
              return null;
            });
  }

  @Test
  void passesWhenEveryNullIsANullPointerExceptionNamingTheParameter() {
    EmailSender sender = sender(() -> Objects.requireNonNull(null, "message == null"));

    assertThat(NullArguments.assertEachRejected(EmailSender.class, sender, Map.of()))
        .containsExactlyInAnyOrder("send(message)", "check(message)");
  }

  @Test
  void failsWhenANullIsCalledBadInput() {
    EmailSender sender =
        sender(
            () -> {
              throw InvalidRequestException.invalidField("message", "message == null");
            });

    assertThatThrownBy(() -> NullArguments.assertEachRejected(EmailSender.class, sender, Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("InvalidRequestException");
  }

  @Test
  void failsWhenTheMessageDoesNotNameTheParameter() {
    EmailSender sender = sender(() -> Objects.requireNonNull(null));

    assertThatThrownBy(() -> NullArguments.assertEachRejected(EmailSender.class, sender, Map.of()))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void failsWhenANullIsAccepted() {
    EmailSender sender = sender(() -> {});

    assertThatThrownBy(() -> NullArguments.assertEachRejected(EmailSender.class, sender, Map.of()))
        .isInstanceOf(AssertionError.class);
  }
}
