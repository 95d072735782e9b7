package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.Secret;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.testkit.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What callers see when the PostgreSQL server goes away under a running store. */
class PostgresOutageTest {
  private static final String PASSWORD = "fake-outage-password-W9";

  @Test
  void failsWithAStateStoreExceptionWithoutThePasswordOnceTheServerStops() throws IOException {
    EmbeddedPostgres server = EmbeddedPostgres.start();
    try (StateStore store =
        JdbcStateStore.builder()
            .url(server.getJdbcUrl("postgres", "postgres"))
            .username("postgres")
            .password(Secret.of(PASSWORD))
            .connectionTimeout(Duration.ofMillis(250))
            .clock(TestClock.start())
            .build()) {
      assertThat(store.ledger().claim("outage", "order-1", "acme", "order-1", "fp").won()).isTrue();

      server.close();

      assertThatThrownBy(() -> store.ledger().claim("outage", "order-2", "acme", "order-2", "fp"))
          .isInstanceOf(StateStoreException.class)
          .hasMessageStartingWith("state store 'jdbc' failed to claim")
          .hasMessageNotContaining(PASSWORD)
          .cause()
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> store.rates().tryAcquire("outage", 5, Duration.ofSeconds(1)))
          .isInstanceOf(StateStoreException.class)
          .hasMessageNotContaining(PASSWORD);
    } finally {
      server.close();
    }
  }
}
