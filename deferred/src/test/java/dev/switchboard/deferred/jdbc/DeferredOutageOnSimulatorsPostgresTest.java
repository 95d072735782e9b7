package dev.switchboard.deferred.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outage on the simulators, with the ledger and the queue in a real PostgreSQL. */
class DeferredOutageOnSimulatorsPostgresTest extends DeferredOutageOnSimulatorsContract {
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
  String url() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  @Override
  String username() {
    return "postgres";
  }
}
