package dev.switchboard.deferred.jdbc.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a call's row and its db-scheduler execution together, in one transaction: its own, or the
 * application's when it enqueues on its own connection (the outbox). A key enqueued before answers
 * with its first call when the request is the same, and is refused otherwise.
 */
public final class Enqueuer {
  private static final String UNIQUE_VIOLATION = "23505";

  private final CallStore store;
  private final CustomTask<Void> task;
  private final JdbcCustomization jdbc;
  private final String taskTable;

  public Enqueuer(
      CallStore store, CustomTask<Void> task, JdbcCustomization jdbc, String taskTable) {
    this.store = store;
    this.task = task;
    this.jdbc = jdbc;
    this.taskTable = taskTable;
  }

  /**
   * Stores {@code row} with its execution, on {@code external} (the caller's connection, whose
   * transaction it joins when auto-commit is off) or on a connection of the queue's own.
   *
   * @return the stored call: {@code row}, or the earlier call of the same key and request
   */
  public CallRow enqueue(Connection external, CallRow row) {
    if (external == null) {
      return store.database().call("enqueue a deferred call", c -> inOwnTransaction(c, row));
    }
    try {
      return external.getAutoCommit() ? inOwnTransaction(external, row) : write(external, row);
    } catch (SQLException | RuntimeException e) {
      throw store.database().failure("enqueue a deferred call", e);
    }
  }

  /**
   * Makes DEAD call {@code id} due again at {@code now} with a new deadline, with its execution, in
   * one transaction.
   *
   * @return whether the call was DEAD and so revived
   */
  public boolean revive(String id, Instant now, Instant deadline) {
    return store
        .database()
        .transaction(
            "retry a deferred call",
            c -> {
              boolean done =
                  store.revive(
                      c, id, now, deadline, now + " retry requested; deadline " + deadline + "\n");
              if (done) {
                client(c).schedule(task.instance(Workers.instanceOf(id)), now);
              }
              return done;
            });
  }

  /**
   * Writes the call in a transaction of its own on {@code c}, then gives {@code c} back in the
   * auto-commit mode it had: the row and its execution are never written one without the other.
   */
  private CallRow inOwnTransaction(Connection c, CallRow row) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      CallRow stored = write(c, row);
      c.commit();
      return stored;
    } catch (SQLException e) {
      c.rollback();
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      // Another enqueue of the same key committed first: answer with its call.
      CallRow first = store.findByKey(c, row.kind(), row.idempotencyKey()).orElseThrow(() -> e);
      c.commit();
      return sameOrRefused(first, row);
    } catch (RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * The call's row and its db-scheduler execution, on one connection and so one transaction; or,
   * when the key was enqueued before, that call.
   */
  private CallRow write(Connection c, CallRow row) throws SQLException {
    Optional<CallRow> earlier = store.findByKey(c, row.kind(), row.idempotencyKey());
    if (earlier.isPresent()) {
      return sameOrRefused(earlier.get(), row);
    }
    store.insert(c, row);
    client(c).schedule(task.instance(Workers.instanceOf(row.id())), row.nextAttemptAt());
    return row;
  }

  /** The earlier call of a key, if the request is the same; a reused key is refused. */
  private static CallRow sameOrRefused(CallRow earlier, CallRow repeat) {
    if (!sameRequest(earlier, repeat)) {
      throw new ConflictException(
          "the idempotency key "
              + repeat.idempotencyKey()
              + " was enqueued before for a different request (call "
              + earlier.id()
              + ")",
          ErrorContext.builder()
              .operation("deferred")
              .idempotencyKey(IdempotencyKey.of(repeat.idempotencyKey()))
              .build());
    }
    return earlier;
  }

  private static boolean sameRequest(CallRow a, CallRow b) {
    return switch (a.kind()) {
      case CHARGE -> Codec.charge(a.requestJson()).equals(Codec.charge(b.requestJson()));
      case EMAIL -> Codec.email(a.requestJson()).equals(Codec.email(b.requestJson()));
      case PUT -> a.requestJson().equals(b.requestJson());
    };
  }

  private SchedulerClient client(Connection c) {
    return Workers.clientOn(c, task, taskTable, jdbc);
  }
}
