package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An API key that no request could carry is refused at start-up, under its key. */
class SendGridCredentialsTest {
  @Test
  void aMalformedApiKeyIsAConfigurationProblemNamingTheFullKey() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.email.providers", "sendgrid")
            .put("switchboard.email.sendgrid.api-key", "${env:SENDGRID_API_KEY}")
            .environment(Map.of("SENDGRID_API_KEY", "SG.fake key"))
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
                            "switchboard.email.sendgrid.api-key",
                            "contains whitespace at character 8 of 11")))
        .hasMessageNotContaining("SG.fake");
  }
}
