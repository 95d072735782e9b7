package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolutionTest {
  private static final String KEY = "switchboard.payments.acme.api-key";
  private static final String FAKE = "sk_test_fake_123";

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private final Map<String, String> env = new HashMap<>();
  private final Properties sysprops = new Properties();

  private SwitchboardConfig.Builder builder() {
    return SwitchboardConfig.builder().environment(env).systemProperties(sysprops).clock(clock);
  }

  private Path properties(String content) throws IOException {
    Path file = dir.resolve("switchboard.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void resolvesAnEnvReferenceAndPicksUpRotationAfterTheTtl() {
    env.put("PAY_API_KEY", FAKE);
    Secret secret = builder().put(KEY, "${env:PAY_API_KEY}").build().secret(KEY);

    assertThat(secret.value()).isEqualTo(FAKE);
    assertThat(secret).hasToString("Secret[env:PAY_API_KEY]");

    env.put("PAY_API_KEY", "sk_test_rotated_456");
    assertThat(secret.value()).isEqualTo(FAKE);
    clock.advance(Secret.DEFAULT_TTL);
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
  }

  @Test
  void resolvesAFileReferenceStrippingTheTrailingLineBreakAndRereadsAfterInvalidate()
      throws IOException {
    Path secretFile = dir.resolve("api-key");
    Files.writeString(secretFile, FAKE + "\n");
    Secret secret = builder().put(KEY, "${file:" + secretFile + "}").build().secret(KEY);
    assertThat(secret.value()).isEqualTo(FAKE);

    Files.writeString(secretFile, "sk_test_rotated_456\r\n");
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");

    Files.writeString(secretFile, " padded \n\n");
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("padded");

    Files.writeString(secretFile, "no-newline");
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("no-newline");
  }

  @Test
  void stripsTheLineBreakAndSpacesThatMountedSecretsAndVariablesCarry() {
    env.put("PAY_API_KEY", FAKE + "\n");
    env.put("SWITCHBOARD_PAYMENTS_ACME_API_KEY", " " + FAKE + "\r\n");
    sysprops.setProperty("pay.key", FAKE + " ");

    assertThat(builder().put(KEY, "${env:PAY_API_KEY}").build().secret(KEY).value())
        .isEqualTo(FAKE);
    assertThat(builder().build().secret(KEY).value()).isEqualTo(FAKE);
    assertThat(builder().put(KEY, "${sysprop:pay.key}").build().secret(KEY).value())
        .isEqualTo(FAKE);
  }

  @Test
  void aSecretFileThatIsNotUtf8SaysSo() throws IOException {
    Path latin1 = dir.resolve("latin1-key");
    Files.write(latin1, new byte[] {'s', 'k', '_', (byte) 0xE9, (byte) 0xFF, '\n'});

    assertThatThrownBy(() -> builder().put(KEY, "${file:" + latin1 + "}").build().secret(KEY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(KEY + " (programmatic): file " + latin1 + " is not UTF-8 text")
        .hasMessageNotContaining("does not exist");
  }

  @Test
  void resolvesASyspropReference() {
    sysprops.setProperty("pay.key", FAKE);
    Secret secret = builder().put(KEY, "${sysprop:pay.key}").build().secret(KEY);
    assertThat(secret.value()).isEqualTo(FAKE);
    assertThat(secret.reference()).isEqualTo("sysprop:pay.key");
  }

  @Test
  void resolvesADiscoveredAndAProgrammaticSecretSource() {
    assertThat(builder().put(KEY, "${testvault:pay/key}").build().secret(KEY).value())
        .isEqualTo("vault_123");

    SecretSource vault =
        new SecretSource() {
          @Override
          public String scheme() {
            return "testvault";
          }

          @Override
          public Optional<String> read(String reference) {
            return Optional.of("from-code");
          }
        };
    assertThat(
            builder()
                .put(KEY, "${testvault:pay/key}")
                .secretSource(vault)
                .build()
                .secret(KEY)
                .value())
        .isEqualTo("from-code");
  }

  @Test
  void aLiteralInAPropertiesFileIsRejectedWithoutEchoingIt() throws IOException {
    Path file = properties(KEY + "=" + FAKE + "\n");
    SwitchboardConfig config = builder().file(file).build();

    assertThatThrownBy(() -> config.secret(KEY))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new ConfigProblem(
                            KEY,
                            "file " + file,
                            "must be a secret reference such as ${env:NAME}, not a literal")))
        .hasMessageNotContaining(FAKE);
  }

  @Test
  void aLiteralFromTheEnvironmentIsAcceptedAndRereadFromIt() {
    env.put("SWITCHBOARD_PAYMENTS_ACME_API_KEY", FAKE);
    Secret secret = builder().build().secret(KEY);
    assertThat(secret.value()).isEqualTo(FAKE);
    assertThat(secret).hasToString("Secret[env:SWITCHBOARD_PAYMENTS_ACME_API_KEY]");
  }

  @Test
  void literalsFromSystemPropertiesAndCodeAreAccepted() {
    sysprops.setProperty(KEY, FAKE);
    assertThat(builder().build().secret(KEY).reference()).isEqualTo("sysprop:" + KEY);

    Secret fromCode = SwitchboardConfig.fromMap(Map.of(KEY, FAKE)).secret(KEY);
    assertThat(fromCode.value()).isEqualTo(FAKE);
    assertThat(fromCode).hasToString("Secret[literal:" + KEY + "]");
  }

  @Test
  void aMissingEnvironmentVariableIsNamed() {
    assertThatThrownBy(() -> builder().put(KEY, "${env:PAY_API_KEY}").build().secret(KEY))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new ConfigProblem(
                            KEY, "programmatic", "environment variable PAY_API_KEY is not set")));
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("absent");
    assertThatThrownBy(() -> builder().put(KEY, "${file:" + missing + "}").build().secret(KEY))
        .hasMessageContaining(KEY + " (programmatic): file " + missing + " does not exist");
  }

  @Test
  void aMissingSystemPropertyIsNamed() {
    assertThatThrownBy(() -> builder().put(KEY, "${sysprop:pay.key}").build().secret(KEY))
        .hasMessageContaining("system property pay.key is not set");
  }

  @Test
  void anUnknownSchemeListsTheKnownOnes() {
    assertThatThrownBy(() -> builder().put(KEY, "${nope:x}").build().secret(KEY))
        .hasMessageContaining(
            "refers to unknown secret scheme 'nope'; known schemes: env, file, sysprop, testvault");
  }

  @Test
  void aMalformedReferenceIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> builder().put(KEY, "${env:" + FAKE).build().secret(KEY))
        .hasMessageContaining("is not a valid secret reference")
        .hasMessageNotContaining(FAKE);
  }

  @Test
  void aMissingKeyIsRequired() {
    assertThatThrownBy(() -> builder().build().secret(KEY))
        .hasMessageContaining(
            KEY + " (not set): is required: set it to a secret reference such as ${env:NAME}");
  }

  @Test
  void theSecretTtlIsConfigurable() {
    env.put("PAY_API_KEY", FAKE);
    Secret secret =
        builder()
            .secretTtl(Duration.ofSeconds(10))
            .put(KEY, "${env:PAY_API_KEY}")
            .build()
            .secret(KEY);
    env.put("PAY_API_KEY", "sk_test_rotated_456");
    clock.advance(Duration.ofSeconds(10));
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
  }
}
