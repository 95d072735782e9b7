package dev.switchboard.webhooks.inbox.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.switchboard.deferred.jdbc.internal.Workers;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.inbox.InboxState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores a delivery's events with their db-scheduler executions, all in one transaction: either
 * every event of a batch is kept and will be handled, or none is and the vendor is asked to deliver
 * again. An event stored before is not stored twice; one whose handler ended {@code DEAD} is made
 * due again, since its vendor is delivering it anew.
 */
public final class Intake {
  private static final String UNIQUE_VIOLATION = "23505";

  /** The vendor's ids of the events a delivery stored, and of those stored before. */
  public record Result(List<String> stored, List<String> duplicates) {}

  private final EventStore store;
  private final CustomTask<Void> task;
  private final JdbcCustomization jdbc;
  private final String taskTable;

  public Intake(EventStore store, CustomTask<Void> task, JdbcCustomization jdbc, String taskTable) {
    this.store = store;
    this.task = task;
    this.jdbc = jdbc;
    this.taskTable = taskTable;
  }

  /**
   * Stores {@code events}, due at {@code now}; a new one's handling ends at {@code deadline}.
   *
   * @throws dev.switchboard.state.StateStoreException when the database fails; nothing is kept
   */
  public Result store(List<WebhookEvent> events, Instant now, Instant deadline) {
    return store
        .database()
        .call(
            "store webhook events",
            c -> {
              boolean auto = c.getAutoCommit();
              c.setAutoCommit(false);
              try {
                // Two instances storing one event at once: the loser's insert fails on the unique
                // key; its second round finds the winner's row.
                for (int round = 0; ; round++) {
                  try {
                    Result result = write(c, events, now, deadline);
                    c.commit();
                    return result;
                  } catch (SQLException e) {
                    c.rollback();
                    if (round > 0 || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                      throw e;
                    }
                  }
                }
              } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
              } finally {
                c.setAutoCommit(auto);
              }
            });
  }

  private Result write(Connection c, List<WebhookEvent> events, Instant now, Instant deadline)
      throws SQLException {
    List<String> stored = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    for (WebhookEvent event : events) {
      Optional<EventStore.Row> earlier = store.find(c, event.provider(), event.id());
      if (earlier.isEmpty()) {
        String id = UUID.randomUUID().toString();
        store.insert(c, id, event, now, deadline);
        client(c).schedule(task.instance(Workers.instanceOf(id)), now);
        stored.add(event.id());
      } else if (earlier.get().event().state() == InboxState.DEAD
          && store.revive(
              c, earlier.get().id(), now, deadline, now + " delivered again; handling again\n")) {
        client(c).schedule(task.instance(Workers.instanceOf(earlier.get().id())), now);
        stored.add(event.id());
      } else {
        duplicates.add(event.id());
      }
    }
    return new Result(stored, duplicates);
  }

  /**
   * Makes an ended event due again at {@code now} with a new deadline, with its execution, in one
   * transaction.
   *
   * @return whether it had ended and so was revived
   */
  public boolean revive(String id, Instant now, Instant deadline, String line) {
    return store
        .database()
        .transaction(
            "replay a webhook event",
            c -> {
              boolean done = store.revive(c, id, now, deadline, line);
              if (done) {
                client(c).schedule(task.instance(Workers.instanceOf(id)), now);
              }
              return done;
            });
  }

  private SchedulerClient client(Connection c) {
    return Workers.clientOn(c, task, taskTable, jdbc);
  }
}
