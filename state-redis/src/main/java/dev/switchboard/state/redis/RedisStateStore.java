package dev.switchboard.state.redis;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.RateState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.state.redis.internal.RedisAccess;
import dev.switchboard.state.redis.internal.RedisKeyLedger;
import dev.switchboard.state.redis.internal.RedisKeys;
import dev.switchboard.state.redis.internal.RedisRateState;
import dev.switchboard.state.redis.internal.RedisReplayGuard;
import dev.switchboard.webhooks.ReplayGuard;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link StateStore} on Redis: the key ledger, replay guards and shared rate state that every
 * application instance on the same Redis sees, through Lettuce. Standalone, Sentinel ({@code
 * redis-sentinel://}) and Cluster; TLS with {@code rediss://}.
 *
 * <pre>{@code
 * StateStore store = RedisStateStore.builder()
 *     .uri(System.getenv("REDIS_URL"))           // the store makes and shuts down its own client
 *     .build();
 *
 * StateStore shared = RedisStateStore.builder()
 *     .client(applicationsRedisClient)           // or a RedisClusterClient; never shut down here
 *     .keyPrefix("billing:")
 *     .build();
 * }</pre>
 *
 * <p>Defaults: key prefix {@code switchboard:}, the system UTC clock, ledger and replay retention 7
 * days each, command timeout 2 seconds. Every expiry is decided on the store's clock (the record
 * holds its expiry instant); Redis's own TTL, twice as long, only cleans up. A first ledger claim
 * is one round trip ({@code SET NX PX}). Every failure to reach Redis, or an answer that cannot be
 * read, is a {@link StateStoreException} whose message never holds the URL or a password.
 *
 * <p>Thread-safe: one connection (plus one for rate budgets) serves every thread.
 */
public final class RedisStateStore implements StateStore {
  /** The key prefix unless {@link Builder#keyPrefix} says otherwise. */
  public static final String DEFAULT_KEY_PREFIX = "switchboard:";

  /** The command timeout unless {@link Builder#timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Both retentions unless the builder says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final RedisAccess redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final Duration replayRetention;
  private final Duration replayLease;
  private final RedisKeyLedger ledger;
  private final RedisRateState rates;
  private final String description;

  private RedisStateStore(Builder builder, RedisAccess redis) {
    this.redis = redis;
    this.keys = new RedisKeys(builder.keyPrefix);
    this.clock = builder.clock;
    this.replayRetention = builder.replayRetention;
    this.replayLease = REPLAY_LEASE.compareTo(replayRetention) < 0 ? REPLAY_LEASE : replayRetention;
    this.ledger = new RedisKeyLedger(redis, keys, clock, builder.ledgerRetention);
    this.rates = new RedisRateState(redis, keys);
    this.description =
        "StateStore.redis(keyPrefix="
            + builder.keyPrefix
            + ", ledgerRetention="
            + builder.ledgerRetention
            + ", replayRetention="
            + replayRetention
            + ")";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code redis}. */
  @Override
  public String name() {
    return "redis";
  }

  /** True: every instance on the same Redis (and key prefix) shares the state. */
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
    return new RedisReplayGuard(redis, keys, namespace, clock, replayRetention, replayLease);
  }

  @Override
  public RateState rates() {
    return rates;
  }

  /**
   * Closes the store's connections, and shuts its client down when it made it from a URI. A client
   * the application handed in stays up. Idempotent.
   */
  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return description;
  }

  /** Builds a {@link RedisStateStore}; give exactly one of a URI or a client. */
  public static final class Builder {
    private RedisURI uri;
    private boolean cluster;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Clock clock = Clock.systemUTC();
    private Duration ledgerRetention = DEFAULT_RETENTION;
    private Duration replayRetention = DEFAULT_RETENTION;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * Where Redis is, such as {@code redis://127.0.0.1:6379}, {@code rediss://:password@host:6380}
     * or {@code redis-sentinel://host1:26379,host2:26379/0#mymaster}; the store makes a client and
     * shuts it down on {@link #close()}.
     *
     * @throws InvalidRequestException if it is not a Redis URL (the message does not quote it)
     */
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri == null");
      if (uri.isBlank()) {
        throw InvalidRequestException.invalidField("uri", "uri must not be blank");
      }
      try {
        return uri(RedisURI.create(uri.strip()));
      } catch (IllegalArgumentException e) {
        throw InvalidRequestException.invalidField(
            "uri", "uri is not a Redis URL such as redis://127.0.0.1:6379");
      }
    }

    /** {@link #uri(String)} for a URI already parsed (and perhaps given credentials in code). */
    public Builder uri(RedisURI uri) {
      this.uri = require("uri", uri);
      return this;
    }

    /**
     * Whether {@link #uri} is a seed node of a Redis Cluster (default false); the client finds the
     * other nodes itself. Ignored when a client is handed in: its type says.
     */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /** The application's own client; the store opens connections on it but never shuts it down. */
    public Builder client(RedisClient client) {
      this.client = require("client", client);
      return this;
    }

    /** The application's own Cluster client; never shut down by the store. */
    public Builder client(RedisClusterClient client) {
      this.clusterClient = require("client", client);
      return this;
    }

    /**
     * Put before every key (default {@code switchboard:}), so several applications or environments
     * can share one Redis. Braces in it form a Cluster hash tag and put every key in one slot.
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = require("keyPrefix", keyPrefix);
      return this;
    }

    /** The time source for every expiry and rate budget (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = require("clock", clock);
      return this;
    }

    /** How long a ledger record is kept after its last change (default 7 days). */
    public Builder ledgerRetention(Duration ledgerRetention) {
      this.ledgerRetention =
          InvalidRequestException.requirePositive("ledgerRetention", ledgerRetention);
      return this;
    }

    /**
     * How long a completed replay id is remembered (default 7 days); an open claim holds {@link
     * StateStore#REPLAY_LEASE}, or this when shorter.
     */
    public Builder replayRetention(Duration replayRetention) {
      this.replayRetention =
          InvalidRequestException.requirePositive("replayRetention", replayRetention);
      return this;
    }

    /** How long a command may take before it fails (default 2 seconds). */
    public Builder timeout(Duration timeout) {
      this.timeout = InvalidRequestException.requirePositive("timeout", timeout);
      return this;
    }

    /**
     * Connects to Redis.
     *
     * @throws InvalidRequestException if neither or more than one of a URI and a client were given
     * @throws StateStoreException if Redis cannot be reached
     */
    public RedisStateStore build() {
      int given =
          (uri != null ? 1 : 0) + (client != null ? 1 : 0) + (clusterClient != null ? 1 : 0);
      if (given != 1) {
        throw InvalidRequestException.invalidField(
            "uri", "give exactly one of uri, client(RedisClient) and client(RedisClusterClient)");
      }
      RedisAccess redis;
      if (client != null) {
        redis = RedisAccess.connect(client, false, timeout, clock);
      } else if (clusterClient != null) {
        redis = RedisAccess.connect(clusterClient, false, timeout, clock);
      } else if (cluster) {
        RedisClusterClient own = RedisClusterClient.create(uri);
        own.setOptions(
            ClusterClientOptions.builder()
                .socketOptions(socketOptions())
                // Follow failovers and resharding as they happen, not only on the next error.
                .topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        redis = RedisAccess.connect(own, true, timeout, clock);
      } else {
        RedisClient own = RedisClient.create(uri);
        own.setOptions(ClientOptions.builder().socketOptions(socketOptions()).build());
        redis = RedisAccess.connect(own, true, timeout, clock);
      }
      return new RedisStateStore(this, redis);
    }

    private SocketOptions socketOptions() {
      return SocketOptions.builder().connectTimeout(timeout).build();
    }

    private static <T> T require(String field, T value) {
      if (value == null) {
        throw new NullPointerException(field + " == null");
      }
      if (value instanceof String s && s.isBlank()) {
        throw InvalidRequestException.invalidField(field, field + " must not be blank");
      }
      return value;
    }
  }
}
