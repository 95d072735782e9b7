package dev.switchboard.deferred;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.config.Secret;
import dev.switchboard.deferred.internal.Backoff;
import dev.switchboard.deferred.internal.CallRow;
import dev.switchboard.deferred.internal.CallRunner;
import dev.switchboard.deferred.internal.CallStore;
import dev.switchboard.deferred.internal.Codec;
import dev.switchboard.deferred.internal.Enqueuer;
import dev.switchboard.deferred.internal.Schema;
import dev.switchboard.deferred.internal.Workers;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.PutOptions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * {@link DeferredCalls} in a relational database, run by <a
 * href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a>: H2 in an embedded file for
 * one node, PostgreSQL 14+ for a fleet whose instances drain one queue (db-scheduler picks each
 * execution for one instance, and revives an execution whose instance stopped heart-beating). The
 * module creates and upgrades its two tables, {@code switchboard_deferred_call} and {@code
 * switchboard_deferred_tasks}, with Flyway (history in {@code
 * switchboard_deferred_schema_history}).
 *
 * <pre>{@code
 * DeferredCalls deferred = JdbcDeferredCalls.builder()
 *     .url("jdbc:h2:file:./var/switchboard-deferred")
 *     .payments(switchboard.payments())
 *     .email(switchboard.email())
 *     .build();                      // migrates, then starts the workers
 * DeferredCall call = deferred.charge(request);
 * }</pre>
 *
 * <p>Defaults: 4 worker threads; a polling interval of 5 seconds; a heartbeat every 10 seconds, so
 * an execution whose instance died is run again after about a minute; deadlines of 24 hours for
 * charges and puts and 72 hours for emails; back-off from 1 second, capped at 5 minutes for charges
 * and puts and 10 minutes for emails; puts of up to 1 MiB of bytes stored inline. Every time
 * decision (deadlines, back-off, when an execution is due or dead) reads the builder's {@link
 * Clock}.
 */
public final class JdbcDeferredCalls implements DeferredCalls {
  /** The name of the db-scheduler task that runs every call. */
  static final String TASK = "switchboard-deferred-call";

  /** The name of the db-scheduler recurring task that deletes ended calls. */
  static final String PURGE_TASK = "switchboard-deferred-purge";

  /** db-scheduler's table. */
  static final String TASK_TABLE = "switchboard_deferred_tasks";

  public static final int DEFAULT_THREADS = 4;
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
  public static final long DEFAULT_MAX_INLINE_BYTES = 1024 * 1024;
  public static final int DEFAULT_POOL_SIZE = 10;

  /** How long an ended call is kept unless set: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The deadline of a call of each kind unless set. */
  public static final Map<DeferredKind, Duration> DEFAULT_DEADLINES =
      Map.of(
          DeferredKind.CHARGE, Duration.ofHours(24),
          DeferredKind.EMAIL, Duration.ofHours(72),
          DeferredKind.PUT, Duration.ofHours(24));

  /** The longest back-off of a call of each kind unless set. */
  public static final Map<DeferredKind, Duration> DEFAULT_BACKOFF_CAPS =
      Map.of(
          DeferredKind.CHARGE, Duration.ofMinutes(5),
          DeferredKind.EMAIL, Duration.ofMinutes(10),
          DeferredKind.PUT, Duration.ofMinutes(5));

  private static final int MAX_PAGE_SIZE = 1000;

  private final HikariDataSource ownPool;
  private final CallStore store;
  private final CallRunner runner;
  private final Clock clock;
  private final Map<DeferredKind, Duration> deadlines;
  private final long maxInlineBytes;
  private final Enqueuer enqueuer;
  private final Scheduler scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcDeferredCalls(Builder b, HikariDataSource ownPool, Database database) {
    this.ownPool = ownPool;
    this.clock = b.clock;
    this.deadlines = Map.copyOf(b.deadlines);
    this.maxInlineBytes = b.maxInlineBytes;
    Schema.migrate(database);
    this.store = new CallStore(database);
    this.runner =
        new CallRunner(
            store,
            new CallRunner.Ports(b.payments, b.email, b.storage),
            clock,
            new Backoff(b.backoffBase, b.random),
            b.backoffCaps);
    b.listeners.forEach(runner::addListener);
    JdbcCustomization jdbc = new AutodetectJdbcCustomization(database.dataSource());
    Duration failureCap = b.backoffCaps.values().stream().max(Duration::compareTo).orElseThrow();
    CustomTask<Void> task = Workers.task(TASK, clock, b.backoffBase, failureCap, runner::run);
    this.enqueuer = new Enqueuer(store, task, jdbc, TASK_TABLE);
    if (b.workers) {
      Duration retention = b.retention;
      this.scheduler =
          Workers.start(
              database,
              jdbc,
              TASK_TABLE,
              task,
              PURGE_TASK,
              () -> store.purge(clock.instant().minus(retention)),
              new Workers.Settings(
                  b.threads,
                  b.pollingInterval,
                  b.heartbeatInterval,
                  b.shutdownMaxWait,
                  b.instanceName),
              clock);
    } else {
      this.scheduler = null;
    }
  }

  /** A builder with the defaults: set a {@link Builder#dataSource} or a {@link Builder#url}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeferredCall charge(ChargeRequest request) {
    return charge(null, request);
  }

  @Override
  public DeferredCall send(EmailMessage message) {
    return send(null, message);
  }

  @Override
  public DeferredCall put(String key, BlobContent content, PutOptions options) {
    return put(null, key, content, options);
  }

  /** Enqueues a charge, on {@code connection} when given (the caller's transaction). */
  private DeferredCall charge(Connection connection, ChargeRequest request) {
    require("request", request);
    return enqueue(
        connection, DeferredKind.CHARGE, request.idempotencyKey(), Codec.charge(request));
  }

  private DeferredCall send(Connection connection, EmailMessage message) {
    require("message", message);
    return enqueue(connection, DeferredKind.EMAIL, message.idempotencyKey(), Codec.email(message));
  }

  private DeferredCall put(
      Connection connection, String key, BlobContent content, PutOptions options) {
    require("key", key);
    require("content", content);
    require("options", options);
    return enqueue(
        connection,
        DeferredKind.PUT,
        options.idempotencyKey(),
        Codec.put(key, content, options, maxInlineBytes));
  }

  private DeferredCall enqueue(
      Connection external, DeferredKind kind, IdempotencyKey key, String json) {
    Instant now = clock.instant();
    CallRow row =
        new CallRow(
            UUID.randomUUID().toString(),
            kind,
            key.value(),
            DeferredState.QUEUED,
            0,
            false,
            now,
            now.plus(deadlines.get(kind)),
            now,
            null,
            json,
            null,
            "");
    CallRow stored = enqueuer.enqueue(external, row);
    if (external == null && scheduler != null) {
      scheduler.triggerCheckForDueExecutions();
    }
    return stored.toCall();
  }

  @Override
  public Optional<DeferredCall> status(String id) {
    require("id", id);
    return store.load(id).map(CallRow::toCall);
  }

  @Override
  public List<DeferredCall> list(DeferredState state, int page, int pageSize) {
    require("state", state);
    if (page < 0) {
      throw InvalidRequestException.invalidField("page", "page must be at least 0, was " + page);
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw InvalidRequestException.invalidField(
          "pageSize", "pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
    }
    return store.list(state, Math.multiplyExact(page, pageSize), pageSize).stream()
        .map(CallRow::toCall)
        .toList();
  }

  @Override
  public DeferredCall retry(String id) {
    require("id", id);
    CallRow row = existing(id);
    Instant now = clock.instant();
    Instant deadline = now.plus(deadlines.get(row.kind()));
    boolean revived = enqueuer.revive(id, now, deadline);
    if (!revived) {
      throw refused(
          id, "retry", "only a DEAD call can be retried; this one is " + existing(id).state());
    }
    if (scheduler != null) {
      scheduler.triggerCheckForDueExecutions();
    }
    return existing(id).toCall();
  }

  @Override
  public DeferredCall cancel(String id) {
    require("id", id);
    existing(id);
    Instant now = clock.instant();
    if (!store.cancel(id, now, now + " canceled by the application\n")) {
      CallRow row = existing(id);
      String why =
          row.state().isFinal()
              ? "it has already ended " + row.state()
              : row.state() == DeferredState.RUNNING
                  ? "it is being sent to the vendor now"
                  : "an earlier attempt may have reached the vendor, so cancelling could leave it"
                      + " half done";
      throw refused(id, "cancel", "the call cannot be canceled: " + why);
    }
    return existing(id).toCall();
  }

  private CallRow existing(String id) {
    return store
        .load(id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no deferred call has the id " + id, ErrorContext.local("deferred")));
  }

  private static ConflictException refused(String id, String operation, String reason) {
    return new ConflictException(reason + " (call " + id + ")", ErrorContext.local(operation));
  }

  @Override
  public DeferredCalls inTransaction(Connection connection) {
    require("connection", connection);
    JdbcDeferredCalls queue = this;
    return new DeferredCalls() {
      @Override
      public DeferredCall charge(ChargeRequest request) {
        return queue.charge(connection, request);
      }

      @Override
      public DeferredCall send(EmailMessage message) {
        return queue.send(connection, message);
      }

      @Override
      public DeferredCall put(String key, BlobContent content, PutOptions options) {
        return queue.put(connection, key, content, options);
      }

      @Override
      public Optional<DeferredCall> status(String id) {
        return queue.status(id);
      }

      @Override
      public List<DeferredCall> list(DeferredState state, int page, int pageSize) {
        return queue.list(state, page, pageSize);
      }

      @Override
      public DeferredCall retry(String id) {
        return queue.retry(id);
      }

      @Override
      public DeferredCall cancel(String id) {
        return queue.cancel(id);
      }

      @Override
      public DeferredCalls inTransaction(Connection other) {
        return queue.inTransaction(other);
      }

      @Override
      public void addListener(DeferredListener listener) {
        queue.addListener(listener);
      }

      @Override
      public DeferredHealth health() {
        return queue.health();
      }

      /** Closes nothing: the queue belongs to its owner. */
      @Override
      public void close() {}
    };
  }

  @Override
  public void addListener(DeferredListener listener) {
    require("listener", listener);
    runner.addListener(listener);
  }

  @Override
  public DeferredHealth health() {
    Map<DeferredState, Long> depth = store.depth();
    Duration oldest =
        store
            .oldestOpen()
            .map(t -> Duration.between(t, clock.instant()))
            .filter(d -> !d.isNegative())
            .orElse(Duration.ZERO);
    return new DeferredHealth(depth, oldest, runner.executions());
  }

  /**
   * Asks the workers to look for due calls now rather than at the next poll; for tests that move
   * the clock.
   */
  public void wakeUp() {
    if (scheduler != null) {
      scheduler.triggerCheckForDueExecutions();
    }
  }

  /**
   * Stops the workers, waiting up to the shutdown wait for running attempts, and closes the pool if
   * the queue opened it; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (scheduler != null) {
      scheduler.stop();
    }
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcDeferredCalls{" + (scheduler == null ? "enqueue only" : "workers") + "}";
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw InvalidRequestException.invalidField(field, field + " == null");
    }
  }

  /**
   * Builds a {@link JdbcDeferredCalls}. Give it either the application's {@link DataSource} or a
   * JDBC URL, and the ports its calls go to.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String username;
    private Secret password;
    private int poolSize = DEFAULT_POOL_SIZE;
    private PaymentGateway payments;
    private EmailSender email;
    private BlobStore storage;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SecureRandom();
    private int threads = DEFAULT_THREADS;
    private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration shutdownMaxWait = Duration.ofSeconds(10);
    private Duration backoffBase = DEFAULT_BACKOFF_BASE;
    private final Map<DeferredKind, Duration> deadlines = new EnumMap<>(DEFAULT_DEADLINES);
    private final Map<DeferredKind, Duration> backoffCaps = new EnumMap<>(DEFAULT_BACKOFF_CAPS);
    private long maxInlineBytes = DEFAULT_MAX_INLINE_BYTES;
    private Duration retention = DEFAULT_RETENTION;
    private boolean workers = true;
    private String instanceName = "switchboard-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<DeferredListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The application's own pool, which the queue never closes. */
    public Builder dataSource(DataSource dataSource) {
      require("dataSource", dataSource);
      this.dataSource = dataSource;
      return this;
    }

    /** {@code jdbc:h2:...} or {@code jdbc:postgresql:...}: the queue opens its own pool on it. */
    public Builder url(String url) {
      if (url == null || !(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
        throw InvalidRequestException.invalidField(
            "url", "url must start with jdbc:h2: or jdbc:postgresql:");
      }
      this.url = url;
      return this;
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(Secret password) {
      this.password = password;
      return this;
    }

    /** How many connections the pool opened for {@link #url} holds; default 10. */
    public Builder poolSize(int poolSize) {
      this.poolSize = atLeastOne("poolSize", poolSize);
      return this;
    }

    public Builder payments(PaymentGateway payments) {
      this.payments = payments;
      return this;
    }

    public Builder email(EmailSender email) {
      this.email = email;
      return this;
    }

    public Builder storage(BlobStore storage) {
      this.storage = storage;
      return this;
    }

    /** Where every deadline, back-off and due time reads the time; the system clock in UTC. */
    public Builder clock(Clock clock) {
      require("clock", clock);
      this.clock = clock;
      return this;
    }

    /** Where the back-off's jitter comes from; a {@link SecureRandom} by default. */
    public Builder random(RandomGenerator random) {
      require("random", random);
      this.random = random;
      return this;
    }

    /** Worker threads on this instance; default 4. */
    public Builder threads(int threads) {
      this.threads = atLeastOne("threads", threads);
      return this;
    }

    /** How often the workers look for due calls; default 5 seconds. */
    public Builder pollingInterval(Duration pollingInterval) {
      this.pollingInterval =
          InvalidRequestException.requirePositive("pollingInterval", pollingInterval);
      return this;
    }

    /**
     * How often a running attempt says it is alive; default 10 seconds. An attempt silent for six
     * intervals is taken for dead and run again.
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval =
          InvalidRequestException.requirePositive("heartbeatInterval", heartbeatInterval);
      return this;
    }

    /** How long {@link #close()} waits for running attempts; default 10 seconds. */
    public Builder shutdownMaxWait(Duration shutdownMaxWait) {
      this.shutdownMaxWait =
          InvalidRequestException.requirePositive("shutdownMaxWait", shutdownMaxWait);
      return this;
    }

    /** When a call of {@code kind} becomes DEAD, counted from its enqueue (or retry). */
    public Builder deadline(DeferredKind kind, Duration deadline) {
      require("kind", kind);
      deadlines.put(kind, InvalidRequestException.requirePositive("deadline", deadline));
      return this;
    }

    /** The back-off's first ceiling; it doubles each attempt up to the cap. Default 1 second. */
    public Builder backoffBase(Duration backoffBase) {
      this.backoffBase = InvalidRequestException.requirePositive("backoffBase", backoffBase);
      return this;
    }

    /**
     * The longest back-off between two attempts of a call of {@code kind}; any wait the failure
     * asks for (a Retry-After, an open breaker) comes before it.
     */
    public Builder backoffCap(DeferredKind kind, Duration cap) {
      require("kind", kind);
      backoffCaps.put(kind, InvalidRequestException.requirePositive("backoffCap", cap));
      return this;
    }

    /**
     * The most bytes a put may store in the queue; larger content must be a Path. Default 1 MiB.
     */
    public Builder maxInlineBytes(long maxInlineBytes) {
      if (maxInlineBytes < 0) {
        throw InvalidRequestException.invalidField(
            "maxInlineBytes", "maxInlineBytes must not be negative, was " + maxInlineBytes);
      }
      this.maxInlineBytes = maxInlineBytes;
      return this;
    }

    /**
     * How long a call is kept after it ended (SUCCEEDED, FAILED, DEAD or CANCELED), for {@code
     * status} and {@code retry}; default 7 days. Instances with workers delete older ones hourly.
     */
    public Builder retention(Duration retention) {
      this.retention = InvalidRequestException.requirePositive("retention", retention);
      return this;
    }

    /**
     * Whether this instance runs workers; default true. An instance without them only enqueues, and
     * others drain the queue.
     */
    public Builder workers(boolean workers) {
      this.workers = workers;
      return this;
    }

    /** This instance's name in db-scheduler's {@code picked_by}; a random one by default. */
    public Builder instanceName(String instanceName) {
      this.instanceName = InvalidRequestException.requireName("instanceName", instanceName);
      return this;
    }

    public Builder addListener(DeferredListener listener) {
      require("listener", listener);
      listeners.add(listener);
      return this;
    }

    /**
     * Connects, brings the tables up to date, and starts the workers.
     *
     * @throws InvalidRequestException if neither or both of a DataSource and a URL were given
     * @throws dev.switchboard.state.StateStoreException if the database cannot be reached or
     *     migrated
     */
    public JdbcDeferredCalls build() {
      return Database.open(
          dataSource,
          url,
          "switchboard-deferred",
          username,
          password,
          config -> config.setMaximumPoolSize(poolSize),
          (pool, database) -> new JdbcDeferredCalls(this, pool, database));
    }

    private static int atLeastOne(String field, int value) {
      if (value < 1) {
        throw InvalidRequestException.invalidField(
            field, field + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
