package dev.switchboard.state.redis.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link KeyLedger} on Redis. A first claim is one {@code SET NX PX}: one round trip on the
 * payment path. Only when the key is taken does a Lua script decide, atomically, whether the record
 * there stands (live and not failed) or is replaced (failed, or expired on the store's clock).
 * {@code settle} is a Lua compare-and-set on the version and creation time, the latter so that a
 * record that expired and was claimed afresh (version 0 again) is never settled by the old claim.
 */
public final class RedisKeyLedger implements KeyLedger {
  private static final LuaScript CLAIM =
      LuaScript.of(
          LedgerValue.LUA
              + """
              local v = redis.call('GET', KEYS[1])
              if v then
                local r = parse(v)
                if not r then return redis.error_reply('unreadable ledger record') end
                if r.exp > tonumber(ARGV[1]) then
                  if r.st ~= 'F' then return { 0, v } end
                  local n = encode('P', r.ver + 1, tonumber(ARGV[7]), r.created, ARGV[6],
                    ARGV[3], ARGV[4], ARGV[5], '')
                  redis.call('SET', KEYS[1], n, 'PX', ARGV[8])
                  return { 1, n }
                end
              end
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[8])
              return { 1, ARGV[2] }
              """);

  private static final LuaScript SETTLE =
      LuaScript.of(
          LedgerValue.LUA
              + """
              local v = redis.call('GET', KEYS[1])
              if not v then return false end
              local r = parse(v)
              if not r then return redis.error_reply('unreadable ledger record') end
              if r.exp <= tonumber(ARGV[1]) or r.ver ~= tonumber(ARGV[2])
                  or r.created ~= ARGV[3] then
                return false
              end
              local vendor = r.vendor
              if ARGV[5] == '1' then vendor = ARGV[6] end
              local n = encode(ARGV[4], r.ver + 1, tonumber(ARGV[8]), r.created, ARGV[7],
                r.provider, r.sent, r.fp, vendor)
              redis.call('SET', KEYS[1], n, 'PX', ARGV[9])
              return n
              """);

  private final RedisAccess redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final Duration retention;
  private final long ttlMillis;

  /**
   * @param retention how long a record is kept after its last change, on {@code clock}
   */
  public RedisKeyLedger(RedisAccess redis, RedisKeys keys, Clock clock, Duration retention) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.retention = retention;
    this.ttlMillis = RedisTtl.beyond(retention);
  }

  @Override
  public Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    String redisKey = redisKey(scope, key);
    Instant now = clock.instant();
    LedgerRecord fresh = LedgerRecord.pending(scope, key, provider, sentKey, fingerprint, now);
    long expiresAt = expiry(now);
    String value = LedgerValue.encode(fresh, expiresAt);
    return redis.call(
        "claim",
        () -> {
          if (redis.commands().set(redisKey, value, SetArgs.Builder.nx().px(ttlMillis)) != null) {
            return Claim.won(fresh);
          }
          List<Object> answer =
              redis.eval(
                  CLAIM,
                  ScriptOutputType.MULTI,
                  redisKey,
                  Long.toString(now.toEpochMilli()),
                  value,
                  provider,
                  sentKey,
                  fingerprint,
                  now.toString(),
                  Long.toString(expiresAt),
                  Long.toString(ttlMillis));
          LedgerRecord record =
              LedgerValue.decode(scope, key, (String) answer.get(1), now.toEpochMilli());
          if (record == null) {
            throw new UnreadableValueException("ledger claim answer");
          }
          return ((Long) answer.get(0)) == 1L ? Claim.won(record) : Claim.lost(record);
        });
  }

  @Override
  public Optional<LedgerRecord> find(String scope, String key) {
    String redisKey = redisKey(scope, key);
    long now = clock.millis();
    return redis.call(
        "find",
        () -> {
          String value = redis.commands().get(redisKey);
          return Optional.ofNullable(
              value == null ? null : LedgerValue.decode(scope, key, value, now));
        });
  }

  @Override
  public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
    Objects.requireNonNull(claimed, "claimed == null");
    Objects.requireNonNull(state, "state == null");
    String redisKey = redisKey(claimed.scope(), claimed.key());
    Instant now = clock.instant();
    return redis.call(
        "settle",
        () -> {
          String written =
              redis.eval(
                  SETTLE,
                  ScriptOutputType.VALUE,
                  redisKey,
                  Long.toString(now.toEpochMilli()),
                  Long.toString(claimed.version()),
                  claimed.createdAt().toString(),
                  LedgerValue.code(state),
                  vendorId == null ? "0" : "1",
                  vendorId == null ? "" : vendorId,
                  now.toString(),
                  Long.toString(expiry(now)),
                  Long.toString(ttlMillis));
          return Optional.ofNullable(
              written == null
                  ? null
                  : LedgerValue.decode(
                      claimed.scope(), claimed.key(), written, now.toEpochMilli()));
        });
  }

  private String redisKey(String scope, String key) {
    InvalidRequestException.requireName("scope", scope);
    if (key == null || key.isEmpty()) {
      throw InvalidRequestException.invalidField("key", "key must not be empty");
    }
    return keys.ledger(scope, key);
  }

  private long expiry(Instant now) {
    return now.plus(retention).toEpochMilli();
  }

  @Override
  public String toString() {
    return "KeyLedger.redis(retention=" + retention + ")";
  }
}
