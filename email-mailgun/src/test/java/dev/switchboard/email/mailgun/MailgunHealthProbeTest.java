package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe a half-open breaker runs instead of a customer's message: a read of the domain. */
class MailgunHealthProbeTest {
  private final MailgunSimulator mailgun = new MailgunSimulator();

  @AfterEach
  void stop() {
    mailgun.close();
  }

  private HealthProbe probe(String apiKey) {
    return MailgunEmailSender.builder()
        .baseUrl(mailgun.start().toString())
        .apiKey(apiKey)
        .domain(MailgunSimulator.DEFAULT_DOMAIN)
        .build()
        .healthProbe()
        .orElseThrow();
  }

  @Test
  void readsTheSendingDomainAndSendsNothing() {
    probe(MailgunSimulator.DEFAULT_API_KEY).probe();

    assertThat(mailgun.requests()).hasSize(1);
    RecordedRequest request = mailgun.requests().get(0);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v4/domains/" + MailgunSimulator.DEFAULT_DOMAIN);
    assertThat(mailgun.received()).isEmpty();
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailure() {
    assertThatThrownBy(() -> probe("key-wrong").probe())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anOutageMakesTheProbeFailAsUnavailable() {
    HealthProbe probe = probe(MailgunSimulator.DEFAULT_API_KEY);
    mailgun.failAlways(SimulatedFault.unavailable());

    assertThatThrownBy(probe::probe).isInstanceOf(ProviderUnavailableException.class);
  }
}
