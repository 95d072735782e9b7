package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.testkit.TestClock;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder, and the store beside an application's own Flyway on one H2 database. */
class JdbcStateStoreTest {
  @TempDir Path directory;

  @Test
  void migratesBesideTheApplicationsOwnFlyway() {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl("jdbc:h2:file:" + directory.resolve("app").toAbsolutePath());
      Flyway application = Flyway.configure().dataSource(pool).locations("classpath:db/app").load();
      application.migrate();

      try (JdbcStateStore store =
          JdbcStateStore.builder().dataSource(pool).clock(TestClock.start()).build()) {
        assertThat(store.ledger().claim("app", "order-1", "acme", "order-1", "fp").won()).isTrue();
      }

      assertThat(application.migrate().migrationsExecuted).isZero();
      assertThat(application.info().current().getVersion().getVersion()).isEqualTo("1");
    }
  }

  @Test
  void refusesAUrlOfAnotherDatabaseWithoutQuotingIt() {
    assertThatThrownBy(
            () -> JdbcStateStore.builder().url("jdbc:mysql://app:fake-pw-Q1@127.0.0.1/app"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("fake-pw-Q1");
  }

  @Test
  void needsEitherADataSourceOrAUrl() {
    assertThatThrownBy(() -> JdbcStateStore.builder().build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                JdbcStateStore.builder()
                    .url("jdbc:h2:mem:both")
                    .dataSource(new HikariDataSource())
                    .build())
        .isInstanceOf(InvalidRequestException.class);
  }
}
