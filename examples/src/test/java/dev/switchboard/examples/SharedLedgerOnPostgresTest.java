package dev.switchboard.examples;

import dev.switchboard.config.Secret;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.jdbc.JdbcStateStore;
import dev.switchboard.testkit.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared-ledger scenarios on a real PostgreSQL server, started once for the class on a loopback
 * port: each instance opens its own {@link JdbcStateStore}, with its own pool, on the same
 * database.
 */
class SharedLedgerOnPostgresTest extends SharedLedgerContract {
  /** Obviously fake: the embedded server trusts loopback connections. */
  private static final Secret PASSWORD = Secret.of("fake-pg-password-Kw9");

  private static EmbeddedPostgres server;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @Override
  protected StateStore openStore(TestClock clock) {
    return JdbcStateStore.builder()
        .url(server.getJdbcUrl("postgres", "postgres"))
        .username("postgres")
        .password(PASSWORD)
        .poolSize(4)
        .clock(clock)
        .build();
  }
}
