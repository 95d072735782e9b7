package dev.switchboard.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource a test can break: while broken, every request for a connection fails as a refused
 * connection would ({@code SQLState 08001}), as when the database is down or the process using it
 * has died. Connections handed out before stay as they are.
 *
 * <pre>{@code
 * BreakableDataSource database = new BreakableDataSource(h2);
 * database.breakNow();     // the store is down: expect a 503, a fail-closed refusal, ...
 * database.repair();
 * }</pre>
 */
public final class BreakableDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicBoolean broken = new AtomicBoolean();

  /** Wraps {@code delegate}, working until {@link #breakNow()}. */
  public BreakableDataSource(DataSource delegate) {
    if (delegate == null) {
      throw new NullPointerException("delegate == null");
    }
    this.delegate = delegate;
  }

  /** From now on, every connection is refused. */
  public void breakNow() {
    broken.set(true);
  }

  /** From now on, connections are handed out again. */
  public void repair() {
    broken.set(false);
  }

  /** Whether connections are refused now. */
  public boolean isBroken() {
    return broken.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (broken.get()) {
      throw new SQLException("connection refused (broken by the test)", "08001");
    }
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
