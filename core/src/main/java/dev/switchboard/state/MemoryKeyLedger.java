package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory {@link KeyLedger}: {@value #TABLE_COUNT} {@link LedgerTable}s, each behind its own
 * monitor, a key's claim and settle atomic within its table, so callers of different keys seldom
 * wait for each other. Records are rows of primitive arrays rather than objects, so holding many
 * keys for their whole retention costs the garbage collector next to nothing.
 *
 * <p>Retention: the ledger knows when its oldest record's retention ends; the first claim at or
 * after that time sweeps every table, dropping the records whose retention ended, so keys that are
 * never seen again do not stay in memory. Sweeps come at most once every sixteenth of the
 * retention, so a record may stay that much longer in memory; it is never returned once its
 * retention ended. {@link LedgerState#FAILED} records are also queued in the order they failed, and
 * the oldest are evicted once there are more than {@code maxFailed}: forgetting one only lets a
 * repeat start afresh, which a failed record allows anyway. Every other record may pin a provider
 * (a forgotten success would let a repeat charge again elsewhere), so it is kept until its
 * retention ends.
 */
final class MemoryKeyLedger implements KeyLedger {
  private static final int TABLE_COUNT = 32;

  private final Clock clock;
  private final Duration retention;
  private final LedgerTable.Retention kept;
  private final long sweepGapMillis;
  private final int maxFailed;
  private final LedgerTable[] tables = new LedgerTable[TABLE_COUNT];
  private final Names names = new Names();
  private final AtomicLong nextSweepMillis = new AtomicLong(Long.MAX_VALUE);
  private final ReentrantLock sweeping = new ReentrantLock();
  private final Queue<Failed> failedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failedCount = new AtomicInteger();

  /** A failed record's scope and key, queued for eviction by count. */
  private record Failed(String scope, String key) {}

  MemoryKeyLedger(Clock clock, Duration retention, int maxFailed) {
    this.clock = clock;
    this.retention = retention;
    this.kept = new LedgerTable.Retention(retention);
    this.sweepGapMillis = Math.max(1, retention.toMillis() / 16);
    this.maxFailed = maxFailed;
    for (int i = 0; i < TABLE_COUNT; i++) {
      tables[i] = new LedgerTable();
    }
  }

  private static void check(String scope, String key) {
    InvalidRequestException.requireName("scope", scope);
    Objects.requireNonNull(key, "key == null");
    if (key.isEmpty()) {
      throw InvalidRequestException.invalidField("key", "key must not be empty");
    }
  }

  /** A well-mixed hash of scope and key: its top bits pick the table, its low bits the row. */
  private static int hash(String scope, String key) {
    int h = 31 * scope.hashCode() + key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private LedgerTable table(int hash) {
    return tables[hash >>> (32 - Integer.numberOfTrailingZeros(TABLE_COUNT))];
  }

  @Override
  public Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    check(scope, key);
    Instant now = clock.instant();
    // Checks the arguments before anything is stored, as the record would.
    LedgerRecord pending = LedgerRecord.pending(scope, key, provider, sentKey, fingerprint, now);
    sweepIfDue(now);
    long[] digest = PackedDigest.unpack(fingerprint);
    int hash = hash(scope, key);
    int scopeIndex = names.index(scope);
    int providerIndex = names.index(provider);
    LedgerTable table = table(hash);
    synchronized (table) {
      table.reserve();
      int row = table.find(hash, scopeIndex, key);
      if (row < 0) {
        table.insert(hash, scopeIndex, providerIndex, pending, digest);
        nextSweepMillis.compareAndSet(
            Long.MAX_VALUE, kept.endMillis(now.getEpochSecond(), now.getNano()));
        return Claim.won(pending);
      }
      if (table.expired(row, now, kept)) {
        table.write(row, providerIndex, pending, digest);
        return Claim.won(pending);
      }
      LedgerRecord existing = table.read(row, scope, key, names.name(table.provider(row)));
      if (existing.state() == LedgerState.FAILED) {
        LedgerRecord record = existing.reclaimed(provider, sentKey, fingerprint, now);
        table.write(row, providerIndex, record, digest);
        return Claim.won(record);
      }
      return Claim.lost(existing);
    }
  }

  @Override
  public Optional<LedgerRecord> find(String scope, String key) {
    check(scope, key);
    Instant now = clock.instant();
    int hash = hash(scope, key);
    int scopeIndex = names.find(scope);
    if (scopeIndex < 0) {
      return Optional.empty();
    }
    LedgerTable table = table(hash);
    synchronized (table) {
      int row = table.find(hash, scopeIndex, key);
      return row < 0 || table.expired(row, now, kept)
          ? Optional.empty()
          : Optional.of(table.read(row, scope, key, names.name(table.provider(row))));
    }
  }

  @Override
  public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
    Objects.requireNonNull(claimed, "claimed == null");
    Objects.requireNonNull(state, "state == null");
    String scope = claimed.scope();
    String key = claimed.key();
    check(scope, key);
    Instant now = clock.instant();
    int hash = hash(scope, key);
    int scopeIndex = names.find(scope);
    if (scopeIndex < 0) {
      return Optional.empty();
    }
    LedgerRecord settled;
    LedgerTable table = table(hash);
    synchronized (table) {
      int row = table.find(hash, scopeIndex, key);
      if (row < 0) {
        return Optional.empty();
      }
      if (table.expired(row, now, kept)) {
        table.delete(row);
        return Optional.empty();
      }
      if (table.version(row) != claimed.version() || !table.createdAt(row, claimed.createdAt())) {
        return Optional.empty();
      }
      // The same version of the same claim: the claimed record holds what the row holds.
      settled =
          new LedgerRecord(
                  scope,
                  key,
                  claimed.provider(),
                  claimed.sentKey(),
                  claimed.fingerprint(),
                  table.state(row),
                  table.vendorId(row),
                  claimed.createdAt(),
                  claimed.updatedAt(),
                  claimed.version())
              .next(state, vendorId, now);
      table.settle(row, settled);
    }
    if (state == LedgerState.FAILED) {
      failedOrder.add(new Failed(scope, key));
      evictFailed(now);
    }
    return Optional.of(settled);
  }

  /**
   * Sweeps every table once the oldest record's retention may have ended, by one caller at a time;
   * the next sweep comes when the oldest record kept expires, and no sooner than a sixteenth of the
   * retention from now.
   */
  private void sweepIfDue(Instant now) {
    long nowMillis = now.toEpochMilli();
    if (nowMillis < nextSweepMillis.get() || !sweeping.tryLock()) {
      return;
    }
    try {
      if (nowMillis < nextSweepMillis.get()) {
        return;
      }
      long earliest = Long.MAX_VALUE;
      for (LedgerTable table : tables) {
        synchronized (table) {
          earliest = Math.min(earliest, table.sweep(now, kept));
        }
      }
      nextSweepMillis.set(
          earliest == Long.MAX_VALUE
              ? Long.MAX_VALUE
              : Math.max(earliest, nowMillis + sweepGapMillis));
    } finally {
      sweeping.unlock();
    }
  }

  /** How many records are held, expired ones not yet dropped included; for tests. */
  int size() {
    int size = 0;
    for (LedgerTable table : tables) {
      synchronized (table) {
        size += table.count();
      }
    }
    return size;
  }

  /**
   * Drops the oldest failed records beyond the cap. A queued key whose record has since been
   * claimed again or expired is skipped: only records that are still failed go.
   */
  private void evictFailed(Instant now) {
    if (failedCount.incrementAndGet() <= maxFailed) {
      return;
    }
    while (failedCount.get() > maxFailed) {
      Failed failed = failedOrder.poll();
      if (failed == null) {
        return;
      }
      failedCount.decrementAndGet();
      int hash = hash(failed.scope(), failed.key());
      LedgerTable table = table(hash);
      synchronized (table) {
        int row = table.find(hash, names.find(failed.scope()), failed.key());
        if (row >= 0 && (table.expired(row, now, kept) || table.state(row) == LedgerState.FAILED)) {
          table.delete(row);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "KeyLedger.inMemory(retention=" + retention + ")";
  }

  /**
   * Scope and provider names as small numbers, so that a row holds two shorts instead of two
   * strings. Names are few (one scope per operation, one per configured provider) and never
   * forgotten.
   */
  private static final class Names {
    private static final int MAX = 1 << 16;
    private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();
    private volatile String[] names = new String[0];

    int find(String name) {
      int same = sameInstance(name);
      if (same >= 0) {
        return same;
      }
      Integer index = indexes.get(name);
      return index == null ? -1 : index;
    }

    int index(String name) {
      int same = sameInstance(name);
      if (same >= 0) {
        return same;
      }
      Integer index = indexes.get(name);
      return index != null ? index : add(name);
    }

    /**
     * The index of this very string among the first few names, or -1: callers pass the same
     * constant scope and provider strings on every call, so this skips hashing them.
     */
    private int sameInstance(String name) {
      String[] known = names;
      for (int i = 0, n = Math.min(known.length, 8); i < n; i++) {
        if (known[i] == name) {
          return i;
        }
      }
      return -1;
    }

    private synchronized int add(String name) {
      Integer index = indexes.get(name);
      if (index != null) {
        return index;
      }
      int next = names.length;
      if (next == MAX) {
        throw new IllegalStateException(
            "the in-memory key ledger holds at most " + MAX + " scope and provider names");
      }
      String[] grown = Arrays.copyOf(names, next + 1);
      grown[next] = name;
      names = grown;
      indexes.put(name, next);
      return next;
    }

    String name(int index) {
      return names[index];
    }
  }
}
