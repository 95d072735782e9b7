package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.testkit.StateCapability;
import dev.switchboard.testkit.StateStoreContract;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.webhooks.ReplayGuard.Sighting;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The state store contract, and what a JDBC store adds to it, for one database: the store opens its
 * own pool from {@link #url()}, or works on an application's pool.
 */
abstract class JdbcStateStoreContract extends StateStoreContract {
  /** Obviously fake: PostgreSQL's embedded server trusts loopback, H2 sets it on creation. */
  static final String PASSWORD = "fake-db-password-Zq7";

  /** The JDBC URL of the database under test. */
  abstract String url();

  abstract String username();

  @Override
  protected StateStore openStore(
      TestClock clock, Duration ledgerRetention, Duration replayRetention) {
    return JdbcStateStore.builder()
        .url(url())
        .username(username())
        .password(Secret.of(PASSWORD))
        .clock(clock)
        .ledgerRetention(ledgerRetention)
        .replayRetention(replayRetention)
        .build();
  }

  @Override
  protected Set<StateCapability> capabilities() {
    return EnumSet.of(StateCapability.SHARED);
  }

  HikariDataSource applicationPool(boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(username());
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(4);
    config.setAutoCommit(autoCommit);
    return new HikariDataSource(config);
  }

  JdbcStateStore storeOn(javax.sql.DataSource dataSource) {
    return JdbcStateStore.builder().dataSource(dataSource).clock(clock()).build();
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aFirstClaimAndASettleAreOneRoundTripEach() {
    try (HikariDataSource pool = applicationPool(true)) {
      CountingDataSource counting = new CountingDataSource(pool);
      try (JdbcStateStore store = storeOn(counting)) {
        KeyLedger ledger = store.ledger();
        String scope = "trips." + unique();

        counting.reset();
        LedgerRecord claimed = ledger.claim(scope, "order-1", "acme", "order-1", "fp").record();
        assertThat(counting.roundTrips()).as("first claim").isEqualTo(1);

        counting.reset();
        ledger.settle(claimed, LedgerState.SUCCEEDED, "pay_1");
        assertThat(counting.roundTrips()).as("settle").isEqualTo(1);

        counting.reset();
        ledger.claim(scope, "order-1", "other", "derived", "fp");
        assertThat(counting.roundTrips()).as("repeat").isEqualTo(2);

        counting.reset();
        store.replayGuard("trips").claim(unique());
        assertThat(counting.roundTrips()).as("first replay claim").isEqualTo(1);
      }
    }
  }

  @Test
  void aFingerprintLongerThanItsColumnIsRefusedBeforeTheDatabase() {
    try (HikariDataSource pool = applicationPool(true)) {
      CountingDataSource counting = new CountingDataSource(pool);
      try (JdbcStateStore store = storeOn(counting)) {
        String scope = "long." + unique();
        counting.reset();

        assertThatThrownBy(
                () -> store.ledger().claim(scope, "order-1", "acme", "order-1", "f".repeat(129)))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("fingerprint");
        assertThat(counting.roundTrips()).isZero();
        String longest = "f".repeat(128);
        assertThat(store.ledger().claim(scope, "order-1", "acme", "order-1", longest).won())
            .isTrue();
        assertThat(store.ledger().find(scope, "order-1").orElseThrow().fingerprint())
            .isEqualTo(longest);
      }
    }
  }

  @Test
  void closingTheStoreLeavesTheApplicationsDataSourceOpen() throws SQLException {
    try (HikariDataSource pool = applicationPool(true)) {
      storeOn(pool).close();

      assertThat(pool.isClosed()).isFalse();
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void closingTheStoreClosesItsOwnPool() {
    StateStore store = openStore(clock(), LEDGER_RETENTION, REPLAY_RETENTION);
    store.close();

    assertThatThrownBy(() -> store.ledger().find("closed", "order-1"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void worksOnAnApplicationPoolThatLeavesAutoCommitOff() {
    try (HikariDataSource pool = applicationPool(false);
        JdbcStateStore store = storeOn(pool);
        StateStore other = openStore(clock(), LEDGER_RETENTION, REPLAY_RETENTION)) {
      String scope = "manual." + unique();
      Claim claim = store.ledger().claim(scope, "order-1", "acme", "order-1", "fp");
      store.ledger().settle(claim.record(), LedgerState.UNKNOWN, null);
      String id = unique();
      assertThat(store.replayGuard("manual").claim(id)).isEqualTo(Sighting.FIRST);

      assertThat(other.ledger().find(scope, "order-1").orElseThrow().state())
          .isEqualTo(LedgerState.UNKNOWN);
      assertThat(other.replayGuard("manual").claim(id)).isEqualTo(Sighting.IN_PROGRESS);
      assertThat(store.rates().tryAcquire("manual-" + id, 1, Duration.ofMinutes(1))).isZero();
      assertThat(other.rates().tryAcquire("manual-" + id, 1, Duration.ofMinutes(1))).isPositive();
    }
  }

  @Test
  void keepsItsSchemaHistoryApartFromTheApplicationsTables() throws SQLException {
    try (HikariDataSource pool = applicationPool(true);
        JdbcStateStore store = storeOn(pool);
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"version\" FROM \"switchboard_schema_history\" WHERE \"success\""
                    + " ORDER BY \"installed_rank\" DESC")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("1");
    }
  }

  @Test
  void failsWithAStateStoreExceptionWhenTheApplicationsPoolIsClosed() {
    HikariDataSource pool = applicationPool(true);
    JdbcStateStore store = storeOn(pool);
    pool.close();

    assertThatThrownBy(() -> store.ledger().claim("gone", "order-1", "acme", "order-1", "fp"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageStartingWith("state store 'jdbc' failed to claim")
        .hasMessageNotContaining(PASSWORD)
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> store.replayGuard("gone").claim("evt_1"))
        .isInstanceOf(StateStoreException.class);
    assertThatThrownBy(() -> store.rates().tryAcquire("gone", 1, Duration.ofSeconds(1)))
        .isInstanceOf(StateStoreException.class);
    store.close();
  }
}
