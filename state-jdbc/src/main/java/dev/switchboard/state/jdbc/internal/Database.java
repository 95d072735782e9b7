package dev.switchboard.state.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.Secret;
import dev.switchboard.state.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The store's way to its database: one piece of work on one pooled connection, every driver failure
 * turned into a {@link StateStoreException} whose message holds no credentials.
 *
 * <p>Work runs in auto-commit, so a single statement is a single round trip. A connection that an
 * application's pool hands out with auto-commit off is committed after the work (and rolled back
 * after a failure) instead.
 */
public final class Database {
  /** The store's name in errors and events. */
  public static final String STORE = "jdbc";

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final Supplier<String> password;

  /** A piece of work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * @param dataSource where connections come from
   * @param password the password in use, read only to blot it out of failures; returns null when
   *     there is none
   */
  public Database(DataSource dataSource, Supplier<String> password) {
    this.dataSource = dataSource;
    this.password = password;
  }

  /**
   * Opens what a builder was given: the application's {@code dataSource}, which is never closed
   * here, or a HikariCP pool named {@code poolName} on {@code url}, which reads the password from
   * {@code password} for every new connection (so a rotated secret is picked up) and which {@code
   * create} owns; the pool is closed again if {@code create} fails. Exactly one of {@code
   * dataSource} and {@code url} must be set.
   *
   * @param tune sets the pool's size and timeouts
   * @param create builds the store or queue from the pool (null for the application's source) and
   *     its database
   * @throws InvalidRequestException if neither or both of a DataSource and a URL were given
   * @throws StateStoreException if the pool cannot be opened; the message holds no password
   */
  public static <T> T open(
      DataSource dataSource,
      String url,
      String poolName,
      String username,
      Secret password,
      Consumer<HikariConfig> tune,
      BiFunction<HikariDataSource, Database, T> create) {
    if ((dataSource == null) == (url == null)) {
      throw InvalidRequestException.invalidField(
          "dataSource", "set either a dataSource or a url, not both and not neither");
    }
    Supplier<String> passwordValue = () -> password == null ? null : password.value();
    if (dataSource != null) {
      return create.apply(null, new Database(dataSource, passwordValue));
    }
    HikariDataSource pool;
    try {
      HikariConfig config = new HikariConfig();
      config.setPoolName(poolName);
      config.setJdbcUrl(durable(url));
      config.setCredentialsProvider(() -> Credentials.of(username, passwordValue.get()));
      tune.accept(config);
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw failure("open", e, passwordValue.get());
    }
    try {
      return create.apply(pool, new Database(pool, passwordValue));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * {@code url} with H2's write delay turned off, unless it sets one: by default an H2 file
   * database flushes a commit up to 500 ms later, so a process killed just after a commit (a key
   * claimed in the ledger, a webhook acknowledged, a call enqueued) loses it. PostgreSQL and
   * in-memory H2 URLs are returned as they are.
   */
  public static String durable(String url) {
    boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    if (!h2File || url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
      return url;
    }
    return url + ";WRITE_DELAY=0";
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} on a connection of its own. */
  public <T> T call(String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean manual = !connection.getAutoCommit();
      try {
        T result = work.run(connection);
        if (manual) {
          connection.commit();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        if (manual) {
          rollbackQuietly(connection);
        }
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs {@code work} in one transaction on a connection of its own: committed when it returns,
   * rolled back when it throws, the connection's auto-commit given back as it was.
   */
  public <T> T transaction(String operation, Work<T> work) {
    return call(
        operation,
        c -> {
          boolean auto = c.getAutoCommit();
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(auto);
          }
        });
  }

  /**
   * The store's exception for a failure met while doing {@code operation}; Switchboard's own
   * exceptions (a {@link StateStoreException} already, or a refused argument) stand as they are.
   */
  public RuntimeException failure(String operation, Throwable e) {
    return failure(operation, e, password.get());
  }

  /** {@link #failure(String, Throwable)} before there is a database, with the password to hide. */
  public static RuntimeException failure(String operation, Throwable e, String password) {
    if (e instanceof SwitchboardException s) {
      return s;
    }
    return new StateStoreException(STORE, operation, Failures.reason(e, password), e);
  }

  /**
   * Whether {@code e} is a duplicate key: another writer inserted the row first. H2's {@code MERGE}
   * meets it when two writers insert one new key at once; the statement is then run again. A
   * connection outside auto-commit is rolled back, since PostgreSQL refuses further statements in a
   * transaction that failed.
   */
  static boolean lostInsertRace(Connection connection, SQLException e) throws SQLException {
    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return false;
    }
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
    return true;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The work's own failure is the one worth reporting.
    }
  }

  /**
   * {@code instant} as the database keeps it: both keep microseconds, so a record read back equals
   * the one written.
   */
  public static Instant stored(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** Binds {@code instant} (or SQL NULL) as a UTC timestamp, to the microsecond. */
  public static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setObject(index, null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC));
    }
  }

  /** Reads a timestamp column as an instant; null for SQL NULL. */
  public static Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime t = rows.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
