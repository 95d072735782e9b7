package dev.switchboard.state.jdbc.internal;

import dev.switchboard.state.StateStoreException;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the store's tables with Flyway, apart from any Flyway the application runs
 * on the same database: the store's scripts live in a classpath folder of their own and its history
 * in {@value #HISTORY_TABLE}.
 */
public final class Schema {
  /** Flyway's history of the store's migrations. */
  public static final String HISTORY_TABLE = "switchboard_schema_history";

  static final String LOCATION = "classpath:dev/switchboard/state/jdbc/migration";

  private Schema() {}

  /** Brings the tables up to date; safe to run from several instances at once. */
  public static void migrate(Database database) {
    try {
      Flyway.configure(Schema.class.getClassLoader())
          .dataSource(database.dataSource())
          .table(HISTORY_TABLE)
          .locations(LOCATION)
          // The application's own tables may share the schema: start the history at version 0
          // there, so that the store's version 1 still runs.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholderReplacement(false)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw database.failure("migrate its schema", e);
    }
  }

  /**
   * Brings a module's own tables up to date, apart from the store's and the application's: its
   * scripts in {@code location + "h2"} or {@code location + "postgresql"} as the database is, its
   * history in {@code historyTable}. Safe to run from several instances at once.
   *
   * @param what the tables, for the failure's message ("the deferred-call tables")
   * @throws StateStoreException if the database is neither H2 nor PostgreSQL or a script fails
   */
  public static void migrate(Database database, String historyTable, String location, String what) {
    String product = database.call("open", c -> c.getMetaData().getDatabaseProductName());
    String folder;
    if ("H2".equals(product)) {
      folder = "h2";
    } else if ("PostgreSQL".equals(product)) {
      folder = "postgresql";
    } else {
      throw new StateStoreException(
          Database.STORE,
          "open",
          "the database is " + product + "; " + what + " need H2 or PostgreSQL",
          null);
    }
    try {
      Flyway.configure(Schema.class.getClassLoader())
          .dataSource(database.dataSource())
          .table(historyTable)
          .locations(location + folder)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholderReplacement(false)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw database.failure("migrate " + what, e);
    }
  }
}
