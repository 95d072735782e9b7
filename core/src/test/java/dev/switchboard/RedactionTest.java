package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void quotesShortValuesThatDoNotLookLikeCredentials() {
    assertThat(Redaction.describe("three")).isEqualTo("'three'");
    assertThat(Redaction.describe("PT30X")).isEqualTo("'PT30X'");
    assertThat(Redaction.describe("https://api.example.com/v1"))
        .isEqualTo("'https://api.example.com/v1'");
    assertThat(Redaction.describe("2026-02-25.clover")).isEqualTo("'2026-02-25.clover'");
    assertThat(Redaction.describe("order-1001-charge")).isEqualTo("'order-1001-charge'");
  }

  @Test
  void hidesValuesWithTheKnownPrefixesOfCredentials() {
    for (String prefix :
        new String[] {"sk_", "rk_", "pk_", "whsec_", "SG.", "key-", "AKIA", "ASIA", "xoxb-"}) {
      String value = prefix + "fake";
      assertThat(Redaction.describe(value))
          .as(prefix)
          .isEqualTo(
              "a " + value.length() + "-character value that looks like a credential, not shown");
    }
  }

  @Test
  void hidesTokensThatLookRandomOrLikeAJwt() {
    assertThat(Redaction.describe("Zx8Qp2Lm7Vt4Rb9Nc1Kd6Hs3"))
        .isEqualTo("a 24-character value that looks like a credential, not shown");
    assertThat(Redaction.describe("eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl"))
        .endsWith("that looks like a credential, not shown");
    assertThat(Redaction.describe("5d41402a-bc4b2a76-b9719d91-1017c592"))
        .endsWith("that looks like a credential, not shown");
  }

  @Test
  void givesOnlyTheLengthOfLongOrUnprintableValues() {
    assertThat(Redaction.describe("a very long sentence that someone pasted in by mistake here"))
        .isEqualTo("a 59-character value, not shown");
    assertThat(Redaction.describe("ab\u0000c")).isEqualTo("a 4-character value, not shown");
    assertThat(Redaction.describe(null)).isEqualTo("null");
  }

  @Test
  void masksTokensKeepingTheirLastFourCharacters() {
    assertThat(Redaction.maskToken("pm_card_visa_4242")).isEqualTo("****4242");
    assertThat(Redaction.maskToken("pm_12345")).isEqualTo("****");
  }

  @Test
  void masksEveryMatchInAMessageAndKeepsTheRest() {
    Pattern ids = Pattern.compile("\\bpm_[A-Za-z0-9_]+");
    assertThat(Redaction.maskTokens("No such PaymentMethod: 'pm_fake_abcd1234'; also pm_1", ids))
        .isEqualTo("No such PaymentMethod: '****1234'; also ****");
    assertThat(Redaction.maskTokens(null, ids)).isNull();
  }
}
