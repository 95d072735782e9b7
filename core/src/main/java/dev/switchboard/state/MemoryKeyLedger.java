package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The in-memory {@link KeyLedger}. One lock: a claim is a map look-up, so the lock is held for
 * nanoseconds. {@link LedgerState#FAILED} records are queued in the order they failed, and the
 * oldest are evicted once there are more than {@code maxFailed}: forgetting one only lets a repeat
 * start afresh, which a failed record allows anyway. Every other record may pin a provider (a
 * forgotten success would let a repeat charge again elsewhere), so it is kept until its retention
 * ends, and no longer: records are held in the order of their last change, and each claim first
 * drops those at the head whose retention has ended, so keys that are never seen again do not stay
 * in memory.
 */
final class MemoryKeyLedger implements KeyLedger {
  private final Clock clock;
  private final Duration retention;
  private final int maxFailed;
  private final LinkedHashMap<String, LedgerRecord> records = new LinkedHashMap<>();
  private final ArrayDeque<String> failedOrder = new ArrayDeque<>();

  MemoryKeyLedger(Clock clock, Duration retention, int maxFailed) {
    this.clock = clock;
    this.retention = retention;
    this.maxFailed = maxFailed;
  }

  private static String id(String scope, String key) {
    InvalidRequestException.requireName("scope", scope);
    if (key == null || key.isEmpty()) {
      throw InvalidRequestException.invalidField("key", "key must not be empty");
    }
    return scope + '\n' + key;
  }

  @Override
  public synchronized Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    String id = id(scope, key);
    Instant now = clock.instant();
    dropExpired(now);
    LedgerRecord existing = live(id, now);
    if (existing == null) {
      LedgerRecord record = LedgerRecord.pending(scope, key, provider, sentKey, fingerprint, now);
      changed(id, record);
      return Claim.won(record);
    }
    if (existing.state() == LedgerState.FAILED) {
      LedgerRecord record = existing.reclaimed(provider, sentKey, fingerprint, now);
      changed(id, record);
      return Claim.won(record);
    }
    return Claim.lost(existing);
  }

  @Override
  public synchronized Optional<LedgerRecord> find(String scope, String key) {
    return Optional.ofNullable(live(id(scope, key), clock.instant()));
  }

  @Override
  public synchronized Optional<LedgerRecord> settle(
      LedgerRecord claimed, LedgerState state, String vendorId) {
    if (claimed == null || state == null) {
      throw InvalidRequestException.invalidField("claimed", "claimed and state must not be null");
    }
    String id = id(claimed.scope(), claimed.key());
    Instant now = clock.instant();
    LedgerRecord current = live(id, now);
    if (current == null
        || current.version() != claimed.version()
        || !current.createdAt().equals(claimed.createdAt())) {
      return Optional.empty();
    }
    LedgerRecord next = current.next(state, vendorId, now);
    changed(id, next);
    if (state == LedgerState.FAILED) {
      failedOrder.addLast(id);
      evictFailed(now);
    }
    return Optional.of(next);
  }

  /** Stores a record as the most recently changed, which keeps the map in order of expiry. */
  private void changed(String id, LedgerRecord record) {
    records.remove(id);
    records.put(id, record);
  }

  /**
   * Drops the records at the head whose retention has ended: amortized constant time, since each
   * record is dropped once. A clock that steps back may leave some behind for a while; {@link
   * #live} still never returns one.
   */
  private void dropExpired(Instant now) {
    Iterator<LedgerRecord> oldest = records.values().iterator();
    while (oldest.hasNext() && expired(oldest.next(), now)) {
      oldest.remove();
    }
  }

  private boolean expired(LedgerRecord record, Instant now) {
    return !record.updatedAt().plus(retention).isAfter(now);
  }

  /** How many records are held, expired ones not yet dropped included; for tests. */
  synchronized int size() {
    return records.size();
  }

  private LedgerRecord live(String id, Instant now) {
    LedgerRecord record = records.get(id);
    if (record != null && expired(record, now)) {
      records.remove(id);
      return null;
    }
    return record;
  }

  /**
   * Drops the oldest failed records beyond the cap. A queued id whose record has since been claimed
   * again or expired is skipped: only records that are still failed go.
   */
  private void evictFailed(Instant now) {
    while (failedOrder.size() > maxFailed) {
      String id = failedOrder.pollFirst();
      LedgerRecord record = live(id, now);
      if (record != null && record.state() == LedgerState.FAILED) {
        records.remove(id);
      }
    }
  }

  @Override
  public String toString() {
    return "KeyLedger.inMemory(retention=" + retention + ")";
  }
}
