package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SendGrid as an application gets it: discovered by {@code ServiceLoader} as {@code sendgrid},
 * configured from properties with its key as an {@code ${env:..}} reference, SendGrid primary and
 * the testkit's {@code fake} as backup, through {@code Switchboard.fromConfig}.
 */
class SendGridFromConfigTest {
  static final String KEY = "SG.fake-config-key";

  final TestClock clock = TestClock.at(Instant.parse("2024-05-01T12:00:00Z"));
  final SendGridSimulator sendgrid = new SendGridSimulator(KEY, clock);
  final Map<String, String> env = new ConcurrentHashMap<>(Map.of("SENDGRID_API_KEY", KEY));
  Switchboard switchboard;

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    sendgrid.close();
  }

  Switchboard start(Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("switchboard.email.providers", "sendgrid,fake");
    settings.put("switchboard.email.sendgrid.base-url", sendgrid.start().toString());
    settings.put("switchboard.email.sendgrid.api-key", "${env:SENDGRID_API_KEY}");
    settings.put("switchboard.email.sendgrid.retry.max-attempts", "1");
    settings.putAll(extra);
    switchboard =
        Switchboard.fromConfig(
            SwitchboardConfig.builder()
                .putAll(settings)
                .environment(env)
                .discoverSecretSources(false)
                .clock(clock)
                .sleeper(clock.sleeper())
                .build());
    return switchboard;
  }

  static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Receipt")
        .text("Thanks")
        .build();
  }

  @Test
  void sendsThroughSendGridWhenItIsUp() {
    SendResult result = start(Map.of()).email().send(message());

    assertThat(result.provider()).isEqualTo("sendgrid");
    assertThat(result.messageId()).isEqualTo(sendgrid.sent().get(0).messageId());
    assertThat(sendgrid.lastRequest().orElseThrow().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + KEY);
  }

  @Test
  void failsOverToTheFakeWhenSendGridIsRateLimited() {
    Switchboard board = start(Map.of());
    sendgrid.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(30)));

    SendResult result = board.email().send(message());

    assertThat(result.provider()).isEqualTo("fake");
    assertThat(sendgrid.requests()).hasSize(1);
    assertThat(sendgrid.sent()).isEmpty();
  }

  @Test
  void failsOverToTheFakeWhenSendGridCannotBeReached() {
    Switchboard board = start(Map.of());
    sendgrid.close();

    assertThat(board.email().send(message()).provider()).isEqualTo("fake");
  }

  @Test
  void anUnknownOutcomeStaysWithSendGridByDefaultSinceFailingOverRisksADuplicate() {
    Switchboard board = start(Map.of());
    sendgrid.failAlways(SimulatedFault.serverError());

    assertThatThrownBy(() -> board.email().send(message()))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void anUnknownOutcomeFailsOverWhenConfiguredTo() {
    Switchboard board = start(Map.of("switchboard.email.unknown-outcome-failover", "true"));
    sendgrid.failAlways(SimulatedFault.serverError());

    assertThat(board.email().send(message()).provider()).isEqualTo("fake");
  }

  @Test
  void sandboxFromConfiguration() {
    start(Map.of("switchboard.email.sendgrid.sandbox", "true")).email().send(message());

    assertThat(sendgrid.sandboxRequests()).hasSize(1);
    assertThat(sendgrid.sent()).isEmpty();
  }

  @Test
  void aMissingApiKeyIsAConfigurationProblemNamingTheKey() {
    env.clear();

    assertThatThrownBy(() -> start(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.email.sendgrid.api-key");
  }

  @Test
  void theRateLimitHeadersSlowThePolicyDownBeforeA429() {
    Switchboard board =
        start(
            Map.of(
                "switchboard.email.sendgrid.quota.reserve", "1",
                "switchboard.email.sendgrid.quota.max-wait", "1m"));
    sendgrid.rateLimit(100, 2, Duration.ofSeconds(20));

    board.email().send(message());
    board.email().send(message());

    assertThat(clock.waits())
        .as("the second send waited for SendGrid's window to reset")
        .isNotEmpty();
    assertThat(sendgrid.sent()).hasSize(2);
  }
}
