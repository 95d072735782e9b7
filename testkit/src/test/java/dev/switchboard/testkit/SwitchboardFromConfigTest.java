package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ports as an application gets them: from configuration, through the facade. */
class SwitchboardFromConfigTest {
  private final FailoverTesting time = new FailoverTesting();
  private final Map<String, FakePaymentGateway> fakes = new LinkedHashMap<>();
  private final List<FailoverEvent> events = new ArrayList<>();
  private Switchboard switchboard;

  /** Hands out one fake per configured provider, so the test can reach each one. */
  private final PaymentGatewayFactory scripted =
      new PaymentGatewayFactory() {
        @Override
        public String name() {
          return "scripted";
        }

        @Override
        public PaymentGateway create(ProviderContext context) {
          return fakes.computeIfAbsent(
              context.provider(),
              name -> FakePaymentGateway.builder().provider(name).clock(context.clock()).build());
        }
      };

  private static final String PRIMARY_AND_BACKUP =
      """
      switchboard.payments.providers=primary,backup
      switchboard.payments.primary.type=scripted
      switchboard.payments.backup.type=scripted
      switchboard.payments.primary.retry.max-attempts=1
      switchboard.payments.primary.breaker.sliding-window-size=4
      switchboard.payments.primary.breaker.minimum-calls=4
      switchboard.payments.primary.breaker.failure-rate-threshold=50
      switchboard.payments.primary.breaker.wait-in-open=30s
      switchboard.payments.primary.breaker.half-open-calls=1
      switchboard.payments.primary.timeout.call=0
      switchboard.payments.backup.timeout.call=0
      switchboard.email.providers=fake
      switchboard.storage.providers=fake
      """;

  private Switchboard start(String properties) {
    Map<String, String> values = new LinkedHashMap<>();
    properties
        .lines()
        .filter(l -> !l.isBlank())
        .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(values)
            .clock(time.clock)
            .sleeper(time.waits::add)
            .build();
    switchboard =
        Switchboard.fromConfig(config, ProviderRegistry.builder().discover().add(scripted).build());
    switchboard.addFailoverListener(events::add);
    return switchboard;
  }

  @AfterEach
  void close() {
    if (switchboard != null) {
      switchboard.close();
    }
  }

  private static ChargeRequest charge(String order) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "EUR"))
        .source(
            PaymentSource.token("primary", FakePaymentGateway.TOKEN_SUCCEEDS)
                .orToken("backup", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private String chargeAndSayWhere(String order) {
    return switchboard.payments().charge(charge(order)).id().provider();
  }

  @Test
  void outcomesSettledInTheBackgroundAreAllWrittenByClose() {
    start(PRIMARY_AND_BACKUP + "switchboard.state.ledger.settle-in-background=true\n");
    StateStore store = switchboard.stateStore();
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      served.add(chargeAndSayWhere("bg-" + i));
    }

    switchboard.close();

    assertThat(served).containsOnly("primary");
    for (int i = 0; i < 50; i++) {
      assertThat(store.ledger().find(FailoverPaymentGateway.CHARGE_SCOPE, "bg-" + i))
          .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(LedgerState.SUCCEEDED));
    }
  }

  @Test
  void failsOverWhenThePrimaryBreakerOpensAndComesBackWhenItRecovers() {
    start(PRIMARY_AND_BACKUP);
    assertThat(chargeAndSayWhere("o-1")).isEqualTo("primary");

    fakes.get("primary").failures().goDown();
    List<String> servedBy = new ArrayList<>();
    for (int i = 2; i <= 8; i++) {
      servedBy.add(chargeAndSayWhere("o-" + i));
    }
    assertThat(servedBy).containsOnly("backup");
    assertThat(breaker("primary")).isEqualTo(BreakerState.OPEN);
    long offeredWhileDown = fakes.get("primary").failures().calls();

    fakes.get("primary").failures().recover();
    assertThat(chargeAndSayWhere("o-9")).as("still waiting in open").isEqualTo("backup");
    assertThat(fakes.get("primary").failures().calls()).isEqualTo(offeredWhileDown);

    time.advance(Duration.ofSeconds(31));
    assertThat(chargeAndSayWhere("o-10")).isEqualTo("primary");
    assertThat(chargeAndSayWhere("o-11")).isEqualTo("primary");
    assertThat(breaker("primary")).isEqualTo(BreakerState.CLOSED);

    assertThat(events).first().isInstanceOf(FailoverEvent.ProviderSwitched.class);
    assertThat(events).last().isInstanceOf(FailoverEvent.ProviderRecovered.class);
    assertThat(fakes.get("backup").payments()).hasSize(8);
  }

  @Test
  void anAmbiguousChargeIsRetriedWithItsKeyAtThePrimaryAndNeverSentToTheBackup() {
    start(
        PRIMARY_AND_BACKUP.replace("primary.retry.max-attempts=1", "primary.retry.max-attempts=2"));
    fakes.get("primary").failures().failNext(1, Failure.outcomeUnknownAfterActing());

    Payment payment = switchboard.payments().charge(charge("o-amb"));

    assertThat(payment.id().provider()).isEqualTo("primary");
    assertThat(fakes.get("primary").payments()).hasSize(1);
    assertThat(fakes.get("backup").payments()).isEmpty();
    assertThat(time.waits).hasSize(1);
  }

  @Test
  void anAmbiguousChargeThatStaysAmbiguousSurfacesWithItsKey() {
    start(PRIMARY_AND_BACKUP);
    fakes.get("primary").failures().failNext(1, Failure.outcomeUnknownAfterActing());

    assertThatThrownBy(() -> switchboard.payments().charge(charge("o-lost")))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("o-lost")));
    assertThat(fakes.get("backup").payments()).isEmpty();
  }

  @Test
  void healthNamesEveryProviderOfEveryConfiguredPort() {
    start(PRIMARY_AND_BACKUP);
    fakes.get("primary").failures().goDown();
    chargeAndSayWhere("o-h");

    Map<String, List<ProviderHealth>> health = switchboard.health();

    assertThat(health).containsOnlyKeys("payments", "email", "storage");
    assertThat(health.get("payments"))
        .extracting(ProviderHealth::provider)
        .containsExactly("primary", "backup");
    assertThat(health.get("payments").get(0).lastError()).isPresent();
    assertThat(health.get("email").get(0).breakerState()).isEqualTo(BreakerState.CLOSED);
    assertThat(switchboard.email().provider()).isEqualTo("failover(fake)");
    assertThat(switchboard)
        .hasToString("Switchboard{payments=[primary, backup], email=[fake], storage=[fake]}");
  }

  @Test
  void anUnconfiguredPortSaysWhichKeyIsMissing() {
    start("switchboard.email.providers=fake\n");

    assertThatThrownBy(() -> switchboard.payments())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.payments.providers");
    assertThat(switchboard.health()).containsOnlyKeys("email");
  }

  private BreakerState breaker(String provider) {
    return switchboard.health().get("payments").stream()
        .filter(h -> h.provider().equals(provider))
        .findFirst()
        .orElseThrow()
        .breakerState();
  }
}
