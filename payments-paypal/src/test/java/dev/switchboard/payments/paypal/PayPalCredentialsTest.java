package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client id or secret that no request could carry is refused at start-up, under its key. */
class PayPalCredentialsTest {
  @Test
  void aMalformedClientIdAndSecretAreConfigurationProblemsNamingTheFullKeys() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "paypal")
            .put("switchboard.payments.paypal.client-id", "client id-fake")
            .put("switchboard.payments.paypal.client-secret", "${env:PAYPAL_SECRET}")
            .environment(Map.of("PAYPAL_SECRET", "secret-fake\u0001"))
            .discoverSecretSources(false)
            .build();

    assertThatThrownBy(() -> ProviderRegistry.discover().configure(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly(
                        "switchboard.payments.paypal.client-id",
                        "switchboard.payments.paypal.client-secret"))
        .hasMessageContaining("whitespace")
        .hasMessageContaining("control character")
        .hasMessageNotContaining("fake");
  }

  @Test
  void theWebhookVerifierInApiModeRefusesAMalformedSecretToo() {
    assertThatThrownBy(
            () ->
                PayPalWebhookVerifier.builder()
                    .webhookId("8PT597110X687430LKGECATA")
                    .clientId("client-id-fake")
                    .clientSecret(Secret.of("secret-fake\n"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("client-secret")
        .hasMessageNotContaining("secret-fake");
  }
}
