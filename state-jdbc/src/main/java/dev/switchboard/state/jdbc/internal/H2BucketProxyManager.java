package dev.switchboard.state.jdbc.internal;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
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
 * Bucket4j's token buckets in H2, for which Bucket4j ships no module, on its compare-and-swap
 * protocol: read the bucket's state, let Bucket4j compute the next one, and write it only if the
 * row still holds what was read ({@code UPDATE ... WHERE state = <what was read>}), else read
 * again. A new bucket is an {@code INSERT}, which the primary key lets only one caller make.
 */
final class H2BucketProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {
  private static final String READ = "SELECT state FROM " + Dialect.BUCKET_TABLE + " WHERE id = ?";
  private static final String INSERT =
      "INSERT INTO " + Dialect.BUCKET_TABLE + " (id, state) VALUES (?, ?)";
  private static final String SWAP =
      "UPDATE " + Dialect.BUCKET_TABLE + " SET state = ? WHERE id = ? AND state = ?";
  private static final String FILL =
      "UPDATE " + Dialect.BUCKET_TABLE + " SET state = ? WHERE id = ? AND state IS NULL";
  private static final String DELETE = "DELETE FROM " + Dialect.BUCKET_TABLE + " WHERE id = ?";

  /**
   * Callers of one bucket in this JVM, one at a time, so that they do not make each other retry.
   */
  private final ReentrantLock[] stripes = new ReentrantLock[64];

  private final DataSource dataSource;

  H2BucketProxyManager(DataSource dataSource, TimeMeter time) {
    super(ClientSideConfig.getDefault().withClientClock(time));
    this.dataSource = dataSource;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

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
  protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
    return new CompareAndSwapOperation() {
      @Override
      public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
        return autoCommitted(
            connection -> {
              try (PreparedStatement read = connection.prepareStatement(READ)) {
                read.setString(1, key);
                try (ResultSet rows = read.executeQuery()) {
                  return rows.next() ? Optional.ofNullable(rows.getBytes(1)) : Optional.empty();
                }
              }
            });
      }

      @Override
      public boolean compareAndSwap(
          byte[] originalData,
          byte[] newData,
          RemoteBucketState newState,
          Optional<Long> timeoutNanos) {
        return autoCommitted(
            connection -> {
              if (originalData != null) {
                return update(connection, SWAP, key, newData, originalData);
              }
              try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, key);
                insert.setBytes(2, newData);
                return insert.executeUpdate() == 1;
              } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                  throw e;
                }
                // A row is there: another caller's bucket, or an empty row an earlier version
                // left.
                return update(connection, FILL, key, newData, null);
              }
            });
      }
    };
  }

  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs one statement's work on a pooled connection in auto-commit, so that each read sees what
   * was committed and each swap is committed at once, whatever the pool's default (an application's
   * pool may leave auto-commit off); the connection goes back as it came.
   */
  private <T> T autoCommitted(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (!autoCommit) {
        connection.setAutoCommit(true);
      }
      try {
        return work.run(connection);
      } finally {
        if (!autoCommit) {
          connection.setAutoCommit(false);
        }
      }
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
  }

  private static boolean update(
      Connection connection, String sql, String key, byte[] newData, byte[] expected)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setBytes(1, newData);
      update.setString(2, key);
      if (expected != null) {
        update.setBytes(3, expected);
      }
      return update.executeUpdate() == 1;
    }
  }

  @Override
  protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
    throw new UnsupportedOperationException("H2 buckets are used synchronously only");
  }

  @Override
  public boolean isAsyncModeSupported() {
    return false;
  }

  @Override
  public void removeProxy(String key) {
    autoCommitted(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, key);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  protected java.util.concurrent.CompletableFuture<Void> removeAsync(String key) {
    throw new UnsupportedOperationException("H2 buckets are used synchronously only");
  }
}
