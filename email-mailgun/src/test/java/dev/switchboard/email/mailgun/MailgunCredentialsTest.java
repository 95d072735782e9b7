package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An API key that no request could carry is refused at start-up, under its key. */
class MailgunCredentialsTest {
  @Test
  void aMalformedApiKeyIsAConfigurationProblemNamingTheFullKey() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.email.providers", "mailgun")
            .put("switchboard.email.mailgun.domain", "mg.example.com")
            .put("switchboard.email.mailgun.api-key", "${env:MAILGUN_API_KEY}")
            .environment(Map.of("MAILGUN_API_KEY", "key-fake\u007fkey"))
            .discoverSecretSources(false)
            .build();

    assertThatThrownBy(() -> ProviderRegistry.discover().configure(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key, ConfigProblem::message)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            "switchboard.email.mailgun.api-key",
                            "contains a control character at character 9 of 12")))
        .hasMessageNotContaining("key-fake");
  }
}
