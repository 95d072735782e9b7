package dev.switchboard.deferred.jdbc.internal;

import static dev.switchboard.state.jdbc.internal.Database.setInstant;

import dev.switchboard.state.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The statements every job table shares (the deferred calls', the webhook inbox's): a {@code state}
 * column named after an enum, {@code updated_at}, {@code deadline_at}, {@code next_attempt_at} and
 * an appended {@code history}.
 *
 * @param database where the table is
 * @param table its name
 * @param what what a row is, for failure messages ("deferred calls")
 */
public record JobTable(Database database, String table, String what) {
  /** Reads one row of the table into its record. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /**
   * One page of the rows in {@code state}, oldest first by {@code createdColumn} then {@code id}.
   */
  public <T> List<T> page(
      String state, String createdColumn, int offset, int limit, RowReader<T> reader) {
    return database.call(
        "list " + what,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT * FROM "
                      + table
                      + " WHERE state = ? ORDER BY "
                      + createdColumn
                      + ", id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setString(1, state);
            s.setInt(2, offset);
            s.setInt(3, limit);
            List<T> out = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                out.add(reader.read(rows));
              }
            }
            return out;
          }
        });
  }

  /** How many rows stand in each state, every state of {@code states} present. */
  public <E extends Enum<E>> Map<E, Long> depth(Class<E> states) {
    return database.call(
        "count " + what,
        c -> {
          Map<E, Long> depth = new EnumMap<>(states);
          for (E state : states.getEnumConstants()) {
            depth.put(state, 0L);
          }
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT state, COUNT(*) AS n FROM " + table + " GROUP BY state");
              ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
              depth.put(Enum.valueOf(states, rows.getString("state")), rows.getLong("n"));
            }
          }
          return depth;
        });
  }

  /**
   * Deletes the rows in one of {@code endedStates} (an SQL list such as {@code ('DONE', 'DEAD')})
   * last changed before {@code endedBefore}; how many.
   */
  public int purge(String endedStates, Instant endedBefore) {
    return database.call(
        "purge " + what,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " WHERE state IN "
                      + endedStates
                      + " AND updated_at < ?")) {
            setInstant(s, 1, endedBefore);
            return s.executeUpdate();
          }
        });
  }

  /**
   * Runs {@code sql}, an UPDATE whose parameters are {@code now}, {@code line} and {@code id} in
   * that order; whether it changed the row.
   */
  public boolean update(String operation, String sql, Instant now, String line, String id) {
    return database.call(
        operation,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            setInstant(s, 1, now);
            s.setString(2, line);
            s.setString(3, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /**
   * Puts a row in one of {@code fromStates} back to QUEUED, due at {@code now} with a new deadline,
   * on {@code c}; {@code alsoSet} (such as {@code "outcome_json = NULL, "}) is added to the SET
   * list.
   *
   * @return whether it was in one of those states and so was revived
   */
  public boolean revive(
      Connection c,
      String fromStates,
      String alsoSet,
      String id,
      Instant now,
      Instant deadline,
      String line)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE "
                + table
                + " SET state = 'QUEUED', deadline_at = ?, next_attempt_at = ?, updated_at = ?, "
                + alsoSet
                + "history = history || ? WHERE id = ? AND state IN "
                + fromStates)) {
      setInstant(s, 1, deadline);
      setInstant(s, 2, now);
      setInstant(s, 3, now);
      s.setString(4, line);
      s.setString(5, id);
      return s.executeUpdate() == 1;
    }
  }
}
