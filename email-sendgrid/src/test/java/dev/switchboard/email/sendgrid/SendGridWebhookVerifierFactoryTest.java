package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendGridWebhookVerifierFactoryTest {
  private static final String BATCH =
      "[{\"email\":\"ann@example.com\",\"timestamp\":1714564800,\"event\":\"delivered\","
          + "\"sg_event_id\":\"ZmFrZS1ldmVudC0x\",\"sg_message_id\":\"msg-fake-1.filter0001\"}]\r\n";

  private final TestClock clock = TestClock.at(Instant.parse("2024-05-01T12:00:00Z"));
  private final SendGridSimulator sendgrid = new SendGridSimulator("SG.fake-webhook-key", clock);

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  private SwitchboardConfig config(Map<String, String> environment, String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put("switchboard.webhooks." + keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.builder().putAll(values).environment(environment).clock(clock).build();
  }

  private SwitchboardConfig config(String... keyValues) {
    return config(Map.of(), keyValues);
  }

  private static ConfigurationException refused(SwitchboardConfig config) {
    try {
      WebhookVerifiers.create(config, "sendgrid");
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }

  private static Problem problem(WebhookVerifier verifier, WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      return e.problem();
    }
    throw new AssertionError("the delivery was accepted");
  }

  @Test
  void verifiesABatchSignedBySendGridAndRefusesATamperedOne() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config("sendgrid.public-key", sendgrid.webhookPublicKey()), "sendgrid");

    assertThat(verifier).isInstanceOf(SendGridWebhookVerifier.class);
    assertThat(verifier.verify(sendgrid.signedWebhook(BATCH)))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.provider()).isEqualTo("sendgrid");
              assertThat(event.type()).isEqualTo(WebhookEventTypes.EMAIL_DELIVERED);
            });

    WebhookRequest genuine = sendgrid.signedWebhook(BATCH);
    WebhookRequest tampered =
        WebhookRequest.builder()
            .header(
                SendGridWebhookVerifier.SIGNATURE_HEADER,
                genuine.header(SendGridWebhookVerifier.SIGNATURE_HEADER).orElseThrow())
            .header(
                SendGridWebhookVerifier.TIMESTAMP_HEADER,
                genuine.header(SendGridWebhookVerifier.TIMESTAMP_HEADER).orElseThrow())
            .body(BATCH.replace("delivered", "bounce"))
            .build();
    assertThat(problem(verifier, tampered)).isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void thePublicKeyMayBeAReferenceAndTheToleranceIsRead() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(
                Map.of("SENDGRID_WEBHOOK_KEY", sendgrid.webhookPublicKey()),
                "sendgrid.public-key",
                "${env:SENDGRID_WEBHOOK_KEY}",
                "sendgrid.tolerance",
                "30s"),
            "sendgrid");
    byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.verify(sendgrid.signedWebhook(body, clock.instant().minusSeconds(30))))
        .hasSize(1);
    assertThat(problem(verifier, sendgrid.signedWebhook(body, clock.instant().minusSeconds(31))))
        .isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void withReplayGuardAnEventIdIsAcceptedOnceThroughTheGuardHandedIn() {
    List<String> purposes = new ArrayList<>();
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(
                "mail.type", "sendgrid",
                "mail.public-key", sendgrid.webhookPublicKey(),
                "mail.replay-guard", "true"),
            "mail",
            purpose -> {
              purposes.add(purpose);
              return ReplayGuard.inMemory(Duration.ofMinutes(10), clock);
            });

    assertThat(verifier.verify(sendgrid.signedWebhook(BATCH)).get(0).provider()).isEqualTo("mail");
    assertThat(problem(verifier, sendgrid.signedWebhook(BATCH))).isEqualTo(Problem.REPLAYED);
    assertThat(purposes).containsExactly("webhooks-mail-events");
  }

  @Test
  void aMissingPublicKeyIsReportedUnderItsFullKey() {
    ConfigurationException e = refused(config("sendgrid.tolerance", "1m"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.sendgrid.public-key");
  }

  @Test
  void badValuesAreReportedAtOnceUnderTheirFullKeys() {
    ConfigurationException e =
        refused(
            config(
                "sendgrid.public-key", "bm90LWEta2V5",
                "sendgrid.tolerance", "-5s",
                "sendgrid.replay-guard", "yes"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "switchboard.webhooks.sendgrid.public-key",
            "switchboard.webhooks.sendgrid.replay-guard",
            "switchboard.webhooks.sendgrid.tolerance");
    assertThat(e.getMessage()).contains("not a base64 DER EC public key");
  }

  @Test
  void anUnresolvableReferenceIsReportedWithoutBuilding() {
    ConfigurationException e =
        refused(config("sendgrid.public-key", "${env:SENDGRID_WEBHOOK_KEY}"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.sendgrid.public-key");
    assertThat(e.getMessage()).contains("SENDGRID_WEBHOOK_KEY is not set");
  }
}
