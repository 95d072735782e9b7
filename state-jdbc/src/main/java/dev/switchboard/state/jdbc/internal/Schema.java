package dev.switchboard.state.jdbc.internal;

import dev.switchboard.state.StateStoreException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the store's tables with Flyway, apart from any Flyway the application runs
 * on the same database: the store's scripts live in a classpath folder of their own and its history
 * in {@value #HISTORY_TABLE}.
 */
public final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);

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
    warnIfCommitsAreDelayed(database);
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
    warnIfCommitsAreDelayed(database);
  }

  /**
   * Warns when an H2 file database writes commits late (its WRITE_DELAY, 500 ms unless set): a pool
   * opened from a URL turns it off ({@link Database#durable}), but an application's own DataSource
   * may not have, and then a process killed just after a commit loses it.
   */
  private static void warnIfCommitsAreDelayed(Database database) {
    try {
      Long delay =
          database.call(
              "read H2's write delay",
              c -> {
                if (!"H2".equals(c.getMetaData().getDatabaseProductName())
                    || c.getMetaData().getURL().startsWith("jdbc:h2:mem:")) {
                  return null;
                }
                try (java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rows =
                        s.executeQuery(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                  return rows.next() ? Long.valueOf(rows.getString(1).trim()) : null;
                }
              });
      if (delay != null && delay > 0) {
        log.warn(
            "this H2 database writes commits up to {} ms late: a process killed in that window"
                + " loses them (a claimed key, an accepted webhook, an enqueued call); add"
                + " ;WRITE_DELAY=0 to its URL",
            delay);
      }
    } catch (RuntimeException e) {
      log.debug("could not read H2's write delay", e);
    }
  }
}
