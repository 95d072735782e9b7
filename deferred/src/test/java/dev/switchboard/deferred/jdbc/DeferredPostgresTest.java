package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.LocalPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue on a real PostgreSQL server, the fleet's database; one fresh database per test. */
class DeferredPostgresTest extends DeferredCallsContract {
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
      url = server.freshDatabase("deferred");
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
