package dev.switchboard.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.webhooks.AcmeWebhookVerifierFactory.AcmeVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookVerifiersTest {
  private static final String SECRET = "whsec_fake_acme_secret_0123456789";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static SwitchboardConfig config(Map<String, String> values) {
    return SwitchboardConfig.builder().putAll(values).clock(CLOCK).build();
  }

  private static ConfigurationException refused(Runnable build) {
    try {
      build.run();
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }

  private static List<String> keys(ConfigurationException e) {
    return e.problems().stream().map(ConfigProblem::key).toList();
  }

  @Test
  void buildsTheFactoryNamedLikeTheProviderFromItsKeys() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(
                Map.of(
                    "switchboard.webhooks.acme.secret",
                    SECRET,
                    "switchboard.webhooks.acme.tolerance",
                    "2m")),
            "acme");

    AcmeVerifier acme = (AcmeVerifier) verifier;
    assertThat(acme.provider()).isEqualTo("acme");
    assertThat(acme.secret().value()).isEqualTo(SECRET);
    assertThat(acme.tolerance()).isEqualTo(Duration.ofMinutes(2));
    assertThat(acme.toString()).doesNotContain(SECRET);
  }

  @Test
  void typeNamesTheFactoryAndTheProviderKeepsItsName() {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(
                Map.of(
                    "switchboard.webhooks.hooks.type",
                    "acme",
                    "switchboard.webhooks.hooks.secret",
                    SECRET)),
            "hooks");

    assertThat(verifier.provider()).isEqualTo("hooks");
    assertThat(((AcmeVerifier) verifier).tolerance()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anUnknownTypeNamesTheKeyAndTheKnownTypes() {
    ConfigurationException e =
        refused(
            () ->
                WebhookVerifiers.create(
                    config(Map.of("switchboard.webhooks.hooks.type", "nope")), "hooks"));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.hooks.type");
    assertThat(e.problems().get(0).message())
        .contains("unknown webhook verifier 'nope'")
        .contains("known: acme, broken");
  }

  @Test
  void aProviderWithoutTypeOrFactoryIsUnknownUnderItsTypeKey() {
    ConfigurationException e = refused(() -> WebhookVerifiers.create(config(Map.of()), "other"));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.other.type");
    assertThat(e.getMessage()).contains("unknown webhook verifier 'other'");
  }

  @Test
  void everyProblemIsReportedAtOnceUnderItsFullKey() {
    ConfigurationException e =
        refused(
            () ->
                WebhookVerifiers.create(
                    config(Map.of("switchboard.webhooks.acme.tolerance", "soon")), "acme"));

    assertThat(keys(e))
        .containsExactly("switchboard.webhooks.acme.secret", "switchboard.webhooks.acme.tolerance");
    assertThat(e.getMessage()).contains("is required").contains("must be a duration");
  }

  @Test
  void aBuildersRefusalIsReportedUnderTheFullKeyOfItsField() {
    ConfigurationException e =
        refused(
            () ->
                WebhookVerifiers.create(
                    config(
                        Map.of(
                            "switchboard.webhooks.acme.secret",
                            SECRET,
                            "switchboard.webhooks.acme.tolerance",
                            "2d")),
                    "acme"));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.acme.tolerance");
    assertThat(e.getMessage()).contains("at most a day").doesNotContain(SECRET);
  }

  @Test
  void aFactoryFailingAnyOtherWayIsNamedWithoutItsMessage() {
    ConfigurationException e = refused(() -> WebhookVerifiers.create(config(Map.of()), "broken"));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.broken.type");
    assertThat(e.getMessage())
        .contains(BrokenWebhookVerifierFactory.class.getName())
        .contains("IllegalStateException")
        .doesNotContain(BrokenWebhookVerifierFactory.LEAKED);
  }

  @Test
  void aLiteralSecretInAFileIsRefusedWithoutQuotingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("switchboard.properties");
    Files.writeString(file, "switchboard.webhooks.acme.secret=" + SECRET + "\n");
    SwitchboardConfig config = SwitchboardConfig.builder().file(file).clock(CLOCK).build();

    ConfigurationException e = refused(() -> WebhookVerifiers.create(config, "acme"));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.acme.secret");
    assertThat(e.getMessage()).contains("secret reference").doesNotContain(SECRET);
  }

  @Test
  void theGuardFunctionHandsOutTheReplayGuard() {
    ReplayGuard shared = ReplayGuard.inMemory(Duration.ofDays(7), CLOCK);
    List<String> purposes = new ArrayList<>();

    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(Map.of("switchboard.webhooks.acme.secret", SECRET)),
            "acme",
            purpose -> {
              purposes.add(purpose);
              return shared;
            });

    assertThat(((AcmeVerifier) verifier).guard()).isSameAs(shared);
    assertThat(purposes).containsExactly("webhooks-acme-tokens");
  }

  @Test
  void withoutAGuardFunctionEachVerifierGetsItsOwnGuardInMemory() {
    SwitchboardConfig config = config(Map.of("switchboard.webhooks.acme.secret", SECRET));
    ReplayGuard one = ((AcmeVerifier) WebhookVerifiers.create(config, "acme")).guard();
    ReplayGuard two = ((AcmeVerifier) WebhookVerifiers.create(config, "acme")).guard();

    assertThat(one).isNotSameAs(two);
    assertThat(one.firstSight("token-1")).isTrue();
    assertThat(one.firstSight("token-1")).isFalse();
    assertThat(two.firstSight("token-1")).isTrue();
  }

  @Test
  void aContextAnswersOneGuardPerPurposeAndKeepsItsKeysUnderItsPrefix() {
    WebhookVerifierContext context =
        WebhookVerifierContext.create(
            config(Map.of("switchboard.webhooks.acme.hosts", " a.test , ,b.test ")), "acme");

    assertThat(context.prefix()).isEqualTo("switchboard.webhooks.acme.");
    assertThat(context.key("secret")).isEqualTo("switchboard.webhooks.acme.secret");
    assertThat(context.list("hosts")).containsExactly("a.test", "b.test");
    assertThat(context.clock()).isSameAs(CLOCK);
    assertThat(context.replayGuard("p", Duration.ofMinutes(1)))
        .isSameAs(context.replayGuard("p", Duration.ofMinutes(1)))
        .isNotSameAs(context.replayGuard("q", Duration.ofMinutes(1)));
    assertThat(context).hasToString("WebhookVerifierContext[switchboard.webhooks.acme.]");
  }

  @Test
  void theProvidersListIsReadInOrderAndCheckedForNames() {
    assertThat(
            WebhookVerifiers.providers(
                config(Map.of(WebhookVerifiers.PROVIDERS, " acme , hooks-2 "))))
        .containsExactly("acme", "hooks-2");
    assertThat(WebhookVerifiers.providers(config(Map.of()))).isEmpty();

    ConfigurationException e =
        refused(
            () ->
                WebhookVerifiers.providers(
                    config(Map.of(WebhookVerifiers.PROVIDERS, "acme,Acme!,acme"))));
    assertThat(keys(e)).containsOnly(WebhookVerifiers.PROVIDERS).hasSize(2);
    assertThat(e.getMessage()).contains("not a provider name").contains("twice");
  }
}
