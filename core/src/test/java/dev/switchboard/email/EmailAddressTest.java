package dev.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ann@example.com",
        "Ann.Example+tag@mail.example.co.uk",
        "o'brien@example.com",
        "x@a-b.example",
        "用户@例子.广告",
        "zoë@bücher.de",
        "a!#$%&'*+-/=?^_`{|}~@example.com"
      })
  void acceptsAddressesVendorsAccept(String address) {
    assertThat(EmailAddress.of(address).address()).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ann",
        "ann@",
        "@example.com",
        "ann@@example.com",
        "ann@b@example.com",
        "ann@localhost",
        ".ann@example.com",
        "ann.@example.com",
        "an..n@example.com",
        "ann smith@example.com",
        "ann@exa mple.com",
        "ann@-example.com",
        "ann@example-.com",
        "ann@example..com",
        "ann@example.com.",
        "ann@exam_ple.com",
        "\"ann\"@example.com",
        "ann@[192.0.2.1]",
        "ann@example.com\r\nBcc: victim@example.com",
        "ann\u0000@example.com"
      })
  void rejectsMalformedAddressesNamingTheField(String address) {
    assertThatThrownBy(() -> EmailAddress.of(address))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("address"));
  }

  @Test
  void rejectsNullAddress() {
    assertThatThrownBy(() -> EmailAddress.of(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("address == null");
  }

  @Test
  void enforcesOctetLimitsOfLocalPartAndWholeAddress() {
    String local64 = "a".repeat(64);
    assertThat(EmailAddress.of(local64 + "@example.com").localPart()).hasSize(64);
    assertThatThrownBy(() -> EmailAddress.of("a" + local64 + "@example.com"))
        .hasMessageContaining("local part is longer than 64 octets");
    // 32 two-octet letters are 64 octets; one more is too many although only 33 characters.
    assertThat(EmailAddress.of("é".repeat(32) + "@example.com")).isNotNull();
    assertThatThrownBy(() -> EmailAddress.of("é".repeat(33) + "@example.com"))
        .hasMessageContaining("local part is longer than 64 octets");

    String domain = "d".repeat(61) + "." + "e".repeat(61) + "." + "f".repeat(61) + ".com";
    String longest = "a".repeat(254 - domain.length() - 1) + "@" + domain;
    assertThat(EmailAddress.of(longest).address()).hasSize(254);
    assertThatThrownBy(() -> EmailAddress.of("b" + longest))
        .hasMessageContaining("longer than 254 octets");
    assertThatThrownBy(() -> EmailAddress.of("ann@" + "x".repeat(64) + ".com"))
        .hasMessageContaining("label longer than 63");
  }

  @Test
  void rejectsControlCharactersInDisplayName() {
    assertThatThrownBy(() -> EmailAddress.of("ann@example.com", "Ann\r\nBcc: x@example.com"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("displayName");
              assertThat(e.reason()).contains("U+000D");
            });
    assertThatThrownBy(() -> EmailAddress.of("ann@example.com", "Ann\u2028Example"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void limitsDisplayNameLength() {
    assertThat(EmailAddress.of("ann@example.com", "n".repeat(256)).displayName()).isPresent();
    assertThatThrownBy(() -> EmailAddress.of("ann@example.com", "n".repeat(257)))
        .hasMessageContaining("longer than 256");
  }

  @Test
  void treatsBlankDisplayNameAsNone() {
    assertThat(EmailAddress.of("ann@example.com", "  ").displayName()).isEmpty();
    assertThat(EmailAddress.of("ann@example.com", null))
        .isEqualTo(EmailAddress.of("ann@example.com"));
  }

  @Test
  void parsesTheCommonForms() {
    assertThat(EmailAddress.parse("ann@example.com")).isEqualTo(EmailAddress.of("ann@example.com"));
    assertThat(EmailAddress.parse("  <ann@example.com> "))
        .isEqualTo(EmailAddress.of("ann@example.com"));
    assertThat(EmailAddress.parse("Ann Example <ann@example.com>"))
        .isEqualTo(EmailAddress.of("ann@example.com", "Ann Example"));
    assertThat(EmailAddress.parse("\"Example, Ann \\\"Nan\\\"\" <ann@example.com>"))
        .isEqualTo(EmailAddress.of("ann@example.com", "Example, Ann \"Nan\""));
    assertThat(EmailAddress.parse("Zoë Ångström <zoe@example.com>").displayName())
        .contains("Zoë Ångström");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ann@example.com>",
        "Ann \"Nan\" <ann@example.com>",
        "\"Ann <ann@example.com>",
        "\"Ann\" x <ann@example.com>",
        "Ann <ann@example.com>\r\nBcc: x@example.com",
        "Ann <not-an-address>"
      })
  void parseRejectsMalformedInput(String text) {
    assertThatThrownBy(() -> EmailAddress.parse(text)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> EmailAddress.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keepsCaseButComparesDomainWithoutCase() {
    EmailAddress mixed = EmailAddress.of("Ann@Example.COM");
    assertThat(mixed.address()).isEqualTo("Ann@Example.COM");
    assertThat(mixed.domain()).isEqualTo("Example.COM");
    assertThat(mixed).isEqualTo(EmailAddress.of("Ann@example.com"));
    assertThat(mixed).hasSameHashCodeAs(EmailAddress.of("Ann@example.com"));
    assertThat(mixed).isNotEqualTo(EmailAddress.of("ann@example.com"));
    assertThat(mixed).isNotEqualTo(EmailAddress.of("Ann@example.com", "Ann"));
    assertThat(mixed.sameMailboxAs(EmailAddress.of("Ann@example.com", "Ann"))).isTrue();
    assertThat(mixed.sameMailboxAs(null)).isFalse();
  }

  @Test
  void toStringQuotesDisplayNameOnlyWhenNeeded() {
    assertThat(EmailAddress.of("ann@example.com")).hasToString("ann@example.com");
    assertThat(EmailAddress.of("ann@example.com", "Ann Example"))
        .hasToString("Ann Example <ann@example.com>");
    assertThat(EmailAddress.of("ann@example.com", "Example, Ann"))
        .hasToString("\"Example, Ann\" <ann@example.com>");
    assertThat(EmailAddress.of("ann@example.com", "Ann \"Nan\" E."))
        .hasToString("\"Ann \\\"Nan\\\" E.\" <ann@example.com>");
    assertThat(EmailAddress.of("zoe@example.com", "Zoë")).hasToString("Zoë <zoe@example.com>");
  }

  @Test
  void withDisplayNameReplacesTheName() {
    EmailAddress ann = EmailAddress.of("ann@example.com", "Ann");
    assertThat(ann.withDisplayName("Annie").displayName()).contains("Annie");
    assertThat(ann.withDisplayName(null).displayName()).isEmpty();
  }

  @Property
  void toStringParsesBackToTheSameAddress(
      @ForAll @StringLength(min = 1, max = 40) String displayName) {
    EmailAddress address;
    try {
      address = EmailAddress.of("ann@example.com", displayName);
    } catch (InvalidRequestException rejected) {
      return;
    }
    assertThat(EmailAddress.parse(address.toString())).isEqualTo(address);
  }
}
