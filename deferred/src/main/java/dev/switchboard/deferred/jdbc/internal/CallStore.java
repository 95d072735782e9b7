package dev.switchboard.deferred.jdbc.internal;

import static dev.switchboard.state.jdbc.internal.Database.getInstant;
import static dev.switchboard.state.jdbc.internal.Database.setInstant;

import dev.switchboard.deferred.DeferredError;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.state.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL on {@code switchboard_deferred_call}. Every change of state is one conditional {@code
 * UPDATE}, so a worker and an application racing on one call (a cancel against a pick) cannot both
 * win, on H2 or PostgreSQL.
 */
public final class CallStore {
  private static final String OPEN = "('QUEUED', 'WAITING', 'RUNNING')";
  private static final int MAX_REASON = 2000;

  private final Database database;
  private final JobTable table;

  public CallStore(Database database) {
    this.database = database;
    this.table = new JobTable(database, "switchboard_deferred_call", "deferred calls");
  }

  public Database database() {
    return database;
  }

  /** Writes a new call on {@code connection}, in whatever transaction it is in. */
  public void insert(Connection connection, CallRow row) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO switchboard_deferred_call (id, kind, idempotency_key, state, attempts,"
                + " maybe_sent, created_at, updated_at, deadline_at, next_attempt_at,"
                + " request_json, history) VALUES (?, ?, ?, ?, 0, FALSE, ?, ?, ?, ?, ?, '')")) {
      s.setString(1, row.id());
      s.setString(2, row.kind().name());
      s.setString(3, row.idempotencyKey());
      s.setString(4, row.state().name());
      setInstant(s, 5, row.createdAt());
      setInstant(s, 6, row.createdAt());
      setInstant(s, 7, row.deadline());
      setInstant(s, 8, row.nextAttemptAt());
      s.setString(9, row.requestJson());
      s.executeUpdate();
    }
  }

  public Optional<CallRow> load(String id) {
    return database.call(
        "read a deferred call",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT * FROM switchboard_deferred_call WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
              return rows.next() ? Optional.of(row(rows)) : Optional.<CallRow>empty();
            }
          }
        });
  }

  /** The call of {@code kind} with this idempotency key, read on {@code connection}. */
  public Optional<CallRow> findByKey(Connection connection, DeferredKind kind, String key)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT * FROM switchboard_deferred_call WHERE kind = ? AND idempotency_key = ?")) {
      s.setString(1, kind.name());
      s.setString(2, key);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(row(rows)) : Optional.empty();
      }
    }
  }

  public List<CallRow> list(DeferredState state, int offset, int limit) {
    return table.page(state.name(), "created_at", offset, limit, CallStore::row);
  }

  /** Starts an attempt: the call is RUNNING unless it was canceled or has ended. */
  public boolean markRunning(String id, Instant now, String line) {
    return table.update(
        "start a deferred call",
        // A call found RUNNING was left by a worker that died mid-attempt: it may have been sent.
        "UPDATE switchboard_deferred_call SET state = 'RUNNING', attempts = attempts + 1,"
            + " maybe_sent = (maybe_sent OR state = 'RUNNING'),"
            + " next_attempt_at = NULL, updated_at = ?, history = history || ?"
            + " WHERE id = ? AND state IN "
            + OPEN,
        now,
        line,
        id);
  }

  /** The attempt met a retryable failure: wait until {@code next}. */
  public boolean markWaiting(
      String id, Instant now, Instant next, DeferredError error, boolean sent, String line) {
    return database.call(
        "record a deferred call's failed attempt",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE switchboard_deferred_call SET state = 'WAITING', next_attempt_at = ?,"
                      + " updated_at = ?, error_type = ?, error_reason = ?, error_provider = ?,"
                      + " maybe_sent = (maybe_sent OR ?), history = history || ?"
                      + " WHERE id = ? AND state = 'RUNNING'")) {
            setInstant(s, 1, next);
            setInstant(s, 2, now);
            setError(s, 3, error);
            s.setBoolean(6, sent);
            s.setString(7, line);
            s.setString(8, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Ends the call in {@code state} (SUCCEEDED, FAILED or DEAD) while it is still open. */
  public boolean finish(
      String id,
      Instant now,
      DeferredState state,
      String outcomeJson,
      DeferredError error,
      boolean sent,
      String line) {
    return database.call(
        "record a deferred call's end",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE switchboard_deferred_call SET state = ?, next_attempt_at = NULL,"
                      + " updated_at = ?, outcome_json = ?,"
                      + " error_type = COALESCE(?, error_type),"
                      + " error_reason = COALESCE(?, error_reason),"
                      + " error_provider = COALESCE(?, error_provider),"
                      + " maybe_sent = (maybe_sent OR ?), history = history || ?"
                      + " WHERE id = ? AND state IN "
                      + OPEN)) {
            s.setString(1, state.name());
            setInstant(s, 2, now);
            s.setString(3, outcomeJson);
            setError(s, 4, error);
            s.setBoolean(7, sent);
            s.setString(8, line);
            s.setString(9, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Cancels the call if it is queued or waiting and no attempt may have reached a vendor. */
  public boolean cancel(String id, Instant now, String line) {
    return table.update(
        "cancel a deferred call",
        "UPDATE switchboard_deferred_call SET state = 'CANCELED', next_attempt_at = NULL,"
            + " updated_at = ?, history = history || ?"
            + " WHERE id = ? AND state IN ('QUEUED', 'WAITING') AND maybe_sent = FALSE",
        now,
        line,
        id);
  }

  /** Puts a DEAD call back in the queue on {@code connection}, with a new deadline. */
  public boolean revive(Connection c, String id, Instant now, Instant deadline, String line)
      throws SQLException {
    return table.revive(c, "('DEAD')", "outcome_json = NULL, ", id, now, deadline, line);
  }

  /** Deletes the calls that ended (in any final state) before {@code endedBefore}; how many. */
  public int purge(Instant endedBefore) {
    return table.purge("('SUCCEEDED', 'FAILED', 'DEAD', 'CANCELED')", endedBefore);
  }

  /** How many calls stand in each state. */
  public Map<DeferredState, Long> depth() {
    return table.depth(DeferredState.class);
  }

  /** When the oldest queued or waiting call was enqueued. */
  public Optional<Instant> oldestOpen() {
    return database.call(
        "age deferred calls",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT MIN(created_at) AS oldest FROM switchboard_deferred_call"
                          + " WHERE state IN ('QUEUED', 'WAITING')");
              ResultSet rows = s.executeQuery()) {
            rows.next();
            return Optional.ofNullable(getInstant(rows, "oldest"));
          }
        });
  }

  private static CallRow row(ResultSet rows) throws SQLException {
    String type = rows.getString("error_type");
    DeferredError error =
        type == null
            ? null
            : new DeferredError(
                type, rows.getString("error_reason"), rows.getString("error_provider"));
    return new CallRow(
        rows.getString("id"),
        DeferredKind.valueOf(rows.getString("kind")),
        rows.getString("idempotency_key"),
        DeferredState.valueOf(rows.getString("state")),
        rows.getInt("attempts"),
        rows.getBoolean("maybe_sent"),
        getInstant(rows, "created_at"),
        getInstant(rows, "deadline_at"),
        getInstant(rows, "next_attempt_at"),
        error,
        rows.getString("request_json"),
        rows.getString("outcome_json"),
        rows.getString("history"));
  }

  private static void setError(PreparedStatement s, int index, DeferredError error)
      throws SQLException {
    s.setString(index, error == null ? null : error.type());
    s.setString(index + 1, error == null ? null : truncate(error.reason()));
    s.setString(index + 2, error == null ? null : error.provider());
  }

  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }
}
