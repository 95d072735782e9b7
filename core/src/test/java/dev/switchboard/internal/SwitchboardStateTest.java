package dev.switchboard.internal;

import static dev.switchboard.internal.StubProviders.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.StateStoreContext;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateEvent;
import dev.switchboard.state.StateHealth;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.state.StateStoreFactory;
import dev.switchboard.telemetry.SwitchboardMetrics;
import dev.switchboard.webhooks.ReplayGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade's state store: chosen by {@code switchboard.state.*}, or handed in. */
class SwitchboardStateTest {
  private static final String PAYMENTS =
      """
      switchboard.payments.providers=primary
      switchboard.payments.primary.type=stub
      """;

  private final List<Switchboard> opened = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  @AfterEach
  void close() {
    opened.forEach(Switchboard::close);
  }

  /** A store factory named {@code test}: memory underneath, remembering whether it was closed. */
  private final StateStoreFactory testStores =
      new StateStoreFactory() {
        @Override
        public String name() {
          return "test";
        }

        @Override
        public StateStore create(StateStoreContext context) {
          String url = context.string("url");
          if (url.equals("unreachable")) {
            throw new StateStoreException("test", "connect", "connection refused", null);
          }
          return recording(
              StateStore.inMemory(
                  context.clock(), context.ledgerRetention(), context.replayRetention()));
        }
      };

  private StateStore recording(StateStore inner) {
    return new StateStore() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public boolean shared() {
        return true;
      }

      @Override
      public KeyLedger ledger() {
        return inner.ledger();
      }

      @Override
      public ReplayGuard replayGuard(String namespace) {
        return inner.replayGuard(namespace);
      }

      @Override
      public RateState rates() {
        return inner.rates();
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
  }

  private Switchboard open(String properties) {
    Switchboard switchboard =
        Switchboard.builder(config(properties))
            .registry(StubProviders.builder().add(testStores).build())
            .build();
    opened.add(switchboard);
    return switchboard;
  }

  private static List<ConfigProblem> problems(Runnable build) {
    try {
      build.run();
    } catch (ConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("no ConfigurationException");
  }

  @Test
  void theDefaultStoreIsThisProcesssMemory() {
    Switchboard switchboard = open(PAYMENTS);

    assertThat(switchboard.stateStore().name()).isEqualTo("memory");
    StateHealth health = switchboard.stateHealth();
    assertThat(health.store()).isEqualTo("memory");
    assertThat(health.shared()).isFalse();
    assertThat(health.up()).isTrue();
  }

  @Test
  void aNamedStoreIsBuiltByItsFactoryAndClosedWithTheFacade() {
    Switchboard switchboard =
        open(PAYMENTS + "switchboard.state.store=test\nswitchboard.state.test.url=db\n");

    assertThat(switchboard.stateStore().name()).isEqualTo("test");
    assertThat(switchboard.stateHealth().shared()).isTrue();
    switchboard.close();
    assertThat(closed).isTrue();
  }

  @Test
  void aStoreTheApplicationHandsInIsUsedAndLeftOpen() {
    StateStore own =
        recording(StateStore.inMemory(Clock.systemUTC(), Duration.ofDays(1), Duration.ofDays(1)));
    Switchboard switchboard =
        Switchboard.builder(config(PAYMENTS + "switchboard.state.store=nonsense\n"))
            .registry(StubProviders.registry())
            .stateStore(own)
            .build();

    assertThat(switchboard.stateStore()).isSameAs(own);
    switchboard.close();
    assertThat(closed).isFalse();
  }

  @Test
  void anUnknownStoreNamesTheKeyAndTheKnownStores() {
    assertThat(problems(() -> open(PAYMENTS + "switchboard.state.store=mongo\n")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("switchboard.state.store");
              assertThat(p.message()).contains("'mongo'").contains("memory, test");
            });
  }

  @Test
  void badRetentionsAndTheFactorysProblemsAreReportedTogether() {
    List<ConfigProblem> problems =
        problems(
            () ->
                open(
                    PAYMENTS
                        + "switchboard.state.store=test\n"
                        + "switchboard.state.ledger.retention=0\n"
                        + "switchboard.state.replay.retention=soon\n"));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "switchboard.state.ledger.retention",
            "switchboard.state.replay.retention",
            "switchboard.state.test.url");
  }

  @Test
  void aStoreThatCannotBeReachedAtStartIsAConfigurationProblem() {
    assertThat(
            problems(
                () ->
                    open(
                        PAYMENTS
                            + "switchboard.state.store=test\n"
                            + "switchboard.state.test.url=unreachable\n")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("switchboard.state.test");
              assertThat(p.message()).contains("connection refused");
            });
  }

  @Test
  void storeEventsReachListenersAndMetrics() {
    Switchboard switchboard =
        open(
            """
            switchboard.payments.providers=primary,backup
            switchboard.payments.primary.type=stub
            switchboard.payments.backup.type=stub
            """);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<StateEvent> events = new ArrayList<>();
    switchboard.addStateListener(events::add);
    switchboard.addStateListener(SwitchboardMetrics.create(registry));

    switchboard.stateStore().replayGuard("hooks").firstSight("evt_1");
    assertThatThrownBy(
            () ->
                switchboard
                    .payments()
                    .charge(
                        dev.switchboard.payments.ChargeRequest.builder()
                            .amount(dev.switchboard.payments.Money.of("1.00", "EUR"))
                            .source(
                                dev.switchboard.payments.PaymentSource.token("primary", "tok")
                                    .orToken("backup", "tok"))
                            .idempotencyKey(dev.switchboard.IdempotencyKey.of("order-1"))
                            .build()))
        .isInstanceOf(dev.switchboard.AllProvidersUnavailableException.class);

    assertThat(events).filteredOn(StateEvent.KeyClaimed.class::isInstance).hasSize(2);
    assertThat(
            registry.get("switchboard.state.claims").tag("result", "claimed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .as("one claim per provider tried")
        .isEqualTo(2);
    assertThat(registry.get("switchboard.state.calls").tag("operation", "claim").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("switchboard.state.calls").tag("operation", "settle").timer().count())
        .isEqualTo(2);
    assertThat(switchboard.stateHealth().claims()).isEqualTo(2);
  }
}
