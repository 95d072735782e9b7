package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifiers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailgunWebhookVerifierFactoryTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String SIGNING_KEY = MailgunSimulator.DEFAULT_SIGNING_KEY;
  private static final String EVENT =
      "{\"id\": \"evt-1\", \"event\": \"delivered\", \"timestamp\": 1714564800.25,"
          + " \"message\": {\"headers\": {\"message-id\": \"20240501.1@mg.example.com\"}}}";

  private final TestClock clock = TestClock.at(NOW);
  private final MailgunSimulator mailgun = new MailgunSimulator(clock);

  @AfterEach
  void stop() {
    mailgun.close();
  }

  private SwitchboardConfig config(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put("switchboard.webhooks." + keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.builder().putAll(values).clock(clock).build();
  }

  private static ConfigurationException refused(SwitchboardConfig config) {
    try {
      WebhookVerifiers.create(config, "mailgun");
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }

  private static Problem problem(WebhookVerifier verifier, WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      assertThat(e.getMessage()).doesNotContain(SIGNING_KEY);
      return e.problem();
    }
    throw new AssertionError("the delivery was accepted");
  }

  @Test
  void verifiesADeliverySignedByMailgunAndRefusesATamperedOne() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(config("mailgun.secret", SIGNING_KEY), "mailgun");

    assertThat(verifier).isInstanceOf(MailgunWebhookVerifier.class);
    assertThat(verifier.verify(mailgun.signedWebhook(EVENT)))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.provider()).isEqualTo("mailgun");
              assertThat(event.type()).isEqualTo(WebhookEventTypes.EMAIL_DELIVERED);
            });
    String tampered =
        mailgun.signedWebhook(EVENT).bodyAsString().replace("\"token\":\"", "\"token\":\"x");
    assertThat(problem(verifier, WebhookRequest.builder().body(tampered).build()))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
    assertThat(verifier.toString()).doesNotContain(SIGNING_KEY);
  }

  @Test
  void aTokenIsAcceptedOnceThroughTheGuardHandedIn() {
    ReplayGuard shared = ReplayGuard.inMemory(Duration.ofHours(1), clock);
    List<String> purposes = new ArrayList<>();
    WebhookVerifier one =
        WebhookVerifiers.create(
            config("mailgun.secret", SIGNING_KEY),
            "mailgun",
            purpose -> {
              purposes.add(purpose);
              return shared;
            });
    WebhookVerifier another =
        WebhookVerifiers.create(config("mailgun.secret", SIGNING_KEY), "mailgun", p -> shared);
    WebhookRequest delivery = mailgun.signedWebhook(EVENT);

    assertThat(one.verify(delivery)).hasSize(1);

    assertThat(problem(another, delivery)).isEqualTo(Problem.REPLAYED);
    assertThat(purposes).containsExactly("webhooks-mailgun-tokens");
  }

  @Test
  void withoutAGuardFunctionATokenIsStillAcceptedOnce() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(config("mailgun.secret", SIGNING_KEY), "mailgun");
    WebhookRequest delivery = mailgun.signedWebhook(EVENT);

    verifier.verify(delivery);

    assertThat(problem(verifier, delivery)).isEqualTo(Problem.REPLAYED);
  }

  @Test
  void theToleranceIsReadFromConfiguration() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config("mailgun.secret", SIGNING_KEY, "mailgun.tolerance", "1m"), "mailgun");

    assertThat(problem(verifier, mailgun.signedWebhook(EVENT, NOW.minusSeconds(61), "tok-1")))
        .isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(verifier.verify(mailgun.signedWebhook(EVENT, NOW.minusSeconds(60), "tok-2")))
        .hasSize(1);
  }

  @Test
  void aMissingSecretIsReportedUnderItsFullKey() {
    ConfigurationException e = refused(config("mailgun.tolerance", "5m"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.mailgun.secret");
  }

  @Test
  void badValuesAreReportedUnderTheirFullKeysWithoutTheSecret() {
    ConfigurationException e =
        refused(config("mailgun.secret", SIGNING_KEY, "mailgun.tolerance", "fortnight"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.mailgun.tolerance");
    assertThat(e.getMessage()).doesNotContain(SIGNING_KEY);

    String badKey = "key-fake\tsigning";
    ConfigurationException shape = refused(config("mailgun.secret", badKey));
    assertThat(shape.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.mailgun.secret");
    assertThat(shape.getMessage()).doesNotContain(badKey).doesNotContain("key-fake");
  }
}
