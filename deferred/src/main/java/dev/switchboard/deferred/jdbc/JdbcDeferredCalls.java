package dev.switchboard.deferred.jdbc;

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
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.deferred.DeferredListener;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.deferred.jdbc.internal.Backoff;
import dev.switchboard.deferred.jdbc.internal.CallRow;
import dev.switchboard.deferred.jdbc.internal.CallRunner;
import dev.switchboard.deferred.jdbc.internal.CallStore;
import dev.switchboard.deferred.jdbc.internal.Codec;
import dev.switchboard.deferred.jdbc.internal.Enqueuer;
import dev.switchboard.deferred.jdbc.internal.Schema;
import dev.switchboard.deferred.jdbc.internal.Workers;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.PutOptions;
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

  /** The most bytes a put stores in the queue unless set: 1 MiB. */
  public static final long DEFAULT_MAX_INLINE_BYTES = 1024 * 1024;

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
    JdbcJobsBuilder.Settings settings = b.settings();
    this.ownPool = ownPool;
    this.clock = settings.clock();
    this.deadlines = Map.copyOf(b.deadlines);
    this.maxInlineBytes = b.maxInlineBytes;
    Schema.migrate(database);
    this.store = new CallStore(database);
    this.runner =
        new CallRunner(
            store,
            new CallRunner.Ports(b.payments, b.email, b.storage),
            clock,
            new Backoff(settings.backoffBase(), settings.random()),
            b.backoffCaps);
    b.listeners.forEach(runner::addListener);
    JdbcCustomization jdbc = new AutodetectJdbcCustomization(database.dataSource());
    Duration failureCap = b.backoffCaps.values().stream().max(Duration::compareTo).orElseThrow();
    CustomTask<Void> task =
        Workers.task(TASK, clock, settings.backoffBase(), failureCap, runner::run);
    this.enqueuer = new Enqueuer(store, task, jdbc, TASK_TABLE);
    this.scheduler =
        Workers.startIf(
            settings, database, jdbc, TASK_TABLE, task, PURGE_TASK, before -> store.purge(before));
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
      throw new NullPointerException(field + " == null");
    }
  }

  /**
   * Builds a {@link JdbcDeferredCalls}. Give it either the application's {@link DataSource} or a
   * JDBC URL, and the ports its calls go to.
   */
  public static final class Builder extends JdbcJobsBuilder<Builder> {
    private PaymentGateway payments;
    private EmailSender email;
    private BlobStore storage;
    private final Map<DeferredKind, Duration> deadlines = new EnumMap<>(DEFAULT_DEADLINES);
    private final Map<DeferredKind, Duration> backoffCaps = new EnumMap<>(DEFAULT_BACKOFF_CAPS);
    private long maxInlineBytes = DEFAULT_MAX_INLINE_BYTES;
    private final List<DeferredListener> listeners = new ArrayList<>();

    private Builder() {}

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

    /** When a call of {@code kind} becomes DEAD, counted from its enqueue (or retry). */
    public Builder deadline(DeferredKind kind, Duration deadline) {
      require("kind", kind);
      deadlines.put(kind, InvalidRequestException.requirePositive("deadline", deadline));
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
      return open(
          "switchboard-deferred", (pool, database) -> new JdbcDeferredCalls(this, pool, database));
    }
  }
}
