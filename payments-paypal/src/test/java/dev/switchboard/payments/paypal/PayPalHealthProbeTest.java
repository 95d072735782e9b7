package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.config.Secret;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe a half-open breaker runs instead of a customer's payment: an OAuth token request. */
class PayPalHealthProbeTest {
  private final TestClock clock = TestClock.start();
  private final PayPalSimulator paypal =
      new PayPalSimulator(clock, "client-id-fake", "secret-fake");

  @BeforeEach
  void start() {
    paypal.start();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private HealthProbe probe(String secret) {
    return PayPalPaymentGateway.builder()
        .baseUrl(paypal.baseUrl().toString())
        .clientId("client-id-fake")
        .clientSecret(Secret.of(secret))
        .clock(clock)
        .build()
        .healthProbe()
        .orElseThrow();
  }

  @Test
  void requestsATokenEachTimeAndTouchesNoOrder() {
    HealthProbe probe = probe("secret-fake");

    probe.probe();
    probe.probe();

    assertThat(paypal.requests())
        .as("a fresh token each time, though the first is still valid")
        .hasSize(2)
        .allSatisfy(
            request -> {
              assertThat(request.getMethod()).isEqualTo("POST");
              assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/oauth2/token");
            });
    RecordedRequest first = paypal.requests().get(0);
    assertThat(first.getBody().utf8()).isEqualTo("grant_type=client_credentials");
  }

  @Test
  void aRefusedSecretIsAnAuthenticationFailure() {
    assertThatThrownBy(() -> probe("wrong-secret").probe())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anOutageMakesTheProbeFailAsUnavailable() {
    paypal.failAlways(SimulatedFault.unavailable());

    assertThatThrownBy(() -> probe("secret-fake").probe())
        .isInstanceOf(ProviderUnavailableException.class);
  }
}
