package dev.switchboard.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.FakePaymentGateway;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue on a real PostgreSQL server, the fleet's database; one fresh database per test. */
class DeferredPostgresTest extends DeferredCallsContract {
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
      database = "deferred_" + databases.incrementAndGet();
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
    return server.getDatabase("postgres", database);
  }

  @Test
  void twoWorkersOnOneDatabaseNeverRunACallTwice() {
    CountingPorts firstPorts = new CountingPorts();
    CountingPorts secondPorts = new CountingPorts();
    JdbcDeferredCalls first =
        open(queue().instanceName("first").payments(firstPorts.payments(stripe)));
    JdbcDeferredCalls second =
        open(queue().instanceName("second").payments(secondPorts.payments(stripe)));
    List<DeferredCall> calls = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      JdbcDeferredCalls via = i % 2 == 0 ? first : second;
      calls.add(via.charge(charge("fleet-" + i, FakePaymentGateway.TOKEN_SUCCEEDS)));
    }

    await(
        first, "every call succeeded", () -> first.health().count(DeferredState.SUCCEEDED) == 400);
    second.wakeUp();

    Set<String> byFirst = firstPorts.invoked.keySet();
    Set<String> bySecond = secondPorts.invoked.keySet();
    Set<String> both = new HashSet<>(byFirst);
    both.retainAll(bySecond);
    assertThat(both).as("calls run by both workers").isEmpty();
    assertThat(byFirst.size() + bySecond.size()).isEqualTo(400);
    assertThat(firstPorts.invoked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(secondPorts.invoked.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(stripe.payments()).hasSize(400);
    assertThat(calls).extracting(DeferredCall::id).doesNotHaveDuplicates();
    assertThat(Duration.ZERO).isEqualTo(first.health().oldestWaiting());
  }
}
