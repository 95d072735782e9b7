package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifiers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeWebhookVerifierFactoryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String SECRET = StripeSimulator.TEST_WEBHOOK_SECRET;
  private static final String OLD_SECRET = "whsec_fake_previous_endpoint_secret";
  private static final String BODY =
      "{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1700000000,"
          + "\"type\":\"payment_intent.succeeded\","
          + "\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\"}}}";

  private final TestClock clock = TestClock.at(NOW);

  private SwitchboardConfig config(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put("switchboard.webhooks." + keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.builder().putAll(values).clock(clock).build();
  }

  private WebhookRequest signed(String secret, String body) {
    return WebhookRequest.builder()
        .header(
            StripeWebhookVerifier.SIGNATURE_HEADER,
            StripeSimulator.signatureHeader(secret, NOW.getEpochSecond(), body))
        .body(body)
        .build();
  }

  private static ConfigurationException refused(SwitchboardConfig config, String provider) {
    try {
      WebhookVerifiers.create(config, provider);
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }

  @Test
  void verifiesADeliverySignedWithTheConfiguredSecretAndRefusesATamperedOne() {
    WebhookVerifier verifier = WebhookVerifiers.create(config("stripe.secret", SECRET), "stripe");

    assertThat(verifier).isInstanceOf(StripeWebhookVerifier.class);
    assertThat(verifier.verify(signed(SECRET, BODY)))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.provider()).isEqualTo("stripe");
              assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
            });

    WebhookRequest genuine = signed(SECRET, BODY);
    WebhookRequest tampered =
        WebhookRequest.builder()
            .header(
                StripeWebhookVerifier.SIGNATURE_HEADER,
                genuine.header(StripeWebhookVerifier.SIGNATURE_HEADER).orElseThrow())
            .body(BODY.replace("pi_1", "pi_2"))
            .build();
    assertThatThrownBy(() -> verifier.verify(tampered))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH));
    assertThat(verifier.toString()).doesNotContain(SECRET);
  }

  @Test
  void thePreviousSecretVerifiesWhileASecretIsRolled() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config("stripe.secret", SECRET, "stripe.previous-secret", OLD_SECRET), "stripe");

    assertThat(verifier.verify(signed(OLD_SECRET, BODY))).hasSize(1);
    assertThat(verifier.verify(signed(SECRET, BODY))).hasSize(1);
    assertThat(verifier.toString()).contains("secrets=2").doesNotContain(OLD_SECRET);
  }

  @Test
  void theToleranceIsReadFromConfiguration() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config("stripe.secret", SECRET, "stripe.tolerance", "10s"), "stripe");
    WebhookRequest delivery = signed(SECRET, BODY);

    clock.advance(Duration.ofSeconds(11));

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE));
  }

  @Test
  void anotherProviderNameSelectsTheFactoryWithTypeAndNamesTheEvents() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(config("cards.type", "stripe", "cards.secret", SECRET), "cards");

    assertThat(verifier.provider()).isEqualTo("cards");
    assertThat(verifier.verify(signed(SECRET, BODY)).get(0).provider()).isEqualTo("cards");
  }

  @Test
  void withReplayGuardAnEventIdIsAcceptedOnceThroughTheGuardHandedIn() {
    ReplayGuard shared = ReplayGuard.inMemory(Duration.ofMinutes(10), clock);
    Map<String, ReplayGuard> asked = new HashMap<>();
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config("stripe.secret", SECRET, "stripe.replay-guard", "true"),
            "stripe",
            purpose -> {
              asked.put(purpose, shared);
              return shared;
            });

    verifier.verify(signed(SECRET, BODY));

    assertThat(asked).containsOnlyKeys("webhooks-stripe-events");
    assertThatThrownBy(() -> verifier.verify(signed(SECRET, BODY)))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.REPLAYED));
  }

  @Test
  void aMissingSecretIsReportedUnderItsFullKey() {
    ConfigurationException e = refused(config("stripe.tolerance", "60s"), "stripe");

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.stripe.secret");
  }

  @Test
  void badValuesAreReportedAtOnceUnderTheirFullKeysWithoutTheSecret() {
    ConfigurationException e =
        refused(
            config(
                "stripe.secret", SECRET,
                "stripe.tolerance", "0s",
                "stripe.replay-guard", "sometimes"),
            "stripe");

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "switchboard.webhooks.stripe.replay-guard", "switchboard.webhooks.stripe.tolerance");
    assertThat(e.getMessage()).contains("tolerance must be positive").doesNotContain(SECRET);
  }

  @Test
  void aSecretOfTheWrongShapeIsNamedButNotShown() {
    String spaced = "whsec_fake with a space";
    ConfigurationException e = refused(config("stripe.secret", spaced), "stripe");

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.webhooks.stripe.secret");
    assertThat(e.getMessage()).contains("whitespace").doesNotContain(spaced);
  }
}
