package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe a half-open breaker runs instead of a customer's charge: {@code GET /v1/balance}. */
class StripeHealthProbeTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);

  @BeforeEach
  void start() {
    stripe.start();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private HealthProbe probe(String apiKey) {
    return StripePaymentGateway.builder()
        .baseUrl(stripe.baseUrl().toString())
        .apiKey(apiKey)
        .clock(clock)
        .build()
        .healthProbe()
        .orElseThrow();
  }

  @Test
  void readsTheBalanceAndNothingElse() {
    probe(StripeSimulator.TEST_API_KEY).probe();

    assertThat(stripe.requests()).hasSize(1);
    RecordedRequest request = stripe.requests().get(0);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/balance");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getBody() == null || request.getBody().size() == 0).isTrue();
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailure() {
    assertThatThrownBy(() -> probe("sk_test_wrong").probe())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anOutageMakesTheProbeFailAsUnavailable() {
    stripe.failAlways(SimulatedFault.unavailable());

    assertThatThrownBy(() -> probe(StripeSimulator.TEST_API_KEY).probe())
        .isInstanceOf(ProviderUnavailableException.class);
  }
}
