package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialCheckTest {
  @Test
  void acceptsPrintableAsciiKeysOfAnyVendorShape() {
    for (String key :
        new String[] {"sk_test_fake_1", "rk_test_fake_2", "SG.fake.key", "key-fake", "a+b/c=="}) {
      assertThat(CredentialCheck.problem(key)).as(key).isEmpty();
    }
  }

  @Test
  void saysWhatIsWrongAndWhereWithoutQuotingTheValue() {
    assertThat(CredentialCheck.problem("")).contains("is empty");
    assertThat(CredentialCheck.problem(null)).contains("is empty");
    assertThat(CredentialCheck.problem("fake\n"))
        .contains("ends with whitespace, such as a line break (character 5)");
    assertThat(CredentialCheck.problem(" fake"))
        .contains("contains whitespace at character 1 of 5");
    assertThat(CredentialCheck.problem("fa\u0000ke"))
        .contains("contains a control character at character 3 of 5");
    assertThat(CredentialCheck.problem("fak\u00e9"))
        .contains("contains a character that is not printable ASCII at character 4 of 4");
    assertThat(CredentialCheck.problem("fake\u00a0x"))
        .contains("contains whitespace at character 5 of 6");
  }

  @Test
  void reportsEveryRefusedCredentialByItsSettingAndSkipsTheAbsentOnes() {
    CredentialCheck check =
        CredentialCheck.create()
            .value("client-id", "id fake")
            .secret("client-secret", Secret.of("secret-fake\r\n"))
            .secret("session-token", null)
            .value("region-id", null)
            .secret("api-key", Secret.of("sk_test_fake"));

    assertThatThrownBy(check::throwIfProblems)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly("client-id", "client-secret"))
        .hasMessageNotContaining("fake");
  }

  @Test
  void passesWhenEveryCredentialCanBeSent() {
    assertThatCode(
            () ->
                CredentialCheck.create()
                    .secret("api-key", Secret.of("sk_test_fake"))
                    .throwIfProblems())
        .doesNotThrowAnyException();
  }
}
