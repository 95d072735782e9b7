package dev.switchboard.state.jdbc;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.Secret;
import dev.switchboard.config.StateStoreContext;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds a {@link JdbcStateStore} from {@code switchboard.state.jdbc.*} when {@code
 * switchboard.state.store=jdbc}; found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * switchboard.state.store=jdbc
 * switchboard.state.jdbc.url=jdbc:postgresql://db.internal:5432/app
 * switchboard.state.jdbc.username=app
 * switchboard.state.jdbc.password=${env:SWITCHBOARD_DB_PASSWORD}
 * switchboard.state.jdbc.pool-size=10
 * switchboard.state.jdbc.connection-timeout=5s
 * }</pre>
 *
 * <p>{@code url} is required and must start with {@code jdbc:h2:} or {@code jdbc:postgresql:};
 * {@code username} and {@code password} (a secret reference) are optional; {@code pool-size}
 * defaults to 10 and {@code connection-timeout} (how long a call waits for a connection, so how
 * long it takes to fail while the database is down) to 5 seconds. The retentions come from {@code
 * switchboard.state.ledger.retention} and {@code switchboard.state.replay.retention}, the clock
 * from the configuration.
 */
public final class JdbcStateStoreFactory implements StateStoreFactory {
  /** For {@link java.util.ServiceLoader}. */
  public JdbcStateStoreFactory() {}

  @Override
  public String name() {
    return "jdbc";
  }

  /** {@code url}: {@code jdbc:h2:...} or {@code jdbc:postgresql:...}. */
  public static final ConfigKey<String> URL =
      ConfigKey.string(
              "url", null, "jdbc:h2:file:./var/switchboard or jdbc:postgresql://db:5432/app")
          .required();

  /** {@code pool-size}: the pool Switchboard opens. */
  public static final ConfigKey<Integer> POOL_SIZE =
      ConfigKey.integer("pool-size", JdbcStateStore.DEFAULT_POOL_SIZE, "the pool's connections");

  /** {@code connection-timeout}: how long a call waits for a connection. */
  public static final ConfigKey<Duration> CONNECTION_TIMEOUT =
      ConfigKey.duration(
          "connection-timeout",
          JdbcStateStore.DEFAULT_CONNECTION_TIMEOUT,
          "how long a call waits for a connection; at least 250ms");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        URL,
        ConfigKey.string("username", null, "the database user"),
        ConfigKey.secret("password", "the database password, a secret reference"),
        POOL_SIZE,
        CONNECTION_TIMEOUT);
  }

  @Override
  public StateStore create(StateStoreContext context) {
    String url = context.string(URL.name());
    Optional<String> username = context.optionalString("username");
    Optional<Secret> password = context.optionalSecret("password");
    int poolSize = context.get(POOL_SIZE);
    Duration connectionTimeout = context.get(CONNECTION_TIMEOUT);
    boolean usable = !url.isEmpty();
    if (usable && !JdbcStateStore.supports(url)) {
      // The URL itself is not quoted: it may hold a password.
      context.problem("url", "must start with jdbc:h2: or jdbc:postgresql:");
      usable = false;
    }
    if (poolSize < 1) {
      context.problem("pool-size", "must be at least 1, was " + poolSize);
      usable = false;
    }
    if (connectionTimeout.toMillis() < 250) {
      context.problem("connection-timeout", "must be at least 250ms, was " + connectionTimeout);
      usable = false;
    }
    if (!usable) {
      return null;
    }
    JdbcStateStore.Builder builder =
        JdbcStateStore.builder()
            .url(url)
            .poolSize(poolSize)
            .connectionTimeout(connectionTimeout)
            .clock(context.clock())
            .ledgerRetention(context.ledgerRetention())
            .replayRetention(context.replayRetention());
    username.ifPresent(builder::username);
    password.ifPresent(builder::password);
    return builder.build();
  }

  @Override
  public String toString() {
    return "JdbcStateStoreFactory";
  }
}
