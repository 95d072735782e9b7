package dev.switchboard.deferred.jdbc.internal;

import dev.switchboard.state.jdbc.internal.Database;

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
    dev.switchboard.state.jdbc.internal.Schema.migrate(
        database, HISTORY_TABLE, LOCATION, "the deferred-call tables");
  }
}
