package dev.switchboard.webhooks.inbox.internal;

import static dev.switchboard.state.jdbc.internal.Database.getInstant;
import static dev.switchboard.state.jdbc.internal.Database.setInstant;

import dev.switchboard.deferred.jdbc.internal.JobTable;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.inbox.InboxEvent;
import dev.switchboard.webhooks.inbox.InboxState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL on {@code switchboard_webhook_event}. Every change of state is one conditional {@code
 * UPDATE}, so two workers (or a worker and a replay) racing on one event cannot both win.
 */
public final class EventStore {
  /** A stored event and the inbox's id for it (its db-scheduler task instance). */
  public record Row(String id, InboxEvent event) {}

  private static final String OPEN = "('QUEUED', 'WAITING', 'RUNNING')";
  private static final int MAX_ERROR = 2000;

  private static final String ENDED = "('HANDLED', 'UNHANDLED', 'DEAD')";

  private final Database database;
  private final JobTable table;

  public EventStore(Database database) {
    this.database = database;
    this.table = new JobTable(database, "switchboard_webhook_event", "webhook events");
  }

  public Database database() {
    return database;
  }

  /** Writes a new QUEUED event on {@code c}, in whatever transaction it is in. */
  public void insert(Connection c, String id, WebhookEvent e, Instant now, Instant deadline)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO switchboard_webhook_event (id, provider, event_id, type, vendor_type,"
                + " occurred_at, subject_id, raw_json, state, attempts, received_at, updated_at,"
                + " deadline_at, next_attempt_at, history)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, e.provider());
      s.setString(3, e.id());
      s.setString(4, e.type());
      s.setString(5, e.vendorType());
      setInstant(s, 6, e.occurredAt());
      s.setString(7, e.subjectId());
      s.setString(8, e.rawJson());
      setInstant(s, 9, now);
      setInstant(s, 10, now);
      setInstant(s, 11, deadline);
      setInstant(s, 12, now);
      s.setString(13, now + " received\n");
      s.executeUpdate();
    }
  }

  public Optional<Row> load(String id) {
    return database.call(
        "read a webhook event",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT * FROM switchboard_webhook_event WHERE id = ?")) {
            s.setString(1, id);
            return one(s);
          }
        });
  }

  public Optional<Row> find(String provider, String eventId) {
    return database.call("read a webhook event", c -> find(c, provider, eventId));
  }

  /** The event {@code eventId} of {@code provider}, read on {@code c}. */
  public Optional<Row> find(Connection c, String provider, String eventId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT * FROM switchboard_webhook_event WHERE provider = ? AND event_id = ?")) {
      s.setString(1, provider);
      s.setString(2, eventId);
      return one(s);
    }
  }

  /** Every stored event with this vendor id, of any provider. */
  public List<Row> findAll(String eventId) {
    return database.call(
        "read a webhook event",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT * FROM switchboard_webhook_event WHERE event_id = ?")) {
            s.setString(1, eventId);
            List<Row> out = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                out.add(row(rows));
              }
            }
            return out;
          }
        });
  }

  public List<Row> list(InboxState state, int offset, int limit) {
    return table.page(state.name(), "received_at", offset, limit, EventStore::row);
  }

  /**
   * Whether an event about the same subject that occurred earlier (or at the same time and was
   * received earlier) is still open: ordered handling waits for it.
   */
  public boolean earlierOpen(Row row) {
    WebhookEvent e = row.event().event();
    return database.call(
        "order webhook events",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT 1 FROM switchboard_webhook_event WHERE provider = ? AND subject_id = ?"
                      + " AND id <> ? AND state IN "
                      + OPEN
                      + " AND (occurred_at < ? OR (occurred_at = ? AND (received_at < ?"
                      + " OR (received_at = ? AND id < ?)))) FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, e.provider());
            s.setString(2, e.subjectId());
            s.setString(3, row.id());
            setInstant(s, 4, e.occurredAt());
            setInstant(s, 5, e.occurredAt());
            setInstant(s, 6, row.event().receivedAt());
            setInstant(s, 7, row.event().receivedAt());
            s.setString(8, row.id());
            try (ResultSet rows = s.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** Starts an attempt: the event is RUNNING unless its handling has ended. */
  public boolean markRunning(String id, Instant now, String line) {
    return table.update(
        "start a webhook handler",
        "UPDATE switchboard_webhook_event SET state = 'RUNNING', attempts = attempts + 1,"
            + " next_attempt_at = NULL, updated_at = ?, history = history || ?"
            + " WHERE id = ? AND state IN "
            + OPEN,
        now,
        line,
        id);
  }

  /** Ends a running attempt in {@code state} (HANDLED, UNHANDLED or DEAD). */
  public boolean markEnded(String id, InboxState state, Instant now, String error, String line) {
    return database.call(
        "record a webhook handler's end",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE switchboard_webhook_event SET state = ?, updated_at = ?,"
                      + " last_error = COALESCE(?, last_error), history = history || ?"
                      + " WHERE id = ? AND state = 'RUNNING'")) {
            s.setString(1, state.name());
            setInstant(s, 2, now);
            s.setString(3, truncate(error));
            s.setString(4, line);
            s.setString(5, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** The running attempt failed: run again at {@code next}. */
  public boolean markWaiting(String id, Instant now, Instant next, String error, String line) {
    return database.call(
        "record a webhook handler's failure",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE switchboard_webhook_event SET state = 'WAITING', next_attempt_at = ?,"
                      + " updated_at = ?, last_error = ?, history = history || ?"
                      + " WHERE id = ? AND state = 'RUNNING'")) {
            setInstant(s, 1, next);
            setInstant(s, 2, now);
            s.setString(3, truncate(error));
            s.setString(4, line);
            s.setString(5, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Ordered handling waits for an earlier event: back to QUEUED, due at {@code next}. */
  public void postpone(String id, Instant now, Instant next) {
    database.call(
        "postpone a webhook event",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE switchboard_webhook_event SET next_attempt_at = ?, updated_at = ?"
                      + " WHERE id = ? AND state IN ('QUEUED', 'WAITING')")) {
            setInstant(s, 1, next);
            setInstant(s, 2, now);
            s.setString(3, id);
            return s.executeUpdate();
          }
        });
  }

  /**
   * Makes an ended event due again at {@code now} with a new deadline, on {@code c}.
   *
   * @return whether it had ended and so was revived
   */
  public boolean revive(Connection c, String id, Instant now, Instant deadline, String line)
      throws SQLException {
    return table.revive(c, ENDED, "", id, now, deadline, line);
  }

  /** Deletes events whose handling ended before {@code endedBefore}. */
  public int purge(Instant endedBefore) {
    return table.purge(ENDED, endedBefore);
  }

  /** How many events are in each state. */
  public Map<InboxState, Long> depth() {
    return table.depth(InboxState.class);
  }

  private static Optional<Row> one(PreparedStatement s) throws SQLException {
    try (ResultSet rows = s.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    }
  }

  private static Row row(ResultSet rows) throws SQLException {
    WebhookEvent event =
        new WebhookEvent(
            rows.getString("event_id"),
            rows.getString("provider"),
            rows.getString("type"),
            rows.getString("vendor_type"),
            getInstant(rows, "occurred_at"),
            rows.getString("subject_id"),
            rows.getString("raw_json"));
    return new Row(
        rows.getString("id"),
        new InboxEvent(
            event,
            InboxState.valueOf(rows.getString("state")),
            rows.getInt("attempts"),
            getInstant(rows, "received_at"),
            getInstant(rows, "deadline_at"),
            getInstant(rows, "next_attempt_at"),
            rows.getString("last_error"),
            rows.getString("history")));
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
  }
}
