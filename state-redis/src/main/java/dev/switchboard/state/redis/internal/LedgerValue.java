package dev.switchboard.state.redis.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A ledger record as one Redis string: a header a Lua pattern can read, then the provider, sent
 * key, fingerprint and vendor id back to back, measured in UTF-8 bytes so that they may hold any
 * character. The leading {@code 2} is the format's version; a value in any other format is
 * unreadable, and the store fails closed on it.
 *
 * <pre>
 * 2|state|version|expiresAtMillis|createdAt|updatedAt|providerBytes|sentKeyBytes|fingerprintBytes|vendorIdBytes|providersentKeyfingerprintvendorId
 * </pre>
 *
 * <p>The expiry is the store clock's, not Redis's: a record whose expiry has passed on that clock
 * is absent, whatever its Redis TTL says. Scope and key are in the Redis key, so not repeated here.
 */
final class LedgerValue {
  private static final int FIELDS = 9;

  private static final String FORMAT = "2";

  /** The Lua side of this format: {@code parse(value)} and {@code encode(...)}. */
  static final String LUA =
      """
      local function parse(v)
        local st, ver, exp, created, updated, pl, sl, fl, vl, at = string.match(v,
          '^2|(%u)|(%d+)|(%d+)|([^|]+)|([^|]+)|(%d+)|(%d+)|(%d+)|(%d+)|()')
        if not st then return nil end
        pl, sl, fl, vl = tonumber(pl), tonumber(sl), tonumber(fl), tonumber(vl)
        return { st = st, ver = tonumber(ver), exp = tonumber(exp), created = created,
          provider = string.sub(v, at, at + pl - 1),
          sent = string.sub(v, at + pl, at + pl + sl - 1),
          fp = string.sub(v, at + pl + sl, at + pl + sl + fl - 1),
          vendor = string.sub(v, at + pl + sl + fl, at + pl + sl + fl + vl - 1) }
      end
      local function encode(st, ver, exp, created, updated, provider, sent, fp, vendor)
        return table.concat({ '2', st, string.format('%d', ver), string.format('%d', exp),
          created, updated, #provider, #sent, #fp, #vendor, '' }, '|')
          .. provider .. sent .. fp .. vendor
      end
      """;

  private LedgerValue() {}

  static String encode(LedgerRecord record, long expiresAtMillis) {
    String vendorId = record.vendorId().orElse("");
    return FORMAT
        + '|'
        + code(record.state())
        + '|'
        + record.version()
        + '|'
        + expiresAtMillis
        + '|'
        + record.createdAt()
        + '|'
        + record.updatedAt()
        + '|'
        + utf8Length(record.provider())
        + '|'
        + utf8Length(record.sentKey())
        + '|'
        + utf8Length(record.fingerprint())
        + '|'
        + utf8Length(vendorId)
        + '|'
        + record.provider()
        + record.sentKey()
        + record.fingerprint()
        + vendorId;
  }

  /** The record in {@code value}, or null when its expiry has passed at {@code nowMillis}. */
  static LedgerRecord decode(String scope, String key, String value, long nowMillis) {
    String[] header = new String[FIELDS];
    int start = 0;
    for (int i = 0; i < FIELDS + 1; i++) {
      int bar = value.indexOf('|', start);
      if (bar < 0) {
        throw new UnreadableValueException("ledger record");
      }
      if (i == 0) {
        if (!value.substring(0, bar).equals(FORMAT)) {
          throw new UnreadableValueException("ledger record");
        }
      } else {
        header[i - 1] = value.substring(start, bar);
      }
      start = bar + 1;
    }
    try {
      long expiresAt = Long.parseLong(header[2]);
      if (expiresAt <= nowMillis) {
        return null;
      }
      byte[] tail = value.substring(start).getBytes(StandardCharsets.UTF_8);
      int providerLength = Integer.parseInt(header[5]);
      int sentKeyLength = Integer.parseInt(header[6]);
      int fingerprintLength = Integer.parseInt(header[7]);
      int vendorIdLength = Integer.parseInt(header[8]);
      if (providerLength < 0
          || sentKeyLength < 0
          || fingerprintLength < 0
          || vendorIdLength < 0
          || (long) providerLength + sentKeyLength + fingerprintLength + vendorIdLength
              != tail.length) {
        throw new UnreadableValueException("ledger record");
      }
      int fingerprintStart = providerLength + sentKeyLength;
      int vendorIdStart = fingerprintStart + fingerprintLength;
      return new LedgerRecord(
          scope,
          key,
          new String(tail, 0, providerLength, StandardCharsets.UTF_8),
          new String(tail, providerLength, sentKeyLength, StandardCharsets.UTF_8),
          new String(tail, fingerprintStart, fingerprintLength, StandardCharsets.UTF_8),
          state(header[0]),
          new String(tail, vendorIdStart, vendorIdLength, StandardCharsets.UTF_8),
          Instant.parse(header[3]),
          Instant.parse(header[4]),
          Long.parseLong(header[1]));
    } catch (NumberFormatException | DateTimeParseException | InvalidRequestException e) {
      throw new UnreadableValueException("ledger record");
    }
  }

  static String code(LedgerState state) {
    return switch (state) {
      case PENDING -> "P";
      case SUCCEEDED -> "S";
      case FAILED -> "F";
      case UNKNOWN -> "U";
    };
  }

  private static LedgerState state(String code) {
    return switch (code) {
      case "P" -> LedgerState.PENDING;
      case "S" -> LedgerState.SUCCEEDED;
      case "F" -> LedgerState.FAILED;
      case "U" -> LedgerState.UNKNOWN;
      default -> throw new UnreadableValueException("ledger record");
    };
  }

  private static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
