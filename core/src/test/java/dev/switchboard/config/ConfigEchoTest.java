package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.payments.PaymentGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A value pasted under the wrong key is quoted back only when it is short and does not look like a
 * credential; otherwise a problem gives its length alone.
 */
class ConfigEchoTest {
  private static final String PREFIX = "switchboard.payments.acme.";
  // Built at run time so that no committed file holds anything shaped like a live key.
  private static final String LIVE_LOOKING = "sk_" + "live_" + "Zx8Qp2Lm7Vt4Rb9Nc1Kd6Hs3";

  private static List<String> messages(ProviderContext context) {
    return context.problems().stream().map(ConfigProblem::message).toList();
  }

  @Test
  void aKeyPastedIntoANumberDurationBooleanOrUrlIsNotEchoed() {
    ProviderContext context =
        ProviderContext.create(
            SwitchboardConfig.builder()
                .put(PREFIX + "retry.max-attempts", LIVE_LOOKING)
                .put(PREFIX + "retry.base-delay", LIVE_LOOKING)
                .put(PREFIX + "breaker.enabled", LIVE_LOOKING)
                .put(PREFIX + "base-url", LIVE_LOOKING)
                .build(),
            Port.PAYMENTS,
            "acme");

    context.resilience();
    context.url("base-url", URI.create("https://api.example.com"));

    assertThat(messages(context))
        .hasSize(4)
        .allSatisfy(
            message ->
                assertThat(message)
                    .endsWith("was a 32-character value that looks like a credential, not shown")
                    .doesNotContain(LIVE_LOOKING.substring(8)));
  }

  @Test
  void aShortHarmlessValueIsStillQuotedSoItCanBeFixed() {
    ProviderContext context =
        ProviderContext.create(
            SwitchboardConfig.builder()
                .put(PREFIX + "retry.max-attempts", "three")
                .put(PREFIX + "timeout.call", "30x")
                .put(PREFIX + "base-url", "ftp://files.example.com")
                .build(),
            Port.PAYMENTS,
            "acme");

    context.resilience();
    context.url("base-url", URI.create("https://api.example.com"));

    assertThat(messages(context))
        .containsExactlyInAnyOrder(
            "must be an integer, was 'three'",
            "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was '30x'",
            "must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1,"
                + " localhost), was 'ftp://files.example.com'");
  }

  @Test
  void aLongValueGivesOnlyItsLength() {
    String long_ = "x".repeat(200);
    ProviderContext context =
        ProviderContext.create(
            SwitchboardConfig.builder().put(PREFIX + "retry.max-delay", long_).build(),
            Port.PAYMENTS,
            "acme");

    assertThat(context.duration("retry.max-delay", Duration.ZERO)).isZero();

    assertThat(messages(context))
        .containsExactly(
            "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was a 200-character value,"
                + " not shown");
  }

  @Test
  void theRegistryDoesNotEchoAKeyPastedAsAProviderNameCodeOrStrategy() {
    ProviderRegistry registry =
        ProviderRegistry.builder()
            .add(StubFactories.payments("acme", c -> StubFactories.stub(PaymentGateway.class, "a")))
            .add(StubFactories.email("mail"))
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "acme," + LIVE_LOOKING)
            .put("switchboard.payments.failover-decline-codes", LIVE_LOOKING)
            .put("switchboard.email.providers", "mail")
            .put("switchboard.email.strategy", LIVE_LOOKING)
            .build();

    try {
      registry.configure(config);
      throw new AssertionError("expected a ConfigurationException");
    } catch (ConfigurationException e) {
      assertThat(e.problems()).hasSize(3);
      assertThat(e.getMessage())
          .contains("a 32-character value that looks like a credential, not shown")
          .doesNotContain(LIVE_LOOKING.substring(8));
    }
  }
}
