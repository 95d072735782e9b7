package dev.switchboard.state.jdbc.internal;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.distributed.remote.Request;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Bucket4j's token buckets in H2, for which Bucket4j ships no module: its generic select-for-update
 * protocol (lock the bucket's row, let Bucket4j compute the new state, write it, commit) over H2's
 * row locks. A bucket's first use inserts an empty row, which Bucket4j then fills in a second
 * transaction.
 */
final class H2BucketProxyManager extends AbstractSelectForUpdateBasedProxyManager<String> {
  private static final String SELECT =
      "SELECT state FROM " + Dialect.BUCKET_TABLE + " WHERE id = ? FOR UPDATE";
  private static final String INSERT_EMPTY =
      "MERGE INTO "
          + Dialect.BUCKET_TABLE
          + " b USING (VALUES (CAST(? AS VARCHAR(400)))) s(id) ON b.id = s.id"
          + " WHEN NOT MATCHED THEN INSERT (id, state) VALUES (s.id, NULL)";
  private static final String UPDATE =
      "UPDATE " + Dialect.BUCKET_TABLE + " SET state = ? WHERE id = ?";
  private static final String DELETE = "DELETE FROM " + Dialect.BUCKET_TABLE + " WHERE id = ?";

  /** Callers of one bucket in this JVM, one at a time ({@link #execute}). */
  private final ReentrantLock[] stripes = new ReentrantLock[64];

  private final DataSource dataSource;

  H2BucketProxyManager(DataSource dataSource, TimeMeter time) {
    super(ClientSideConfig.getDefault().withClientClock(time));
    this.dataSource = dataSource;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Runs one command on the bucket with the bucket's stripe of this JVM held. H2's row locks alone,
   * even with the row read again once locked ({@link Transaction#tryLockAndGet}), still let two
   * callers of a new bucket both read it empty and both fill it now and then, granting more tokens
   * than its limit ({@code H2BudgetRaceTest}: 11 of 10 in 2 of 6 runs); callers that take turns
   * here start each transaction after the previous one committed (0 in 8 runs). Another process
   * sharing the H2 database (server mode) is still ordered by the row lock alone.
   */
  @Override
  public <T> CommandResult<T> execute(String key, Request<T> request) {
    ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
    stripe.lock();
    try {
      return super.execute(key, request);
    } finally {
      stripe.unlock();
    }
  }

  @Override
  protected SelectForUpdateBasedTransaction allocateTransaction(
      String key, Optional<Long> timeoutNanos) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
    return new Transaction(connection, key);
  }

  @Override
  public void removeProxy(String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setString(1, key);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
  }

  private static final class Transaction implements SelectForUpdateBasedTransaction {
    private final Connection connection;
    private final String key;

    Transaction(Connection connection, String key) {
      this.connection = connection;
      this.key = key;
    }

    @Override
    public void begin(Optional<Long> timeoutNanos) {
      run(() -> connection.setAutoCommit(false));
    }

    /**
     * Locks the bucket's row, then reads it again. H2 answers a {@code SELECT ... FOR UPDATE} that
     * waited for the lock with the row as it was when the statement began: a caller queued behind
     * the one that filled a new bucket would read it empty, start the bucket over and hand out more
     * tokens than its limit ({@code H2BudgetRaceTest}). A second statement, with the lock held,
     * reads what the last holder committed.
     */
    @Override
    public LockAndGetResult tryLockAndGet(Optional<Long> timeoutNanos) {
      try (PreparedStatement lock = connection.prepareStatement(SELECT)) {
        lock.setString(1, key);
        try (ResultSet rows = lock.executeQuery()) {
          if (!rows.next()) {
            return LockAndGetResult.notLocked();
          }
        }
        try (ResultSet rows = lock.executeQuery()) {
          return rows.next()
              ? LockAndGetResult.locked(rows.getBytes(1))
              : LockAndGetResult.notLocked();
        }
      } catch (SQLException e) {
        throw new BucketExceptions.BucketExecutionException(e);
      }
    }

    @Override
    public boolean tryInsertEmptyData(Optional<Long> timeoutNanos) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_EMPTY)) {
        insert.setString(1, key);
        return insert.executeUpdate() > 0;
      } catch (SQLException e) {
        // Another caller inserted the bucket first: Bucket4j retries in a new transaction.
        if ("23505".equals(e.getSQLState())) {
          return false;
        }
        throw new BucketExceptions.BucketExecutionException(e);
      }
    }

    @Override
    public void update(byte[] data, RemoteBucketState state, Optional<Long> timeoutNanos) {
      try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
        update.setBytes(1, data);
        update.setString(2, key);
        update.executeUpdate();
      } catch (SQLException e) {
        throw new BucketExceptions.BucketExecutionException(e);
      }
    }

    @Override
    public void commit(Optional<Long> timeoutNanos) {
      run(connection::commit);
    }

    @Override
    public void rollback() {
      run(connection::rollback);
    }

    @Override
    public void release() {
      try (connection) {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        throw new BucketExceptions.BucketExecutionException(e);
      }
    }

    private interface SqlAction {
      void run() throws SQLException;
    }

    private static void run(SqlAction action) {
      try {
        action.run();
      } catch (SQLException e) {
        throw new BucketExceptions.BucketExecutionException(e);
      }
    }
  }
}
