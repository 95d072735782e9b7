package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayPalEnvironmentTest {
  @Test
  void eachEnvironmentHasItsOwnApiAndCertificateHosts() {
    assertThat(PayPalEnvironment.SANDBOX.baseUrl()).isEqualTo("https://api-m.sandbox.paypal.com/");
    assertThat(PayPalEnvironment.SANDBOX.certificateHosts())
        .containsExactlyInAnyOrder("api.sandbox.paypal.com", "api-m.sandbox.paypal.com");
    assertThat(PayPalEnvironment.LIVE.baseUrl()).isEqualTo("https://api-m.paypal.com/");
    assertThat(PayPalEnvironment.LIVE.certificateHosts())
        .containsExactlyInAnyOrder("api.paypal.com", "api-m.paypal.com");
  }

  @Test
  void namesAreReadInAnyCaseAroundBlanks() {
    assertThat(PayPalEnvironment.named("sandbox")).isEqualTo(PayPalEnvironment.SANDBOX);
    assertThat(PayPalEnvironment.named(" LIVE ")).isEqualTo(PayPalEnvironment.LIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "production", "sand box"})
  void anyOtherNameIsRefusedNamingTheSetting(String name) {
    assertThatThrownBy(() -> PayPalEnvironment.named(name))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("environment"));
  }

  @Test
  void theVerifierBuilderRefusesAMissingEnvironmentEitherWay() {
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().environment((PayPalEnvironment) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("environment == null");
    assertThatThrownBy(() -> PayPalWebhookVerifier.builder().environment((String) null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("environment"));
  }
}
