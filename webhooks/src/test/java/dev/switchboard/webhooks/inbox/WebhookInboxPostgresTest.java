package dev.switchboard.webhooks.inbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The inbox on a real PostgreSQL server, the fleet's database; one fresh database per test. */
class WebhookInboxPostgresTest extends WebhookInboxContract {
  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgres server;

  private String database;

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
    if (database == null) {
      database = "inbox_" + databases.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return server.getJdbcUrl("postgres", database);
  }

  @Override
  String username() {
    return "postgres";
  }

  @Override
  DataSource plainDataSource() {
    url();
    return server.getDatabase("postgres", database);
  }
}
