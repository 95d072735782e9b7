package dev.switchboard.internal;

import static dev.switchboard.internal.StubProviders.config;
import static dev.switchboard.internal.StubProviders.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ConfiguredPorts;
import dev.switchboard.config.ConfiguredProvider;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.resilience.DistributionStrategy;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResiliencePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade as the generated component builds it, compared with what the configuration says. */
class SwitchboardGraphTest {
  private static final String ALL_PORTS =
      """
      switchboard.payments.providers=primary,backup
      switchboard.payments.primary.type=stub
      switchboard.payments.primary.retry.max-attempts=1
      switchboard.payments.primary.timeout.call=0
      switchboard.payments.backup.type=stub
      switchboard.payments.backup.retry-budget.capacity=7
      switchboard.email.providers=mail,relay
      switchboard.email.strategy=weighted
      switchboard.email.mail.type=stub
      switchboard.email.mail.weight=3
      switchboard.email.relay.type=stub
      switchboard.storage.providers=store
      switchboard.storage.store.type=stub
      """;

  private final List<Switchboard> opened = new ArrayList<>();

  private Switchboard open(SwitchboardConfig config) {
    Switchboard switchboard = Switchboard.fromConfig(config, registry());
    opened.add(switchboard);
    return switchboard;
  }

  @AfterEach
  void close() {
    opened.forEach(Switchboard::close);
  }

  @Test
  void buildsEachConfiguredPortAsAFailoverCompositeOverItsProvidersInOrder() {
    Switchboard switchboard = open(config(ALL_PORTS));

    assertThat(switchboard.payments())
        .isInstanceOfSatisfying(
            FailoverPaymentGateway.class,
            p -> assertThat(p.providers()).containsExactly("primary", "backup"));
    assertThat(switchboard.email())
        .isInstanceOfSatisfying(
            FailoverEmailSender.class,
            e -> {
              assertThat(e.providers()).containsExactly("mail", "relay");
              assertThat(e.strategy()).isEqualTo(DistributionStrategy.WEIGHTED);
            });
    assertThat(switchboard.storage())
        .isInstanceOfSatisfying(
            FailoverBlobStore.class, s -> assertThat(s.providers()).containsExactly("store"));
    assertThat(switchboard.policies())
        .extracting(ResiliencePolicy::health)
        .extracting(ProviderHealth::provider)
        .containsExactly("primary", "backup", "mail", "relay", "store");
    assertThat(switchboard)
        .hasToString(
            "Switchboard{payments=[primary, backup], email=[mail, relay], storage=[store]}");
  }

  @Test
  void healthIsWhatFreshPoliciesFromTheSameConfigurationReport() {
    SwitchboardConfig config = config(ALL_PORTS);
    ConfiguredPorts ports = registry().configure(config);
    Map<String, List<ProviderHealth>> expected = new LinkedHashMap<>();
    expected.put("payments", freshHealth(ports.payments().orElseThrow().providers()));
    expected.put("email", freshHealth(ports.email().orElseThrow().providers()));
    expected.put("storage", freshHealth(ports.storage().orElseThrow().providers()));

    Map<String, List<ProviderHealth>> health = open(config).health();

    assertThat(health).containsExactlyEntriesOf(expected);
    assertThat(health.get("payments").get(1).retryBudgetTokens()).isEqualTo(7);
  }

  private static List<ProviderHealth> freshHealth(List<? extends ConfiguredProvider<?>> providers) {
    List<ProviderHealth> health = new ArrayList<>();
    for (ConfiguredProvider<?> provider : providers) {
      try (ResiliencePolicy policy = ResiliencePolicy.of(provider.name(), provider.resilience())) {
        health.add(policy.health());
      }
    }
    return health;
  }

  @Test
  void healthComesFromThePoliciesThePortsCallThrough() {
    Switchboard switchboard = open(config(ALL_PORTS));

    assertThatThrownBy(() -> switchboard.payments().get(PaymentId.of("primary", "pay_1")))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("primary is a stub that is down");

    List<ProviderHealth> payments = switchboard.health().get("payments");
    assertThat(payments.get(0).lastError())
        .hasValueSatisfying(e -> assertThat(e.reason()).contains("primary is a stub"));
    assertThat(payments.get(1).lastError()).isEmpty();
    assertThat(switchboard.policies().get(0).health()).isEqualTo(payments.get(0));
  }

  @Test
  void anUnconfiguredPortStaysAbsentAndSaysWhichKeyIsMissing() {
    Switchboard switchboard =
        open(config("switchboard.storage.providers=store\nswitchboard.storage.store.type=stub\n"));

    assertThatThrownBy(switchboard::payments)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.payments.providers");
    assertThatThrownBy(switchboard::email)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.email.providers");
    assertThat(switchboard.health()).containsOnlyKeys("storage");
    assertThat(switchboard).hasToString("Switchboard{payments=-, email=-, storage=[store]}");
  }

  @Test
  void reportsEveryConfigurationProblemOfEveryPortAtOnce() {
    SwitchboardConfig config =
        config("switchboard.payments.providers=nope\nswitchboard.email.providers=nada\n");

    assertThatThrownBy(() -> open(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly(
                        "switchboard.email.providers", "switchboard.payments.providers"));
  }

  @Test
  void everyCallBuildsItsOwnGraphSoClosingOneFacadeLeavesTheOtherWorking() {
    SwitchboardConfig config = config(ALL_PORTS);
    Switchboard first = open(config);
    Switchboard second = open(config);

    assertThat(second.payments()).isNotSameAs(first.payments());
    assertThat(second.policies().get(0)).isNotSameAs(first.policies().get(0));

    first.close();

    assertThatThrownBy(() -> second.payments().get(PaymentId.of("primary", "pay_2")))
        .hasMessageContaining("primary is a stub that is down");
    assertThatThrownBy(() -> first.payments().get(PaymentId.of("primary", "pay_3")))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageNotContaining("is a stub");
  }
}
