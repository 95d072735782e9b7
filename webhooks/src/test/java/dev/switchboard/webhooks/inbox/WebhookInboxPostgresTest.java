package dev.switchboard.webhooks.inbox;

import dev.switchboard.testkit.LocalPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The inbox on a real PostgreSQL server, the fleet's database; one fresh database per test. */
class WebhookInboxPostgresTest extends WebhookInboxContract {
  private static LocalPostgres server;

  private String url;

  @BeforeAll
  static void startServer() {
    server = LocalPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  String url() {
    if (url == null) {
      url = server.freshDatabase("inbox");
    }
    return url;
  }

  @Override
  String username() {
    return LocalPostgres.USERNAME;
  }

  @Override
  DataSource plainDataSource() {
    return server.dataSource(LocalPostgres.databaseOf(url()));
  }
}
