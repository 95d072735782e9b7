package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory {@link KeyLedger}: a concurrent map, each claim and settle atomic on its own key,
 * so callers of different keys never wait for each other.
 *
 * <p>Retention: every record is queued once, in the order it was first claimed; each claim looks at
 * the head of that queue and drops records whose retention has ended, so keys that are never seen
 * again do not stay in memory. A record changed since it was queued goes to the back with its new
 * time instead. {@link LedgerState#FAILED} records are also queued in the order they failed, and
 * the oldest are evicted once there are more than {@code maxFailed}: forgetting one only lets a
 * repeat start afresh, which a failed record allows anyway. Every other record may pin a provider
 * (a forgotten success would let a repeat charge again elsewhere), so it is kept until its
 * retention ends.
 */
final class MemoryKeyLedger implements KeyLedger {
  private final Clock clock;
  private final Duration retention;
  private final int maxFailed;
  private final ConcurrentHashMap<String, LedgerRecord> records = new ConcurrentHashMap<>();
  private final Queue<Queued> expiry = new ConcurrentLinkedQueue<>();
  private final Queue<String> failedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failedCount = new AtomicInteger();

  /** A record's id and the time of the change it was queued for. */
  private record Queued(String id, Instant changedAt) {}

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
  public Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    String id = id(scope, key);
    Instant now = clock.instant();
    dropExpired(now);
    Claim[] claim = new Claim[1];
    boolean[] created = new boolean[1];
    records.compute(
        id,
        (k, existing) -> {
          if (existing == null || expired(existing, now)) {
            LedgerRecord record =
                LedgerRecord.pending(scope, key, provider, sentKey, fingerprint, now);
            claim[0] = Claim.won(record);
            created[0] = true;
            return record;
          }
          if (existing.state() == LedgerState.FAILED) {
            LedgerRecord record = existing.reclaimed(provider, sentKey, fingerprint, now);
            claim[0] = Claim.won(record);
            return record;
          }
          claim[0] = Claim.lost(existing);
          return existing;
        });
    if (created[0]) {
      expiry.add(new Queued(id, now));
    }
    return claim[0];
  }

  @Override
  public Optional<LedgerRecord> find(String scope, String key) {
    LedgerRecord record = records.get(id(scope, key));
    return record == null || expired(record, clock.instant())
        ? Optional.empty()
        : Optional.of(record);
  }

  @Override
  public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
    if (claimed == null || state == null) {
      throw InvalidRequestException.invalidField("claimed", "claimed and state must not be null");
    }
    String id = id(claimed.scope(), claimed.key());
    Instant now = clock.instant();
    LedgerRecord[] settled = new LedgerRecord[1];
    records.computeIfPresent(
        id,
        (k, current) -> {
          if (expired(current, now)) {
            return null;
          }
          if (current.version() != claimed.version()
              || !current.createdAt().equals(claimed.createdAt())) {
            return current;
          }
          settled[0] = current.next(state, vendorId, now);
          return settled[0];
        });
    if (settled[0] == null) {
      return Optional.empty();
    }
    if (state == LedgerState.FAILED) {
      failedOrder.add(id);
      evictFailed(now);
    }
    return Optional.of(settled[0]);
  }

  /**
   * Drops the records at the head of the expiry queue whose retention has ended; one changed since
   * it was queued goes to the back with its new time. Amortized constant time: a record is queued
   * once per retention period it lives through. Entries slightly out of order (threads queue as
   * they finish) only delay a drop; a record past its retention is never returned meanwhile.
   */
  private void dropExpired(Instant now) {
    Queued head;
    while ((head = expiry.peek()) != null && expired(head.changedAt(), now)) {
      Queued taken = expiry.poll();
      if (taken == null) {
        return;
      }
      if (!expired(taken.changedAt(), now)) {
        expiry.add(taken); // another thread took the expired head first
        return;
      }
      LedgerRecord left =
          records.computeIfPresent(taken.id(), (k, r) -> expired(r, now) ? null : r);
      if (left != null) {
        expiry.add(new Queued(taken.id(), left.updatedAt()));
      }
    }
  }

  private boolean expired(LedgerRecord record, Instant now) {
    return expired(record.updatedAt(), now);
  }

  private boolean expired(Instant changedAt, Instant now) {
    return !changedAt.plus(retention).isAfter(now);
  }

  /** How many records are held, expired ones not yet dropped included; for tests. */
  int size() {
    return records.size();
  }

  /**
   * Drops the oldest failed records beyond the cap. A queued id whose record has since been claimed
   * again or expired is skipped: only records that are still failed go.
   */
  private void evictFailed(Instant now) {
    if (failedCount.incrementAndGet() <= maxFailed) {
      return;
    }
    while (failedCount.get() > maxFailed) {
      String id = failedOrder.poll();
      if (id == null) {
        return;
      }
      failedCount.decrementAndGet();
      records.computeIfPresent(
          id, (k, r) -> expired(r, now) || r.state() == LedgerState.FAILED ? null : r);
    }
  }

  @Override
  public String toString() {
    return "KeyLedger.inMemory(retention=" + retention + ")";
  }
}
