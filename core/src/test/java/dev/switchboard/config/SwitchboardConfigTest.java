package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchboardConfigTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path file = dir.resolve("switchboard.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void laterSourcesWinDefaultThenFileThenEnvThenSystemPropertyThenCode() throws IOException {
    Path file =
        file(
            "switchboard.payments.providers=from-file\n"
                + "switchboard.email.providers=from-file\n"
                + "switchboard.storage.providers=from-file\n"
                + "switchboard.state.store=from-file\n");
    Properties sysprops = new Properties();
    sysprops.setProperty("switchboard.storage.providers", "from-sysprop");
    sysprops.setProperty("switchboard.webhooks.providers", "from-sysprop");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.webhooks.providers", "from-code")
            .putDefault("switchboard.payments.providers", "from-default")
            .putDefault("switchboard.state.store", "from-default")
            .putDefault("switchboard.email.failover", "from-default")
            .file(file)
            .environment(
                Map.of(
                    "SWITCHBOARD_EMAIL_PROVIDERS", "from-env",
                    "SWITCHBOARD_STORAGE_PROVIDERS", "from-env",
                    "SWITCHBOARD_WEBHOOKS_PROVIDERS", "from-env"))
            .systemProperties(sysprops)
            .build();

    assertThat(config.get("switchboard.email.failover")).hasValue("from-default");
    assertThat(config.get("switchboard.payments.providers")).hasValue("from-file");
    assertThat(config.get("switchboard.email.providers")).hasValue("from-env");
    assertThat(config.get("switchboard.storage.providers")).hasValue("from-sysprop");
    assertThat(config.get("switchboard.webhooks.providers")).hasValue("from-code");
    assertThat(config.origin("switchboard.email.failover").orElseThrow())
        .hasToString("default in code");
    assertThat(config.origin("switchboard.payments.providers").orElseThrow())
        .hasToString("file " + file);
    assertThat(config.origin("switchboard.email.providers").orElseThrow())
        .hasToString("env SWITCHBOARD_EMAIL_PROVIDERS");
    assertThat(config.origin("switchboard.storage.providers").orElseThrow())
        .hasToString("sysprop switchboard.storage.providers");
    assertThat(config.origin("switchboard.webhooks.providers").orElseThrow())
        .hasToString("programmatic");
  }

  @Test
  void aValueFromAnotherSourceKeepsItsOriginAndALiteralSecretInAFileIsRefused() {
    ValueOrigin yaml = new ValueOrigin(ValueOrigin.Kind.CLASSPATH, "application.yml line 4");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putDefault("switchboard.payments.providers", "from-default")
            .put("switchboard.payments.providers", "from-yaml", yaml)
            .put("switchboard.storage.providers", "from-code")
            .put("switchboard.storage.providers", "from-yaml", yaml)
            .put(
                "SWITCHBOARD_EMAIL_PROVIDERS",
                "from-env",
                new ValueOrigin(ValueOrigin.Kind.ENV, "SWITCHBOARD_EMAIL_PROVIDERS"))
            .put("switchboard.payments.stripe.api-key", "sk_test_fake_literal", yaml)
            .build();

    assertThat(config.get("switchboard.payments.providers")).hasValue("from-yaml");
    assertThat(config.origin("switchboard.payments.providers")).hasValue(yaml);
    assertThat(config.get("switchboard.storage.providers")).hasValue("from-code");
    assertThat(config.get("switchboard.email.providers")).hasValue("from-env");
    assertThatThrownBy(() -> config.secret("switchboard.payments.stripe.api-key"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "switchboard.payments.stripe.api-key (classpath application.yml line 4)")
        .hasMessageNotContaining("sk_test_fake_literal");
    assertThatThrownBy(() -> SwitchboardConfig.builder().put("k", "v", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void valuesSetInCodeWinOverTheEnvironmentAndDefaultsInCodeDoNot() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "fake")
            .putDefault("switchboard.email.providers", "fake")
            .environment(
                Map.of(
                    "SWITCHBOARD_PAYMENTS_PROVIDERS", "stripe",
                    "SWITCHBOARD_EMAIL_PROVIDERS", "sendgrid"))
            .build();
    assertThat(config.get("switchboard.payments.providers")).hasValue("fake");
    assertThat(config.get("switchboard.email.providers")).hasValue("sendgrid");
    assertThat(SwitchboardConfig.fromMap(Map.of("switchboard.a", "code")).origin("switchboard.a"))
        .hasValueSatisfying(o -> assertThat(o).hasToString("programmatic"));
  }

  @Test
  void anEnvironmentVariableOverridesTheKeyOfTheSameNormalisedName() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putDefault("switchboard.payments.acme-pay.api-key", "${env:A}")
            .environment(Map.of("SWITCHBOARD_PAYMENTS_ACME_PAY_API_KEY", "${env:B}"))
            .build();

    assertThat(config.get("switchboard.payments.acme-pay.api-key")).hasValue("${env:B}");
    assertThat(config.get("SWITCHBOARD_PAYMENTS_ACME_PAY_API_KEY")).hasValue("${env:B}");
    assertThat(config.keys()).containsExactly("switchboard.payments.acme-pay.api-key");
  }

  @Test
  void keysFromTheEnvironmentAloneAreShownInLowerCaseDottedForm() {
    Properties sysprops = new Properties();
    sysprops.setProperty("switchboard.email.acme-mail.domain", "mg.example.com");
    sysprops.setProperty("java.version.not.ours", "x");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .environment(
                Map.of(
                    "SWITCHBOARD_PAYMENTS_PROVIDERS", "a",
                    "SWITCHBOARD_EMAIL_ACME_MAIL_DOMAIN", "env.example.com",
                    "PATH", "/bin"))
            .systemProperties(sysprops)
            .build();

    assertThat(config.keys())
        .containsExactly("switchboard.email.acme-mail.domain", "switchboard.payments.providers");
    assertThat(config.get("switchboard.email.acme-mail.domain")).hasValue("mg.example.com");
    assertThat(config.get("PATH")).isEmpty();
  }

  @Test
  void subsetKeepsTheKeysUnderAPrefix() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "a")
            .put("switchboard.email.providers", "b")
            .environment(Map.of("SWITCHBOARD_PAYMENTS_A_REGION", "eu"))
            .build();

    SwitchboardConfig payments = config.subset("switchboard.payments.");

    assertThat(payments.keys())
        .containsExactly("switchboard.payments.a.region", "switchboard.payments.providers");
    assertThat(payments.get("switchboard.payments.a.region")).hasValue("eu");
    assertThat(payments.get("switchboard.email.providers")).isEmpty();
    assertThat(payments.clock()).isSameAs(config.clock());
  }

  @Test
  void loadsAClasspathResourceAndIgnoresAMissingOne() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .classpathResource("config/app.properties")
            .classpathResource("config/absent.properties")
            .build();

    assertThat(config.get("switchboard.payments.providers")).hasValue("first,second");
    assertThat(config.origin("switchboard.payments.providers").orElseThrow())
        .isEqualTo(new ValueOrigin(ValueOrigin.Kind.CLASSPATH, "config/app.properties"));
    assertThat(config.toString()).contains("classpath config/app.properties");
  }

  @Test
  void loadReadsSwitchboardPropertiesFromTheClasspath() {
    assertThat(SwitchboardConfig.load().get("switchboard.test.origin"))
        .hasValue("default-classpath-resource");
  }

  @Test
  void loadsAFileByPath() throws IOException {
    Path file = file("switchboard.payments.providers=x\nswitchboard.payments.x.region=é\n");
    SwitchboardConfig config = SwitchboardConfig.load(file);
    assertThat(config.get("switchboard.payments.providers")).hasValue("x");
    assertThat(config.get("switchboard.payments.x.region")).hasValue("é");
  }

  @Test
  void aMissingFileIsAProblemThatNamesThePath() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> SwitchboardConfig.load(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot be read as a properties file (NoSuchFileException)");
  }

  @Test
  void aLaterFileWinsOverAnEarlierOne() throws IOException {
    Path first = dir.resolve("a.properties");
    Path second = dir.resolve("b.properties");
    Files.writeString(first, "switchboard.x=first\nswitchboard.y=first\n");
    Files.writeString(second, "switchboard.x=second\n");
    SwitchboardConfig config = SwitchboardConfig.builder().file(first).file(second).build();
    assertThat(config.get("switchboard.x")).hasValue("second");
    assertThat(config.get("switchboard.y")).hasValue("first");
  }

  @Test
  void toStringListsSourcesAndKeysButNoValue() {
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_PAYMENTS_ACME_API_KEY", "sk_test_fake_123");
    SwitchboardConfig config = SwitchboardConfig.builder().environment(env).build();

    assertThat(config.get("switchboard.payments.acme.api-key")).hasValue("sk_test_fake_123");
    assertThat(config.toString())
        .isEqualTo(
            "SwitchboardConfig{sources=[env, sysprop], keys=[switchboard.payments.acme.api.key]}")
        .doesNotContain("sk_test_fake_123");
  }

  @Test
  void secretSchemesIncludeTheBuiltInsAndDiscoveredSources() {
    assertThat(SwitchboardConfig.fromMap(Map.of()).secretSchemes())
        .containsExactly("env", "file", "sysprop", "testvault");
    assertThat(SwitchboardConfig.builder().discoverSecretSources(false).build().secretSchemes())
        .containsExactly("env", "file", "sysprop");
  }

  @Test
  void rejectsBadBuilderArgumentsNamingTheField() {
    SwitchboardConfig.Builder builder = SwitchboardConfig.builder();
    assertThatThrownBy(() -> builder.put(" ", "x"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("key"));
    assertThatThrownBy(() -> builder.put("switchboard.a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("switchboard.a");
    assertThatThrownBy(() -> builder.secretTtl(java.time.Duration.ZERO))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("secretTtl"));
    assertThatThrownBy(() -> builder.environment(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.systemProperties(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.file(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.classpathResource(""))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.putAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.secretSource(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SwitchboardConfig.fromMap(Map.of()).get(null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SwitchboardConfig.fromMap(Map.of()).subset(null))
        .isInstanceOf(NullPointerException.class);
  }
}
