package dev.switchboard.state.redis;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.StateStoreContext;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreFactory;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link RedisStateStore} from {@code switchboard.state.redis.*}, for {@code
 * switchboard.state.store=redis}; registered through {@code META-INF/services}.
 *
 * <pre>{@code
 * switchboard.state.store=redis
 * switchboard.state.redis.url=${env:REDIS_URL}      # a secret reference: may hold a password
 * switchboard.state.redis.key-prefix=billing:       # default switchboard:
 * switchboard.state.redis.timeout=500ms             # default 2s
 * switchboard.state.redis.cluster=true              # default false: the URL is a Cluster seed node
 * }</pre>
 *
 * <p>The URL is a secret reference, or a plain URL without a password on a loopback host
 * (127.0.0.0/8, {@code localhost}, {@code [::1]}), for development. Any other plain URL is refused:
 * no problem it reports quotes the URL.
 */
public final class RedisStateStoreFactory implements StateStoreFactory {
  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel");

  /** {@code redis}. */
  @Override
  public String name() {
    return "redis";
  }

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        ConfigKey.string("url", null, "a secret reference, or a plain redis:// URL on loopback")
            .required(),
        ConfigKey.string(
            "key-prefix", RedisStateStore.DEFAULT_KEY_PREFIX, "the prefix of every key written"),
        ConfigKey.duration(
            "timeout", RedisStateStore.DEFAULT_TIMEOUT, "how long a command may take"),
        ConfigKey.bool("cluster", false, "whether the URL names a Redis Cluster"));
  }

  @Override
  public StateStore create(StateStoreContext context) {
    Optional<String> raw = context.optionalString("url");
    if (raw.isEmpty()) {
      context.string("url");
      return null;
    }
    boolean reference = raw.get().startsWith("${");
    String url = reference ? context.secret("url").value() : raw.get();
    if (url.isBlank()) {
      return null;
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(url.strip());
    } catch (IllegalArgumentException e) {
      context.problem("url", "is not a Redis URL such as redis://127.0.0.1:6379");
      return null;
    }
    if (!reference && !plainAllowed(context, uri)) {
      return null;
    }
    boolean cluster = context.bool("cluster", false);
    String keyPrefix =
        context.optionalString("key-prefix").orElse(RedisStateStore.DEFAULT_KEY_PREFIX);
    Duration timeout = context.duration("timeout", RedisStateStore.DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      context.problem("timeout", "must be positive");
      return null;
    }
    return RedisStateStore.builder()
        .uri(uri)
        .cluster(cluster)
        .keyPrefix(keyPrefix)
        .timeout(timeout)
        .clock(context.clock())
        .ledgerRetention(context.ledgerRetention())
        .replayRetention(context.replayRetention())
        .build();
  }

  /**
   * A URL written in the configuration itself may name only this machine and carry no password:
   * anything else belongs in a secret reference.
   */
  private static boolean plainAllowed(StateStoreContext context, RedisURI uri) {
    List<RedisURI> nodes = new ArrayList<>();
    nodes.add(uri);
    nodes.addAll(uri.getSentinels());
    boolean loopback = nodes.stream().allMatch(n -> StateStoreContext.isLoopbackHost(n.getHost()));
    if (!loopback) {
      context.problem(
          "url",
          "a plain URL must name a loopback host (127.0.0.0/8, localhost, [::1]);"
              + " put any other Redis URL in a secret reference such as ${env:REDIS_URL}");
      return false;
    }
    if (nodes.stream().anyMatch(RedisStateStoreFactory::hasPassword)) {
      context.problem(
          "url",
          "must not carry a password in plain text; put the URL in a secret reference such as"
              + " ${env:REDIS_URL}");
      return false;
    }
    return true;
  }

  private static boolean hasPassword(RedisURI uri) {
    RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
    return credentials != null && credentials.hasPassword();
  }

  @Override
  public String toString() {
    return "RedisStateStoreFactory";
  }
}
