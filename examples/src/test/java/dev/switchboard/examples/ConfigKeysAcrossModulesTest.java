package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigKeyCatalog;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.resilience.ProviderHealth;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The unknown-key check with every module on the classpath: a typo in any module's subtree is a
 * problem naming the key and the declared key it is nearest, before anything is built.
 */
class ConfigKeysAcrossModulesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "switchboard.payments.stripe.retry.max-attemps, retry.max-attempts",
    "switchboard.payments.stripe.api-verison, api-version",
    "switchboard.payments.paypal.client-secrett, client-secret",
    "switchboard.email.sendgrid.sandbx, sandbox",
    "switchboard.email.mailgun.max-schedule-ahaed, max-schedule-ahead",
    "switchboard.storage.s3.multipart.part-sise, multipart.part-size",
    "switchboard.state.jdbc.pool-sise, pool-size",
    "switchboard.state.redis.key-prefx, key-prefix",
    "switchboard.deferred.polling-intervall, polling-interval",
    "switchboard.deferred.payments.dedline, payments.deadline",
    "switchboard.webhooks.stripe.previous-secrett, previous-secret",
    "switchboard.webhooks.paypal.webhook-idd, webhook-id",
    "switchboard.webhooks.path-prefx, switchboard.webhooks.path-prefix",
    "switchboard.state.ledger.retenion, switchboard.state.ledger.retention",
  })
  void aTypoInAnyModulesSubtreeIsReportedWithTheNearestKey(String key, String suggestion) {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "stripe,paypal")
            .put("switchboard.email.providers", "sendgrid,mailgun")
            .put("switchboard.storage.providers", "s3")
            .put(key, "1")
            .build();

    List<ConfigProblem> problems = ConfigKeyCatalog.discover().check(config);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo(key);
              assertThat(p.message()).endsWith("did you mean " + suggestion + "?");
            });
  }

  @Test
  void theIssuesTypoFailsFromConfigWithTheSuggestion() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "fake")
            .put("switchboard.payments.fake.retry.max-attemps", "3")
            .build();

    assertThatThrownBy(() -> Switchboard.fromConfig(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "switchboard.payments.fake.retry.max-attemps (programmatic): unknown key; did you mean"
                + " retry.max-attempts?");
  }

  @Test
  void aValueSetInCodeWinsOverSystemPropertiesTheEnvironmentAndFiles() {
    Properties sysprops = new Properties();
    sysprops.setProperty("switchboard.payments.providers", "stripe");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .classpathResource("switchboard.properties")
            .environment(Map.of("SWITCHBOARD_PAYMENTS_PROVIDERS", "paypal"))
            .systemProperties(sysprops)
            .put("switchboard.payments.providers", "fake")
            .put("switchboard.email.providers", "fake")
            .put("switchboard.storage.providers", "fake")
            .discoverSecretSources(false)
            .build();

    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      assertThat(switchboard.health().get("payments"))
          .extracting(ProviderHealth::provider)
          .containsExactly("fake");
    }
  }

  @Test
  void theCatalogueListsEveryModulesKeysForIdeMetadata() {
    String json = ConfigKeyCatalog.discover().springMetadataJson();

    assertThat(json)
        .contains("\"name\": \"switchboard.payments.stripe.api-key\"")
        .contains("\"name\": \"switchboard.deferred.threads\"")
        .contains("\"name\": \"switchboard.webhooks.path-prefix\"")
        .contains("\"name\": \"switchboard.state.redis.timeout\"");
  }
}
