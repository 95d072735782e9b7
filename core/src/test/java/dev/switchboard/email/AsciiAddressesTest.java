package dev.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import org.junit.jupiter.api.Test;

class AsciiAddressesTest {
  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello");
  }

  @Test
  void anInternationalisedDomainBecomesItsIdnaFormKeepingTheDisplayName() {
    EmailAddress sent = AsciiAddresses.of(EmailAddress.of("ann@exämple.com", "Änn Example"));

    assertThat(sent.address()).isEqualTo("ann@xn--exmple-cua.com");
    assertThat(sent.displayName()).contains("Änn Example");
    EmailAddress plain = EmailAddress.of("ann@example.com");
    assertThat(AsciiAddresses.of(plain)).isSameAs(plain);
  }

  @Test
  void aNonAsciiLocalPartHasNoAsciiForm() {
    assertThatThrownBy(() -> AsciiAddresses.of(EmailAddress.of("jürgen@example.com")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("address"));
  }

  @Test
  void checkNamesTheFirstFieldWithoutAnAsciiFormAndTheProvider() {
    EmailMessage message =
        message().to("ann@exämple.com").cc("bob@example.com", "jürgen@example.com").build();

    assertThat(AsciiAddresses.check(message, "acme"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.field()).contains("cc[1]");
              assertThat(e.reason())
                  .isEqualTo(
                      "the local part of jürgen@example.com is not ASCII; acme does not support"
                          + " SMTPUTF8 addresses");
            });
    assertThat(AsciiAddresses.check(message().from("zoë@example.com").build(), "acme"))
        .hasValueSatisfying(e -> assertThat(e.field()).contains("from"));
    assertThat(AsciiAddresses.check(message().replyTo("zoë@example.com").build(), "acme"))
        .hasValueSatisfying(e -> assertThat(e.field()).contains("replyTo[0]"));
    assertThat(AsciiAddresses.check(message().to("ann@exämple.com").build(), "acme")).isEmpty();
  }

  @Test
  void aDomainWhoseIdnaFormIsTooLongIsRefused() {
    // 60 letters of ä: a valid label as given, 60+ characters past the 63 limit once encoded.
    EmailMessage message = message().bcc("ann@" + "ä".repeat(60) + ".com").build();

    assertThat(AsciiAddresses.check(message, "acme"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.field()).contains("bcc[0]");
              assertThat(e.reason()).endsWith("has no ASCII (IDNA) form");
            });
  }
}
