package dev.switchboard.state.redis.internal;

import dev.switchboard.SwitchboardException;
import dev.switchboard.state.RateBudgets;
import dev.switchboard.state.StateStoreException;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The store's two connections (strings for records, bytes for Bucket4j's buckets) on a standalone,
 * Sentinel or Cluster client, and the one place where Lettuce's failures become {@link
 * StateStoreException}s.
 */
public final class RedisAccess implements AutoCloseable {
  static final String STORE = "redis";

  /**
   * How long a full bucket is kept after it would have refilled: a budget unused that long is new.
   */
  private static final Duration BUCKET_KEPT = Duration.ofMinutes(1);

  private static final int MAX_REASON = 200;

  private final RedisClusterCommands<String, String> commands;
  private final ProxyManager<String> buckets;
  private final List<StatefulConnection<?, ?>> connections;
  private final AbstractRedisClient ownedClient;
  private final Duration timeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisAccess(
      RedisClusterCommands<String, String> commands,
      ProxyManager<String> buckets,
      List<StatefulConnection<?, ?>> connections,
      AbstractRedisClient ownedClient,
      Duration timeout) {
    this.commands = commands;
    this.buckets = buckets;
    this.connections = connections;
    this.ownedClient = ownedClient;
    this.timeout = timeout;
  }

  /**
   * Connects through a standalone or Sentinel client.
   *
   * @param owned whether the store made the client, and so shuts it down on {@link #close()}
   * @throws StateStoreException if Redis cannot be reached; an owned client is shut down then
   */
  public static RedisAccess connect(
      RedisClient client, boolean owned, Duration timeout, Clock clock) {
    List<StatefulConnection<?, ?>> opened = new ArrayList<>();
    try {
      StatefulRedisConnection<String, String> strings = client.connect(StringCodec.UTF8);
      opened.add(strings);
      StatefulRedisConnection<String, byte[]> bytes = client.connect(bucketCodec());
      opened.add(bytes);
      return open(
          strings.sync(),
          bucketManager(Bucket4jLettuce.casBasedBuilder(bytes), timeout, clock),
          opened,
          owned ? client : null,
          timeout);
    } catch (RuntimeException e) {
      throw abandon(opened, owned ? client : null, e, timeout);
    }
  }

  /**
   * Connects through a Cluster client.
   *
   * @param owned whether the store made the client, and so shuts it down on {@link #close()}
   * @throws StateStoreException if Redis cannot be reached; an owned client is shut down then
   */
  public static RedisAccess connect(
      RedisClusterClient client, boolean owned, Duration timeout, Clock clock) {
    List<StatefulConnection<?, ?>> opened = new ArrayList<>();
    try {
      StatefulRedisClusterConnection<String, String> strings = client.connect(StringCodec.UTF8);
      opened.add(strings);
      StatefulRedisClusterConnection<String, byte[]> bytes = client.connect(bucketCodec());
      opened.add(bytes);
      return open(
          strings.sync(),
          bucketManager(Bucket4jLettuce.casBasedBuilder(bytes), timeout, clock),
          opened,
          owned ? client : null,
          timeout);
    } catch (RuntimeException e) {
      throw abandon(opened, owned ? client : null, e, timeout);
    }
  }

  private static RedisAccess open(
      RedisClusterCommands<String, String> commands,
      ProxyManager<String> buckets,
      List<StatefulConnection<?, ?>> connections,
      AbstractRedisClient ownedClient,
      Duration timeout) {
    // Set on the connections rather than the client: an application's own client keeps its
    // settings, and the store still answers within its own timeout.
    connections.forEach(c -> c.setTimeout(timeout));
    return new RedisAccess(commands, buckets, List.copyOf(connections), ownedClient, timeout);
  }

  private static RedisCodec<String, byte[]> bucketCodec() {
    return RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  }

  private static ProxyManager<String> bucketManager(
      Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder,
      Duration timeout,
      Clock clock) {
    return builder
        .clientClock(RateBudgets.timeMeter(clock))
        .requestTimeout(timeout)
        .expirationAfterWrite(
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(BUCKET_KEPT))
        .build();
  }

  private static StateStoreException abandon(
      List<StatefulConnection<?, ?>> opened,
      AbstractRedisClient owned,
      RuntimeException e,
      Duration timeout) {
    opened.forEach(StatefulConnection::close);
    if (owned != null) {
      owned.shutdown();
    }
    return failure("connect", e, timeout);
  }

  public RedisClusterCommands<String, String> commands() {
    return commands;
  }

  public ProxyManager<String> buckets() {
    return buckets;
  }

  /**
   * Runs {@code command}, turning any failure into a {@link StateStoreException} for {@code
   * operation}. The SDK's own exceptions (a bad argument) pass unchanged.
   */
  public <T> T call(String operation, Supplier<T> command) {
    try {
      return command.get();
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(operation, e, timeout);
    }
  }

  /** {@code EVALSHA}, and {@code EVAL} (which also loads it) when the server does not know it. */
  public <T> T eval(LuaScript script, ScriptOutputType type, String key, String... args) {
    String[] keys = {key};
    try {
      return commands.evalsha(script.sha(), type, keys, args);
    } catch (RedisNoScriptException e) {
      return commands.eval(script.source(), type, keys, args);
    }
  }

  /**
   * The reason never quotes a URL: Lettuce's own messages are replaced by ours, and only the
   * server's error text (which never echoes credentials) is passed on.
   */
  static StateStoreException failure(String operation, RuntimeException e, Duration timeout) {
    String reason;
    if (e instanceof RedisCommandTimeoutException) {
      reason = "no answer from Redis within " + timeout;
    } else if (e instanceof RedisConnectionException) {
      reason = "cannot connect to Redis" + refusal(e);
    } else if (e instanceof RedisCommandExecutionException) {
      reason = "Redis refused the command: " + firstLine(e.getMessage());
    } else if (e instanceof UnreadableValueException) {
      reason = e.getMessage();
    } else {
      reason = "Redis call failed with " + e.getClass().getSimpleName();
    }
    return new StateStoreException(STORE, operation, reason, e);
  }

  /** The server's own words when it refused the handshake (a wrong password, say). */
  private static String refusal(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof RedisCommandExecutionException) {
        return ": " + firstLine(t.getMessage());
      }
    }
    return "";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
  }

  /** Closes the connections, and shuts the client down when the store made it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connections.forEach(StatefulConnection::close);
    if (ownedClient != null) {
      ownedClient.shutdown();
    }
  }
}
