package dev.switchboard.deferred.internal;

import dev.switchboard.state.StateStoreException;
import dev.switchboard.state.jdbc.internal.Database;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the queue's tables with Flyway, apart from the state store's and the
 * application's own: scripts in a classpath folder per database, history in {@value
 * #HISTORY_TABLE}.
 */
public final class Schema {
  /** Flyway's history of the queue's migrations. */
  public static final String HISTORY_TABLE = "switchboard_deferred_schema_history";

  private static final String LOCATION = "classpath:dev/switchboard/deferred/migration/";

  private Schema() {}

  /** Brings the tables up to date; safe to run from several instances at once. */
  public static void migrate(Database database) {
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
          "the database is " + product + "; deferred calls support H2 and PostgreSQL",
          null);
    }
    try {
      Flyway.configure(Schema.class.getClassLoader())
          .dataSource(database.dataSource())
          .table(HISTORY_TABLE)
          .locations(LOCATION + folder)
          // Other tables may share the schema: start the history at 0 there, so version 1 runs.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholderReplacement(false)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw database.failure("migrate the deferred-call tables", e);
    }
  }
}
