package dev.switchboard.state.jdbc.internal;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired ledger records and replay ids, at most once an hour by the store's clock, on a
 * thread of its own so that no caller waits for it. A read never trusts an expired row anyway
 * (every query checks the expiry), so a late or failed purge only lets the tables grow.
 */
public final class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration INTERVAL = Duration.ofHours(1);

  private static final String PURGE_LEDGER = "DELETE FROM switchboard_ledger WHERE updated_at <= ?";
  private static final String PURGE_REPLAY = "DELETE FROM switchboard_replay WHERE expires_at <= ?";

  private final Database database;
  private final Clock clock;
  private final Duration ledgerRetention;
  private final AtomicReference<Instant> next;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "switchboard-state-jdbc-purge");
            thread.setDaemon(true);
            return thread;
          });

  public Housekeeping(Database database, Clock clock, Duration ledgerRetention) {
    this.database = database;
    this.clock = clock;
    this.ledgerRetention = ledgerRetention;
    this.next = new AtomicReference<>(clock.instant());
  }

  /** Starts a purge in the background when one is due. */
  public void due() {
    Instant now = clock.instant();
    Instant due = next.get();
    if (now.isBefore(due) || !next.compareAndSet(due, now.plus(INTERVAL))) {
      return;
    }
    try {
      worker.execute(() -> purge(now));
    } catch (RejectedExecutionException closed) {
      // The store is closing: its next start purges instead.
    }
  }

  private void purge(Instant now) {
    try {
      database.call(
          "purge",
          connection -> {
            try (PreparedStatement ledger = connection.prepareStatement(PURGE_LEDGER);
                PreparedStatement replay = connection.prepareStatement(PURGE_REPLAY)) {
              Database.setInstant(ledger, 1, Database.stored(now).minus(ledgerRetention));
              Database.setInstant(replay, 1, Database.stored(now));
              return ledger.executeUpdate() + replay.executeUpdate();
            }
          });
    } catch (RuntimeException e) {
      log.warn("Could not delete expired state records: {}", e.getMessage());
    }
  }

  /** Waits for a purge under way, so that it does not outlive the store's connections. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
