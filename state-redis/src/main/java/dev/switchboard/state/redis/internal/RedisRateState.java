package dev.switchboard.state.redis.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.QuotaSnapshot;
import dev.switchboard.state.RateBudgets;
import dev.switchboard.state.RateState;
import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RateState} on Redis. Budgets are Bucket4j token buckets through its Lettuce
 * integration, on the store's clock, so a budget means the same here as in memory. A quota is one
 * string, {@code observedSeconds|observedNanos|limit|remaining|resetSeconds|resetNanos}, replaced
 * by a Lua script only with a snapshot observed no earlier. Quota keys get no TTL: there is one per
 * provider.
 */
public final class RedisRateState implements RateState {
  private static final LuaScript PUBLISH =
      LuaScript.of(
          """
          local v = redis.call('GET', KEYS[1])
          if v then
            local s, n = string.match(v, '^(-?%d+)|(%d+)|')
            if s then
              s, n = tonumber(s), tonumber(n)
              local ns, nn = tonumber(ARGV[2]), tonumber(ARGV[3])
              if ns < s or (ns == s and nn < n) then return 0 end
            end
          end
          redis.call('SET', KEYS[1], ARGV[1])
          return 1
          """);

  private final RedisAccess redis;
  private final RedisKeys keys;

  public RedisRateState(RedisAccess redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public void publishQuota(String provider, QuotaSnapshot snapshot) {
    String key = keys.quota(InvalidRequestException.requireName("provider", provider));
    Objects.requireNonNull(snapshot, "snapshot == null");
    Instant observed = snapshot.observedAt();
    String value =
        observed.getEpochSecond()
            + "|"
            + observed.getNano()
            + '|'
            + snapshot.limit()
            + '|'
            + snapshot.remaining()
            + '|'
            + snapshot.resetAt().getEpochSecond()
            + '|'
            + snapshot.resetAt().getNano();
    redis.call(
        "publishQuota",
        () ->
            redis.eval(
                PUBLISH,
                ScriptOutputType.INTEGER,
                key,
                value,
                Long.toString(observed.getEpochSecond()),
                Integer.toString(observed.getNano())));
  }

  @Override
  public Optional<QuotaSnapshot> quota(String provider) {
    String key = keys.quota(InvalidRequestException.requireName("provider", provider));
    return redis.call(
        "quota",
        () -> Optional.ofNullable(redis.commands().get(key)).map(RedisRateState::snapshot));
  }

  private static QuotaSnapshot snapshot(String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length != 6) {
      throw new UnreadableValueException("quota snapshot");
    }
    try {
      return new QuotaSnapshot(
          Long.parseLong(parts[2]),
          Long.parseLong(parts[3]),
          Instant.ofEpochSecond(Long.parseLong(parts[4]), Long.parseLong(parts[5])),
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
    } catch (RuntimeException e) {
      throw new UnreadableValueException("quota snapshot");
    }
  }

  @Override
  public Duration tryAcquire(String name, int limitForPeriod, Duration period) {
    InvalidRequestException.requireName("name", name);
    RateBudgets.check(limitForPeriod, period);
    String key = keys.rate(RateBudgets.bucketKey(name, limitForPeriod, period));
    return redis.call(
        "tryAcquire",
        () -> {
          ConsumptionProbe probe =
              redis
                  .buckets()
                  .builder()
                  .build(key, () -> RateBudgets.configuration(limitForPeriod, period))
                  .tryConsumeAndReturnRemaining(1);
          return probe.isConsumed()
              ? Duration.ZERO
              : Duration.ofNanos(probe.getNanosToWaitForRefill());
        });
  }
}
