package dev.switchboard.state.redis.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.webhooks.ReplayGuard;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link ReplayGuard} on Redis: one key per id holding {@code C|expiresAtMillis} for an open
 * claim or {@code D|expiresAtMillis} for a completed id, the expiry on the store's clock. A first
 * claim is one {@code SET NX PX}; a taken key goes to a Lua script that treats an expired entry as
 * absent.
 */
public final class RedisReplayGuard implements ReplayGuard {
  private static final String PARSE =
      """
      local function parse(v)
        local s, e = string.match(v, '^([CD])|(%d+)$')
        return s, tonumber(e)
      end
      """;

  private static final LuaScript CLAIM =
      LuaScript.of(
          PARSE
              + """
              local v = redis.call('GET', KEYS[1])
              if v then
                local s, e = parse(v)
                if not s then return redis.error_reply('unreadable replay entry') end
                if e > tonumber(ARGV[1]) then
                  if s == 'D' then return 'DONE' end
                  return 'IN_PROGRESS'
                end
              end
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 'FIRST'
              """);

  private static final LuaScript RELEASE =
      LuaScript.of(
          PARSE
              + """
              local v = redis.call('GET', KEYS[1])
              if v and parse(v) == 'C' then redis.call('DEL', KEYS[1]) end
              return 0
              """);

  private final RedisAccess redis;
  private final RedisKeys keys;
  private final String namespace;
  private final Clock clock;
  private final Duration retention;
  private final Duration lease;

  /**
   * @param retention how long a completed id is remembered
   * @param lease how long an open claim holds
   */
  public RedisReplayGuard(
      RedisAccess redis,
      RedisKeys keys,
      String namespace,
      Clock clock,
      Duration retention,
      Duration lease) {
    this.redis = redis;
    this.keys = keys;
    this.namespace = InvalidRequestException.requireName("namespace", namespace);
    this.clock = clock;
    this.retention = retention;
    this.lease = lease;
  }

  @Override
  public Sighting claim(String id) {
    String key = key(id);
    long now = clock.millis();
    String open = "C|" + (now + lease.toMillis());
    long ttl = RedisTtl.beyond(lease);
    return redis.call(
        "replay.claim",
        () -> {
          if (redis.commands().set(key, open, SetArgs.Builder.nx().px(ttl)) != null) {
            return Sighting.FIRST;
          }
          String answer =
              redis.eval(
                  CLAIM, ScriptOutputType.VALUE, key, Long.toString(now), open, Long.toString(ttl));
          return Sighting.valueOf(answer);
        });
  }

  @Override
  public void complete(String id) {
    String key = key(id);
    String done = "D|" + (clock.millis() + retention.toMillis());
    long ttl = RedisTtl.beyond(retention);
    redis.call("replay.complete", () -> redis.commands().set(key, done, SetArgs.Builder.px(ttl)));
  }

  @Override
  public void release(String id) {
    String key = key(id);
    redis.call("replay.release", () -> redis.eval(RELEASE, ScriptOutputType.INTEGER, key));
  }

  private String key(String id) {
    if (id == null || id.isEmpty()) {
      throw InvalidRequestException.invalidField("id", "replay id is empty");
    }
    return keys.replay(namespace, id);
  }

  @Override
  public String toString() {
    return "ReplayGuard.redis(namespace="
        + namespace
        + ", retention="
        + retention
        + ", lease="
        + lease
        + ")";
  }
}
