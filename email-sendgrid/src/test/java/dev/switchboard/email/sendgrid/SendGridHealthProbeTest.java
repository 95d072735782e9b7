package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.config.Secret;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe a half-open breaker runs instead of a customer's message: {@code GET /v3/scopes}. */
class SendGridHealthProbeTest {
  private final TestClock clock = TestClock.start();
  private final SendGridSimulator sendgrid = new SendGridSimulator("SG.probe-key", clock);

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  private HealthProbe probe(String apiKey) {
    return SendGridEmailSender.builder()
        .baseUrl(sendgrid.start().toString())
        .apiKey(Secret.of(apiKey))
        .clock(clock)
        .build()
        .healthProbe()
        .orElseThrow();
  }

  @Test
  void readsTheKeysScopesAndSendsNothing() {
    probe("SG.probe-key").probe();

    assertThat(sendgrid.requests()).hasSize(1);
    RecordedRequest request = sendgrid.requests().get(0);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(SendGridSimulator.SCOPES_PATH);
    assertThat(sendgrid.received()).isEmpty();
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailure() {
    assertThatThrownBy(() -> probe("SG.wrong-key").probe())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anOutageMakesTheProbeFailAsUnavailable() {
    HealthProbe probe = probe("SG.probe-key");
    sendgrid.failAlways(SimulatedFault.unavailable());

    assertThatThrownBy(probe::probe).isInstanceOf(ProviderUnavailableException.class);
  }
}
