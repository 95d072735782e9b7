package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
  private final ConcurrentHashMap<Id, Entry> records = new ConcurrentHashMap<>();
  private final Queue<Queued> expiry = new ConcurrentLinkedQueue<>();
  private final Queue<Id> failedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failedCount = new AtomicInteger();

  /** A record's id and the time of the change it was queued for. */
  private record Queued(Id id, long changedSecond, int changedNano) {
    Queued(Id id, Instant changedAt) {
      this(id, changedAt.getEpochSecond(), changedAt.getNano());
    }

    Instant changedAt() {
      return Instant.ofEpochSecond(changedSecond, changedNano);
    }
  }

  MemoryKeyLedger(Clock clock, Duration retention, int maxFailed) {
    this.clock = clock;
    this.retention = retention;
    this.maxFailed = maxFailed;
  }

  private static Id id(String scope, String key) {
    InvalidRequestException.requireName("scope", scope);
    Objects.requireNonNull(key, "key == null");
    if (key.isEmpty()) {
      throw InvalidRequestException.invalidField("key", "key must not be empty");
    }
    return new Id(scope, key);
  }

  @Override
  public Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    Id id = id(scope, key);
    Instant now = clock.instant();
    // Checks the arguments before anything is stored, as the record would.
    LedgerRecord pending = LedgerRecord.pending(scope, key, provider, sentKey, fingerprint, now);
    dropExpired(now);
    Claim[] claim = new Claim[1];
    boolean[] created = new boolean[1];
    records.compute(
        id,
        (k, existing) -> {
          if (existing == null || expired(existing.updatedAt(), now)) {
            claim[0] = Claim.won(pending);
            created[0] = true;
            return Entry.of(pending);
          }
          if (existing.state == LedgerState.FAILED) {
            LedgerRecord record =
                existing.toRecord(k).reclaimed(provider, sentKey, fingerprint, now);
            claim[0] = Claim.won(record);
            return Entry.of(record);
          }
          claim[0] = Claim.lost(existing.toRecord(k));
          return existing;
        });
    if (created[0]) {
      expiry.add(new Queued(id, now));
    }
    return claim[0];
  }

  @Override
  public Optional<LedgerRecord> find(String scope, String key) {
    Id id = id(scope, key);
    Entry entry = records.get(id);
    return entry == null || expired(entry.updatedAt(), clock.instant())
        ? Optional.empty()
        : Optional.of(entry.toRecord(id));
  }

  @Override
  public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
    Objects.requireNonNull(claimed, "claimed == null");
    Objects.requireNonNull(state, "state == null");
    Id id = id(claimed.scope(), claimed.key());
    Instant now = clock.instant();
    LedgerRecord[] settled = new LedgerRecord[1];
    records.computeIfPresent(
        id,
        (k, current) -> {
          if (expired(current.updatedAt(), now)) {
            return null;
          }
          if (current.version != claimed.version()
              || !current.createdAt().equals(claimed.createdAt())) {
            return current;
          }
          // The same version of the same claim: the claimed record holds what the entry holds.
          settled[0] =
              new LedgerRecord(
                      claimed.scope(),
                      claimed.key(),
                      claimed.provider(),
                      claimed.sentKey(),
                      claimed.fingerprint(),
                      current.state,
                      current.vendorId,
                      claimed.createdAt(),
                      current.updatedAt(),
                      current.version)
                  .next(state, vendorId, now);
          return Entry.of(settled[0]);
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
      Entry left =
          records.computeIfPresent(taken.id(), (k, e) -> expired(e.updatedAt(), now) ? null : e);
      if (left != null) {
        expiry.add(new Queued(taken.id(), left.updatedAt()));
      }
    }
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
      Id id = failedOrder.poll();
      if (id == null) {
        return;
      }
      failedCount.decrementAndGet();
      records.computeIfPresent(
          id, (k, e) -> expired(e.updatedAt(), now) || e.state == LedgerState.FAILED ? null : e);
    }
  }

  @Override
  public String toString() {
    return "KeyLedger.inMemory(retention=" + retention + ")";
  }

  /** A record's scope and key: the map's key, holding the caller's strings without a copy. */
  private static final class Id {
    final String scope;
    final String key;
    final int hash;

    Id(String scope, String key) {
      this.scope = scope;
      this.key = key;
      this.hash = 31 * scope.hashCode() + key.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Id other
          && hash == other.hash
          && key.equals(other.key)
          && scope.equals(other.scope);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A record as the map holds it, for as long as its retention: a sent key equal to the key is not
   * held twice, a fingerprint that is a SHA-256 in unpadded base64url (what the composites write)
   * is held as four longs, and times as numbers, so that a record is a few small objects the
   * collector copies quickly rather than a dozen.
   */
  private static final class Entry {
    final String provider;
    final String sentKey; // null: the same as the key
    final String fingerprintText; // null: the fingerprint is the packed digest
    final long fp0;
    final long fp1;
    final long fp2;
    final long fp3;
    final LedgerState state;
    final String vendorId;
    final long createdSecond;
    final long updatedSecond;
    final int createdNano;
    final int updatedNano;
    final long version;

    private Entry(LedgerRecord r, long[] digest) {
      this.provider = r.provider();
      this.sentKey = r.sentKey().equals(r.key()) ? null : r.sentKey();
      this.fingerprintText = digest == null ? r.fingerprint() : null;
      this.fp0 = digest == null ? 0 : digest[0];
      this.fp1 = digest == null ? 0 : digest[1];
      this.fp2 = digest == null ? 0 : digest[2];
      this.fp3 = digest == null ? 0 : digest[3];
      this.state = r.state();
      this.vendorId = r.vendorId().orElse(null);
      this.createdSecond = r.createdAt().getEpochSecond();
      this.createdNano = r.createdAt().getNano();
      this.updatedSecond = r.updatedAt().getEpochSecond();
      this.updatedNano = r.updatedAt().getNano();
      this.version = r.version();
    }

    static Entry of(LedgerRecord record) {
      return new Entry(record, PackedDigest.unpack(record.fingerprint()));
    }

    Instant createdAt() {
      return Instant.ofEpochSecond(createdSecond, createdNano);
    }

    Instant updatedAt() {
      return Instant.ofEpochSecond(updatedSecond, updatedNano);
    }

    LedgerRecord toRecord(Id id) {
      return new LedgerRecord(
          id.scope,
          id.key,
          provider,
          sentKey == null ? id.key : sentKey,
          fingerprintText != null
              ? fingerprintText
              : PackedDigest.pack(new long[] {fp0, fp1, fp2, fp3}),
          state,
          vendorId,
          createdAt(),
          updatedAt(),
          version);
    }
  }
}
