package dev.switchboard.state.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts the round trips made through a {@link DataSource} on the thread that last called {@link
 * #reset()}: each statement executed, commit and rollback. Work on other threads (the store's
 * background purge) is not counted.
 */
final class CountingDataSource implements DataSource {
  private static final Set<String> ROUND_TRIPS =
      Set.of(
          "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "commit", "rollback");

  private final DataSource delegate;
  private final AtomicInteger roundTrips = new AtomicInteger();
  private volatile Thread counted;

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  int roundTrips() {
    return roundTrips.get();
  }

  void reset() {
    counted = Thread.currentThread();
    roundTrips.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(Connection.class, delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counting(Connection.class, delegate.getConnection(username, password));
  }

  private <T> T counting(Class<T> type, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (ROUND_TRIPS.contains(method.getName()) && Thread.currentThread() == counted) {
            roundTrips.incrementAndGet();
          }
          Object result = invoke(method, target, args);
          if (result instanceof PreparedStatement statement) {
            return counting(PreparedStatement.class, statement);
          }
          if (result instanceof Statement statement) {
            return counting(Statement.class, statement);
          }
          return result;
        };
    return type.cast(
        Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
