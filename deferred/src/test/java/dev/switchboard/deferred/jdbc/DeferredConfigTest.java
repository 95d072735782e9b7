package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.Poll;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredConfigTest {
  @TempDir Path dir;

  private static SwitchboardConfig config(Map<String, String> values) {
    return SwitchboardConfig.builder()
        .putAll(values)
        .environment(Map.of())
        .systemProperties(new java.util.Properties())
        .build();
  }

  @Test
  void everyBadKeyIsListedAtOnceByName() {
    SwitchboardConfig config =
        config(
            Map.of(
                "switchboard.deferred.threads", "0",
                "switchboard.deferred.polling-interval", "soon",
                "switchboard.deferred.payments.deadline", "0s",
                "switchboard.deferred.email.backoff-cap", "ten minutes",
                "switchboard.deferred.jdbc.url", "jdbc:mysql://db/app",
                "switchboard.deferred.workers", "maybe"));

    assertThatThrownBy(() -> JdbcDeferredCallsFactory.configure(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactlyInAnyOrder(
                        "switchboard.deferred.threads",
                        "switchboard.deferred.polling-interval",
                        "switchboard.deferred.payments.deadline",
                        "switchboard.deferred.email.backoff-cap",
                        "switchboard.deferred.jdbc.url",
                        "switchboard.deferred.workers"))
        .hasMessageNotContaining("mysql://db");
  }

  @Test
  void disabledQueueIsAConfigurationErrorNamingTheKey() {
    SwitchboardConfig config = config(Map.of("switchboard.deferred.enabled", "false"));

    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      assertThatThrownBy(switchboard::deferred)
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e ->
                  assertThat(e.problems())
                      .extracting(ConfigProblem::key)
                      .containsExactly("switchboard.deferred.enabled"));
    }
  }

  @Test
  void facadeFindsTheQueueAndPutsItInTheJdbcStateStoresDatabase()
      throws SQLException, InterruptedException {
    String url = "jdbc:h2:file:" + dir.resolve("state");
    SwitchboardConfig config =
        config(
            Map.of(
                "switchboard.payments.providers", "fake",
                "switchboard.state.store", "jdbc",
                "switchboard.state.jdbc.url", url,
                "switchboard.deferred.polling-interval", "50ms"));

    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      DeferredCalls deferred = switchboard.deferred();
      assertThat(switchboard.deferred()).isSameAs(deferred);
      DeferredCall call =
          deferred.charge(
              ChargeRequest.builder()
                  .amount(Money.of("5.00", "EUR"))
                  .source(PaymentSource.token("fake", "tok_succeeds"))
                  .idempotencyKey(IdempotencyKey.of("facade-1"))
                  .build());
      Poll.until(
          "the call succeeded",
          () -> {},
          () -> deferred.status(call.id()).orElseThrow().state() == DeferredState.SUCCEEDED,
          () -> deferred.status(call.id()));
      assertThat(deferred.health().count(DeferredState.SUCCEEDED)).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM switchboard_deferred_call")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }
}
