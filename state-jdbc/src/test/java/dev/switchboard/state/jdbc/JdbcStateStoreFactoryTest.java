package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ConfiguredPorts;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStateStoreFactoryTest {
  private static final String PASSWORD = "fake-factory-password-K3";

  @TempDir Path directory;

  private final TestClock clock = TestClock.start();

  private SwitchboardConfig config(Map<String, String> settings) {
    return SwitchboardConfig.builder()
        .put("switchboard.state.store", "jdbc")
        .putAll(settings)
        .environment(Map.of("FAKE_STATE_DB_PASSWORD", PASSWORD))
        .clock(clock)
        .build();
  }

  private Map<String, String> h2() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(
        "switchboard.state.jdbc.url",
        "jdbc:h2:file:" + directory.resolve("switchboard").toAbsolutePath());
    settings.put("switchboard.state.jdbc.username", "sa");
    settings.put("switchboard.state.jdbc.password", "${env:FAKE_STATE_DB_PASSWORD}");
    return settings;
  }

  private static ConfigurationException configurationFailure(SwitchboardConfig config) {
    return catchThrowableOfType(
        ConfigurationException.class, () -> Switchboard.fromConfig(config).close());
  }

  @Test
  void buildsAJdbcStoreFromConfiguration() {
    Map<String, String> settings = h2();
    settings.put("switchboard.state.jdbc.pool-size", "2");
    settings.put("switchboard.state.ledger.retention", "1h");
    ConfiguredPorts ports = ProviderRegistry.discover().configure(config(settings));

    try (StateStore store = ports.state().store()) {
      assertThat(store.name()).isEqualTo("jdbc");
      assertThat(store.shared()).isTrue();
      assertThat(ports.state().ownedByConfiguration()).isTrue();
      var claimed = store.ledger().claim("factory", "order-1", "acme", "order-1", "fp").record();
      store.ledger().settle(claimed, LedgerState.SUCCEEDED, "pay_1");

      clock.advance(Duration.ofHours(1));
      assertThat(store.ledger().find("factory", "order-1")).isEmpty();
    }
  }

  @Test
  void aMissingUrlIsReportedWithItsKey() {
    ConfigurationException failure = configurationFailure(config(Map.of()));

    assertThat(failure.problems())
        .extracting(ConfigProblem::key)
        .contains("switchboard.state.jdbc.url");
  }

  @Test
  void aUrlOfAnotherDatabaseIsReportedWithoutEchoingIt() {
    Map<String, String> settings = h2();
    settings.put("switchboard.state.jdbc.url", "jdbc:mysql://app:" + PASSWORD + "@127.0.0.1/app");

    ConfigurationException failure = configurationFailure(config(settings));

    assertThat(failure.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("switchboard.state.jdbc.url");
              assertThat(problem.message()).contains("jdbc:h2:").doesNotContain(PASSWORD);
            });
    assertThat(failure.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void aPoolSizeBelowOneIsReportedWithItsKey() {
    Map<String, String> settings = h2();
    settings.put("switchboard.state.jdbc.pool-size", "0");

    ConfigurationException failure = configurationFailure(config(settings));

    assertThat(failure.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.state.jdbc.pool-size");
  }

  @Test
  void aConnectionTimeoutBelowHikarisFloorIsReportedWithItsKey() {
    Map<String, String> settings = h2();
    settings.put("switchboard.state.jdbc.connection-timeout", "100ms");

    ConfigurationException failure = configurationFailure(config(settings));

    assertThat(failure.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.state.jdbc.connection-timeout");
  }

  @Test
  void anUnreachableDatabaseIsReportedWithoutThePassword() {
    Map<String, String> settings = h2();
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    settings.put("switchboard.state.jdbc.url", "jdbc:postgresql://127.0.0.1:1/app");

    ConfigurationException failure = configurationFailure(config(settings));

    assertThat(failure.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("switchboard.state.jdbc");
              assertThat(problem.message()).contains("failed to open").doesNotContain(PASSWORD);
            });
    assertThat(failure.getMessage()).doesNotContain(PASSWORD);
  }
}
