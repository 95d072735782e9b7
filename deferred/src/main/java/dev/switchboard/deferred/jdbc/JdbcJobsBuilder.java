package dev.switchboard.deferred.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.Secret;
import dev.switchboard.deferred.jdbc.internal.Workers;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.state.jdbc.internal.JdbcSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * What every Switchboard module that runs jobs from a database table shares: where the database is,
 * the clock and randomness, and how its db-scheduler workers run. {@link JdbcDeferredCalls.Builder}
 * and the webhook inbox's builder extend it, so both read the same way.
 *
 * <pre>{@code
 * JdbcDeferredCalls.builder()
 *     .url("jdbc:postgresql://db.internal:5432/app").username("app").password(dbPassword)
 *     .threads(8).pollingInterval(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: a pool of 10 connections on {@link #url}; the UTC system clock; a {@link
 * SecureRandom}; 4 worker threads polling every 5 seconds; a heartbeat every 10 seconds (an
 * execution silent for six is run again elsewhere); 10 seconds for running work at close; back-off
 * from 1 second; ended rows kept 7 days; workers on; a random instance name.
 *
 * @param <B> the concrete builder
 */
public abstract class JdbcJobsBuilder<B extends JdbcJobsBuilder<B>> {
  /** Worker threads unless set. */
  public static final int DEFAULT_THREADS = 4;

  /** How often idle workers look for due work unless set. */
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);

  /** How often running work proves its instance alive unless set. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

  /** The back-off's first ceiling unless set. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);

  /** How long an ended row is kept unless set. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The size of the pool opened on a URL unless set. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /**
   * The settings a module reads when it builds.
   *
   * @param clock where every deadline, back-off and due time reads the time
   * @param random the back-off's jitter
   * @param backoffBase the back-off's first ceiling
   * @param retention how long an ended row is kept
   * @param workers whether this instance runs work
   * @param workerSettings how the db-scheduler workers run
   */
  public record Settings(
      Clock clock,
      RandomGenerator random,
      Duration backoffBase,
      Duration retention,
      boolean workers,
      Workers.Settings workerSettings) {}

  private DataSource dataSource;
  private String url;
  private String username;
  private Secret password;
  private int poolSize = DEFAULT_POOL_SIZE;
  private Clock clock = Clock.systemUTC();
  private RandomGenerator random = new SecureRandom();
  private int threads = DEFAULT_THREADS;
  private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private Duration shutdownMaxWait = Duration.ofSeconds(10);
  private Duration backoffBase = DEFAULT_BACKOFF_BASE;
  private Duration retention = DEFAULT_RETENTION;
  private boolean workers = true;
  private String instanceName = "switchboard-" + UUID.randomUUID().toString().substring(0, 8);

  /** For subclasses. */
  protected JdbcJobsBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The application's own pool, which is never closed here. Either this or {@link #url}. */
  public B dataSource(DataSource dataSource) {
    require("dataSource", dataSource);
    this.dataSource = dataSource;
    return self();
  }

  /** {@code jdbc:h2:...} or {@code jdbc:postgresql:...}: a pool of its own is opened on it. */
  public B url(String url) {
    Objects.requireNonNull(url, "url == null");
    if (!(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
      throw InvalidRequestException.invalidField(
          "url", "url must start with jdbc:h2: or jdbc:postgresql:");
    }
    this.url = url;
    return self();
  }

  /** The database user for {@link #url}; null for none. */
  public B username(String username) {
    this.username = username;
    return self();
  }

  /** The database password for {@link #url}, read for every new connection; null for none. */
  public B password(Secret password) {
    this.password = password;
    return self();
  }

  /** How many connections the pool opened on {@link #url} holds; default 10. */
  public B poolSize(int poolSize) {
    this.poolSize = atLeastOne("poolSize", poolSize);
    return self();
  }

  /** Where every deadline, back-off and due time reads the time; the system clock in UTC. */
  public B clock(Clock clock) {
    require("clock", clock);
    this.clock = clock;
    return self();
  }

  /** Where the back-off's jitter comes from; a {@link SecureRandom} by default. */
  public B random(RandomGenerator random) {
    require("random", random);
    this.random = random;
    return self();
  }

  /** Worker threads on this instance; default 4. */
  public B threads(int threads) {
    this.threads = atLeastOne("threads", threads);
    return self();
  }

  /** How often idle workers look for due work; default 5 seconds. */
  public B pollingInterval(Duration pollingInterval) {
    this.pollingInterval =
        InvalidRequestException.requirePositive("pollingInterval", pollingInterval);
    return self();
  }

  /**
   * How often running work says it is alive; default 10 seconds. Work silent for six intervals is
   * taken for dead and run again.
   */
  public B heartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval =
        InvalidRequestException.requirePositive("heartbeatInterval", heartbeatInterval);
    return self();
  }

  /** How long closing waits for running work; default 10 seconds. */
  public B shutdownMaxWait(Duration shutdownMaxWait) {
    this.shutdownMaxWait =
        InvalidRequestException.requirePositive("shutdownMaxWait", shutdownMaxWait);
    return self();
  }

  /** The back-off's first ceiling; it doubles each attempt up to the cap. Default 1 second. */
  public B backoffBase(Duration backoffBase) {
    this.backoffBase = InvalidRequestException.requirePositive("backoffBase", backoffBase);
    return self();
  }

  /**
   * How long a row is kept after its work ended; default 7 days. Instances with workers delete
   * older ones hourly.
   */
  public B retention(Duration retention) {
    this.retention = InvalidRequestException.requirePositive("retention", retention);
    return self();
  }

  /**
   * Whether this instance runs workers; default true. An instance without them only writes work,
   * and others sharing the database run it.
   */
  public B workers(boolean workers) {
    this.workers = workers;
    return self();
  }

  /** This instance's name in db-scheduler's {@code picked_by}: 1 to 50 characters; random. */
  public B instanceName(String instanceName) {
    Objects.requireNonNull(instanceName, "instanceName == null");
    if (instanceName.isBlank() || instanceName.length() > 50) {
      throw InvalidRequestException.invalidField(
          "instanceName", "instanceName must be 1 to 50 characters");
    }
    this.instanceName = instanceName;
    return self();
  }

  /**
   * Sets what {@code <prefix>jdbc.url|username|password|pool-size}, {@code workers}, {@code
   * threads}, {@code polling-interval}, {@code heartbeat-interval}, {@code backoff-base} and {@code
   * retention} say, recording each bad value as a problem in {@code s}. The URL falls back to the
   * first of {@code fallbacks} that applies, then to {@code defaultUrl}.
   */
  /** {@code workers}: whether this instance runs the jobs. */
  public static final ConfigKey<Boolean> WORKERS =
      ConfigKey.bool("workers", true, "whether this instance runs the jobs; false only enqueues");

  /** {@code threads}. */
  public static final ConfigKey<Integer> THREADS =
      ConfigKey.integer("threads", DEFAULT_THREADS, "worker threads").min(1);

  /** {@code polling-interval}. */
  public static final ConfigKey<Duration> POLLING_INTERVAL =
      ConfigKey.duration(
          "polling-interval", DEFAULT_POLLING_INTERVAL, "how often idle workers look for due work");

  /** {@code heartbeat-interval}. */
  public static final ConfigKey<Duration> HEARTBEAT_INTERVAL =
      ConfigKey.duration(
          "heartbeat-interval",
          DEFAULT_HEARTBEAT_INTERVAL,
          "an attempt silent for six intervals is taken for dead and run again");

  /** {@code backoff-base}. */
  public static final ConfigKey<Duration> BACKOFF_BASE =
      ConfigKey.duration(
          "backoff-base", DEFAULT_BACKOFF_BASE, "the back-off's first ceiling; it doubles");

  /** {@code retention}. */
  public static final ConfigKey<Duration> RETENTION =
      ConfigKey.duration("retention", DEFAULT_RETENTION, "how long an ended job is kept");

  /**
   * The keys {@link #readKeys} reads under a module's prefix: its database ({@code jdbc.url},
   * {@code jdbc.username}, {@code jdbc.password}, {@code jdbc.pool-size}) and its workers.
   *
   * @param urlDefault how the module's README words the URL's default
   */
  public static List<ConfigKey<?>> jobKeys(String urlDefault) {
    return List.of(
        ConfigKey.string("jdbc.url", null, "jdbc:h2:... or jdbc:postgresql:...")
            .defaultText(urlDefault),
        ConfigKey.string(
            "jdbc.username", null, "the database user; the shared database's with its URL"),
        ConfigKey.secret("jdbc.password", "the database password, a secret reference"),
        ConfigKey.integer("jdbc.pool-size", DEFAULT_POOL_SIZE, "the pool's connections").min(1),
        WORKERS,
        THREADS,
        POLLING_INTERVAL,
        HEARTBEAT_INTERVAL,
        BACKOFF_BASE,
        RETENTION);
  }

  protected final B readKeys(
      ConfigReader s, String prefix, List<JdbcSettings.Fallback> fallbacks, String defaultUrl) {
    JdbcSettings jdbc = JdbcSettings.read(s, prefix, fallbacks, defaultUrl, DEFAULT_POOL_SIZE);
    if (jdbc.url() != null) {
      url(jdbc.url());
    }
    username(jdbc.username());
    password(jdbc.password());
    poolSize(jdbc.poolSize());
    workers(s.get(prefix, WORKERS));
    threads(s.get(prefix, THREADS));
    pollingInterval(positive(s, prefix, POLLING_INTERVAL));
    heartbeatInterval(positive(s, prefix, HEARTBEAT_INTERVAL));
    backoffBase(positive(s, prefix, BACKOFF_BASE));
    retention(positive(s, prefix, RETENTION));
    return self();
  }

  /** A declared duration that must be longer than zero; its default after a problem. */
  protected static Duration positive(ConfigReader s, String prefix, ConfigKey<Duration> key) {
    Duration value = s.get(prefix, key);
    if (value.isZero()) {
      s.problem(prefix + key.name(), "must be longer than zero, was " + value);
      return key.defaultValue();
    }
    return value;
  }

  /** The settings as they stand. */
  protected final Settings settings() {
    return new Settings(
        clock,
        random,
        backoffBase,
        retention,
        workers,
        new Workers.Settings(
            threads, pollingInterval, heartbeatInterval, shutdownMaxWait, instanceName));
  }

  /**
   * Opens the database given (the application's DataSource, or a pool named {@code poolName} on the
   * URL, which {@code create} owns and which is closed again if it fails) and builds with it.
   *
   * @throws InvalidRequestException if neither or both of a DataSource and a URL were given
   * @throws dev.switchboard.state.StateStoreException if the pool cannot be opened
   */
  protected final <T> T open(String poolName, BiFunction<HikariDataSource, Database, T> create) {
    return Database.open(
        dataSource,
        url,
        poolName,
        username,
        password,
        config -> config.setMaximumPoolSize(poolSize),
        create);
  }

  /** Throws the field's {@link InvalidRequestException} when {@code value} is null. */
  protected static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  private static int atLeastOne(String field, int value) {
    if (value < 1) {
      throw InvalidRequestException.invalidField(
          field, field + " must be at least 1, was " + value);
    }
    return value;
  }
}
