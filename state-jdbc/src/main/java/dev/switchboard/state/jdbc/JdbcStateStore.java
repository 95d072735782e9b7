package dev.switchboard.state.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.state.jdbc.internal.Dialect;
import dev.switchboard.state.jdbc.internal.Housekeeping;
import dev.switchboard.state.jdbc.internal.JdbcKeyLedger;
import dev.switchboard.state.jdbc.internal.JdbcRateState;
import dev.switchboard.state.jdbc.internal.JdbcReplayGuard;
import dev.switchboard.state.jdbc.internal.Schema;
import dev.switchboard.webhooks.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A {@link StateStore} in a relational database: H2 in an embedded file for a single node, or
 * PostgreSQL 14+ for a fleet of application instances. The key ledger, the replay guards and the
 * rate state live in tables prefixed {@code switchboard_}, which the store creates and upgrades
 * with Flyway on {@link Builder#build()} (history table {@code switchboard_schema_history}).
 *
 * <pre>{@code
 * // One node, durable across restarts:
 * StateStore store = JdbcStateStore.builder().url("jdbc:h2:file:./var/switchboard").build();
 *
 * // A fleet, on the application's own pool (which the store never closes):
 * StateStore shared = JdbcStateStore.builder()
 *     .dataSource(applicationDataSource)
 *     .ledgerRetention(Duration.ofDays(14))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: the system clock in UTC, a ledger and a replay retention of 7 days, and, for a store
 * that opens its own HikariCP pool from a URL, 10 connections and a connection timeout of 5
 * seconds. Every timestamp comes from the store's clock, never from the database's, so instances
 * that share a database must keep their clocks in step (seconds of skew matter little against
 * retentions of days). A first ledger claim and a settle are one statement each.
 *
 * <p>Every failure to reach or use the database is a {@link StateStoreException} that names no URL
 * credentials and no password. {@link #name()} is {@code jdbc}; {@code switchboard.state.store=
 * jdbc} builds one from configuration through {@link JdbcStateStoreFactory}. Thread-safe.
 */
public final class JdbcStateStore implements StateStore {
  /** The retention of ledger records and of completed replay ids unless set: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The size of the pool a store opens from a URL unless set. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /**
   * How long a call waits for a connection from the store's own pool unless set: 5 seconds. While
   * the database is down every call waits this long before it fails, so keep it short: a payment
   * should fail closed quickly rather than hang.
   */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private final Dialect dialect;
  private final HikariDataSource ownPool;
  private final Database database;
  private final Clock clock;
  private final Duration replayRetention;
  private final Housekeeping housekeeping;
  private final JdbcKeyLedger ledger;
  private final JdbcRateState rates;
  private final Map<String, ReplayGuard> guards = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcStateStore(Builder builder, HikariDataSource ownPool, Database database) {
    this.ownPool = ownPool;
    this.database = database;
    this.clock = builder.clock;
    this.replayRetention = builder.replayRetention;
    this.dialect =
        database.call(
            "open",
            connection -> {
              String product = connection.getMetaData().getDatabaseProductName();
              return Dialect.of(product).orElseThrow(() -> unsupported(product));
            });
    Schema.migrate(database);
    this.housekeeping = new Housekeeping(database, clock, builder.ledgerRetention);
    this.ledger =
        new JdbcKeyLedger(database, dialect, clock, builder.ledgerRetention, housekeeping);
    this.rates = new JdbcRateState(database, dialect, clock);
  }

  private static StateStoreException unsupported(String product) {
    return new StateStoreException(
        Database.STORE,
        "open",
        "the database is " + product + "; state-jdbc supports H2 and PostgreSQL",
        null);
  }

  /** A builder with the defaults: set a {@link Builder#dataSource} or a {@link Builder#url}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether {@code url} names a database this store supports: {@code jdbc:h2:} or {@code
   * jdbc:postgresql:}.
   */
  public static boolean supports(String url) {
    return url != null && (url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"));
  }

  @Override
  public String name() {
    return Database.STORE;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public KeyLedger ledger() {
    return ledger;
  }

  @Override
  public ReplayGuard replayGuard(String namespace) {
    InvalidRequestException.requireName("namespace", namespace);
    Duration lease = REPLAY_LEASE.compareTo(replayRetention) < 0 ? REPLAY_LEASE : replayRetention;
    return guards.computeIfAbsent(
        namespace,
        n ->
            new JdbcReplayGuard(database, dialect, n, clock, replayRetention, lease, housekeeping));
  }

  @Override
  public RateState rates() {
    return rates;
  }

  /** Stops the background purge, and closes the pool if the store opened it; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    housekeeping.close();
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcStateStore{"
        + dialect
        + (ownPool == null ? ", application's DataSource" : ", own pool")
        + "}";
  }

  /**
   * Builds a {@link JdbcStateStore}. Give it either the application's {@link DataSource} or a JDBC
   * URL, never both.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String username;
    private Secret password;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private Duration ledgerRetention = DEFAULT_RETENTION;
    private Duration replayRetention = DEFAULT_RETENTION;

    private Builder() {}

    /**
     * The application's own pool. The store borrows connections from it and never closes it, and
     * commits its work itself when the pool hands out connections with auto-commit off.
     */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource == null");
      this.dataSource = dataSource;
      return this;
    }

    /**
     * A JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}: the store opens a HikariCP
     * pool of its own on it, and closes it on {@link JdbcStateStore#close()}. The URL is never
     * shown in messages, since it may hold credentials.
     */
    public Builder url(String url) {
      if (!supports(url)) {
        throw InvalidRequestException.invalidField(
            "url", "url must start with jdbc:h2: or jdbc:postgresql:");
      }
      this.url = url;
      return this;
    }

    /** The user for {@link #url}; none by default. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** The password for {@link #url}, read again whenever the pool opens a connection. */
    public Builder password(Secret password) {
      this.password = password;
      return this;
    }

    /** How many connections the pool opened for {@link #url} holds at most; default 10. */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw InvalidRequestException.invalidField(
            "poolSize", "poolSize must be at least 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * How long a call waits for a connection from the pool opened for {@link #url}; default 5
     * seconds, at least 250 ms (HikariCP's floor).
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      Objects.requireNonNull(connectionTimeout, "connectionTimeout == null");
      if (connectionTimeout.toMillis() < 250) {
        throw InvalidRequestException.invalidField(
            "connectionTimeout", "connectionTimeout must be at least 250 ms: " + connectionTimeout);
      }
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Where every timestamp and rate budget reads the time; the system clock by default. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock == null");
      this.clock = clock;
      return this;
    }

    /** How long a ledger record is kept after its last change; default 7 days. */
    public Builder ledgerRetention(Duration ledgerRetention) {
      this.ledgerRetention =
          InvalidRequestException.requirePositive("ledgerRetention", ledgerRetention);
      return this;
    }

    /**
     * How long a completed replay id is remembered; default 7 days. An open claim holds for {@link
     * StateStore#REPLAY_LEASE}, or this retention if shorter.
     */
    public Builder replayRetention(Duration replayRetention) {
      this.replayRetention =
          InvalidRequestException.requirePositive("replayRetention", replayRetention);
      return this;
    }

    /**
     * Connects, checks the database is H2 or PostgreSQL, and brings the schema up to date.
     *
     * @throws InvalidRequestException if neither or both of a DataSource and a URL were given
     * @throws StateStoreException if the database cannot be reached or migrated
     */
    public JdbcStateStore build() {
      return Database.open(
          dataSource,
          url,
          "switchboard-state",
          username,
          password,
          config -> {
            config.setMaximumPoolSize(poolSize);
            config.setConnectionTimeout(connectionTimeout.toMillis());
          },
          (pool, database) -> new JdbcStateStore(this, pool, database));
    }
  }
}
