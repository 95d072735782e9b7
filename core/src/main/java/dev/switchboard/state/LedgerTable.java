package dev.switchboard.state;

import java.time.Instant;
import java.util.Arrays;

/**
 * One of the in-memory ledger's tables: an open-addressing hash table whose records are rows of a
 * single {@code long[]}, with their strings copied into a single {@code byte[]}. Lookups probe the
 * slots, two {@code int[]}s holding each record's hash and the number of its row. A record held for
 * days is then no object at all, so the collector, which copies every young object that survives,
 * has nothing to copy per key: the table costs it four arrays however many keys it holds. Callers
 * hold the table's monitor for every method.
 *
 * <p>Linear probing over the slots, kept at most three quarters full; a deleted slot is filled by
 * shifting later slots of its run back, so a lookup never needs tombstones. Rows are appended in
 * the order records arrive, so a claim writes next to the previous claim's row instead of at a
 * random place in a table that may span a hundred megabytes (the cache and TLB misses of that write
 * were 3.5% of a send's CPU at 8 threads), and the settle that follows finds the row still in
 * cache. A deleted record leaves its row empty until the rows are compacted, when they run out or
 * the table is rebuilt. Strings are appended to the arena; a full arena grows by a copy unless more
 * than half of it is garbage, when the live strings are compacted in place. A string whose
 * characters all fit in one byte takes one byte a character, any other two. The number a lookup
 * returns is a slot: it stays valid until the next {@link #reserve}, {@link #delete} or {@link
 * #sweep}.
 */
final class LedgerTable {
  // Row layout: STRIDE longs a record.
  private static final int HEAD = 0; // slot tag << 32 | scope << 16 | provider
  private static final int KEY = 1; // string refs: offset << 32 | wide bit | length
  private static final int SENT = 2;
  private static final int VENDOR = 3;
  private static final int FP = 4; // four longs of a packed digest, or FP holds a string ref
  private static final int CREATED = 8; // epoch second
  private static final int UPDATED = 9; // epoch second
  private static final int NANOS = 10; // created nano << 32 | updated nano
  private static final int VERSION = 11; // version (48 bits) | state << 48 | flags << 56
  private static final int STRIDE = 12;

  private static final long USED = 1;
  private static final long FP_PACKED = 2;
  private static final long SENT_IS_KEY = 4;
  private static final long HAS_VENDOR = 8;
  private static final long VERSION_MASK = (1L << 48) - 1;
  private static final long WIDE = 1L << 31;
  private static final int MIN_CAPACITY = 16;
  private static final LedgerState[] STATES = LedgerState.values();

  private int[] tags = new int[MIN_CAPACITY]; // a record's hash, never 0; 0: the slot is empty
  private int[] slots = new int[MIN_CAPACITY]; // the row of the slot's record
  private long[] rows = new long[MIN_CAPACITY * STRIDE]; // as many rows as slots
  private int capacity = MIN_CAPACITY;
  private int count;
  private int used; // rows taken: every record's, and the empty rows deleted ones left
  private byte[] arena = new byte[256];
  private int arenaUsed;
  private int arenaLive;

  int count() {
    return count;
  }

  /**
   * The slot holding {@code key} in scope {@code scope}, or {@code -1}. Call {@link #reserve} first
   * when a miss will be followed by {@link #insert}, so that the table does not move in between.
   */
  int find(int hash, int scope, String key) {
    int tag = tag(hash);
    int mask = capacity - 1;
    for (int i = tag & mask; ; i = (i + 1) & mask) {
      int found = tags[i];
      if (found == 0) {
        return -1;
      }
      if (found == tag) {
        int at = slots[i] * STRIDE;
        if (((int) rows[at + HEAD] >>> 16) == scope && equalsRef(rows[at + KEY], key)) {
          return i;
        }
      }
    }
  }

  /** Where the record in {@code slot} starts in {@link #rows}. */
  private int at(int slot) {
    return slots[slot] * STRIDE;
  }

  /** The hash as the table keeps it: probes run over the tags, and 0 marks an empty row. */
  private static int tag(int hash) {
    return hash == 0 ? 1 : hash;
  }

  /**
   * Makes room for one more record before a lookup that may insert: grows the table, or compacts
   * its rows when deleted records' empty rows have used them up.
   */
  void reserve() {
    if ((count + 1) * 4L > capacity * 3L) {
      rehash(capacity * 2, null, null);
    } else if (used == capacity) {
      rehash(capacity, null, null);
    }
  }

  /** Inserts {@code record} for a key {@link #find} did not hold; {@link #reserve} came first. */
  void insert(int hash, int scope, int provider, LedgerRecord record, long[] digest) {
    int tag = tag(hash);
    int slot = place(tag);
    int at = at(slot);
    rows[at + HEAD] = (long) tag << 32 | (long) scope << 16;
    rows[at + KEY] = append(record.key());
    rows[at + VERSION] = USED << 56;
    write(slot, provider, record, digest);
  }

  /**
   * Takes the next row for a record whose hash is {@code tag}: the first empty slot of its run
   * points to it. Returns the slot; the row is empty until the caller fills it.
   */
  private int place(int tag) {
    int mask = capacity - 1;
    int i = tag & mask;
    while (tags[i] != 0) {
      i = (i + 1) & mask;
    }
    tags[i] = tag;
    slots[i] = used++;
    count++;
    return i;
  }

  /**
   * Overwrites the record in {@code slot} with {@code record}: the same key, anything else may
   * change. The strings it no longer refers to become arena garbage.
   */
  void write(int slot, int provider, LedgerRecord record, long[] digest) {
    int at = at(slot);
    long flags = USED;
    release(at);
    rows[at + HEAD] = rows[at + HEAD] & ~0xffffL | provider;
    if (record.sentKey().equals(record.key())) {
      flags |= SENT_IS_KEY;
    } else {
      rows[at + SENT] = append(record.sentKey());
    }
    if (digest != null) {
      flags |= FP_PACKED;
      System.arraycopy(digest, 0, rows, at + FP, 4);
    } else {
      rows[at + FP] = append(record.fingerprint());
    }
    String vendorId = record.vendorId().orElse(null);
    if (vendorId != null) {
      flags |= HAS_VENDOR;
      rows[at + VENDOR] = append(vendorId);
    }
    Instant created = record.createdAt();
    Instant updated = record.updatedAt();
    rows[at + CREATED] = created.getEpochSecond();
    rows[at + UPDATED] = updated.getEpochSecond();
    rows[at + NANOS] = (long) created.getNano() << 32 | updated.getNano();
    rows[at + VERSION] =
        flags << 56 | (long) record.state().ordinal() << 48 | (record.version() & VERSION_MASK);
  }

  /**
   * Writes what a settle changes, the state, vendor id, time of change and version, leaving the
   * provider, sent key and fingerprint the row holds, which are {@code record}'s.
   */
  void settle(int slot, LedgerRecord record) {
    int at = at(slot);
    long flags = rows[at + VERSION] >>> 56;
    String vendorId = record.vendorId().orElse(null);
    if ((flags & HAS_VENDOR) != 0) {
      if (vendorId != null && equalsRef(rows[at + VENDOR], vendorId)) {
        vendorId = null; // already held
      } else {
        arenaLive -= bytes(rows[at + VENDOR]);
        flags &= ~HAS_VENDOR;
      }
    }
    if (vendorId != null) {
      rows[at + VENDOR] = append(vendorId);
      flags |= HAS_VENDOR;
    }
    Instant updated = record.updatedAt();
    rows[at + UPDATED] = updated.getEpochSecond();
    rows[at + NANOS] = rows[at + NANOS] & 0xffffffff00000000L | updated.getNano();
    rows[at + VERSION] =
        flags << 56 | (long) record.state().ordinal() << 48 | (record.version() & VERSION_MASK);
  }

  LedgerState state(int slot) {
    return STATES[(int) (rows[at(slot) + VERSION] >>> 48 & 0xff)];
  }

  long version(int slot) {
    return rows[at(slot) + VERSION] & VERSION_MASK;
  }

  boolean createdAt(int slot, Instant instant) {
    int at = at(slot);
    return rows[at + CREATED] == instant.getEpochSecond()
        && (int) (rows[at + NANOS] >>> 32) == instant.getNano();
  }

  /** Whether the record's last change is {@code retention} or more before {@code now}. */
  boolean expired(int slot, Instant now, Retention retention) {
    int at = at(slot);
    return retention.expired(rows[at + UPDATED], (int) rows[at + NANOS], now);
  }

  /** The vendor id the record holds, or null. */
  String vendorId(int slot) {
    int at = at(slot);
    return (rows[at + VERSION] >>> 56 & HAS_VENDOR) == 0 ? null : string(rows[at + VENDOR]);
  }

  /** The row as a record; {@code scope} and {@code key} are the caller's, equal to the row's. */
  LedgerRecord read(int slot, String scope, String key, String provider) {
    int at = at(slot);
    long flags = rows[at + VERSION] >>> 56;
    String fingerprint =
        (flags & FP_PACKED) != 0
            ? PackedDigest.pack(Arrays.copyOfRange(rows, at + FP, at + FP + 4))
            : string(rows[at + FP]);
    long nanos = rows[at + NANOS];
    return new LedgerRecord(
        scope,
        key,
        provider,
        (flags & SENT_IS_KEY) != 0 ? key : string(rows[at + SENT]),
        fingerprint,
        state(slot),
        vendorId(slot),
        Instant.ofEpochSecond(rows[at + CREATED], (int) (nanos >>> 32)),
        Instant.ofEpochSecond(rows[at + UPDATED], (int) nanos),
        version(slot));
  }

  int provider(int slot) {
    return (int) (rows[at(slot) + HEAD] & 0xffff);
  }

  /**
   * Removes a record: its row is left empty, and the later slots of its run shift back so that
   * lookups still find them.
   */
  void delete(int slot) {
    int at = at(slot);
    release(at);
    arenaLive -= bytes(rows[at + KEY]);
    Arrays.fill(rows, at, at + STRIDE, 0L);
    int mask = capacity - 1;
    int hole = slot;
    for (int i = (slot + 1) & mask; tags[i] != 0; i = (i + 1) & mask) {
      int home = tags[i] & mask;
      // The slot may fill the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!stays) {
        tags[hole] = tags[i];
        slots[hole] = slots[i];
        hole = i;
      }
    }
    tags[hole] = 0;
    slots[hole] = 0;
    count--;
  }

  /**
   * Drops every row whose retention has ended and shrinks the table to fit the rest; returns the
   * earliest last change among the rows kept, as epoch milliseconds, or {@link Long#MAX_VALUE}.
   */
  long sweep(Instant now, Retention retention) {
    int keep = 0;
    long earliest = Long.MAX_VALUE;
    for (int r = 0; r < used; r++) {
      int at = r * STRIDE;
      if ((rows[at + VERSION] >>> 56 & USED) != 0
          && !retention.expired(rows[at + UPDATED], (int) rows[at + NANOS], now)) {
        keep++;
        earliest =
            Math.min(earliest, retention.endMillis(rows[at + UPDATED], (int) rows[at + NANOS]));
      }
    }
    int size = MIN_CAPACITY;
    while (keep * 2L > size) {
      size *= 2;
    }
    rehash(size, now, retention);
    return earliest;
  }

  /**
   * Moves every record (but expired ones, when {@code now} is given) to a table of {@code size},
   * its rows in their order without the empty ones.
   */
  private void rehash(int size, Instant now, Retention retention) {
    long[] old = rows;
    int oldUsed = used;
    byte[] oldArena = arena;
    rows = new long[size * STRIDE];
    tags = new int[size];
    slots = new int[size];
    capacity = size;
    count = 0;
    used = 0;
    arena = new byte[Math.max(256, arenaLive + arenaLive / 2)];
    arenaUsed = 0;
    arenaLive = 0;
    for (int r = 0; r < oldUsed; r++) {
      int from = r * STRIDE;
      long flags = old[from + VERSION] >>> 56;
      if ((flags & USED) == 0
          || (now != null
              && retention.expired(old[from + UPDATED], (int) old[from + NANOS], now))) {
        continue;
      }
      int to = at(place((int) (old[from + HEAD] >>> 32)));
      System.arraycopy(old, from, rows, to, STRIDE);
      copyStrings(to, flags, oldArena);
    }
  }

  /** Marks the strings of a row other than its key as garbage. */
  private void release(int at) {
    long flags = rows[at + VERSION] >>> 56;
    if ((flags & USED) == 0) {
      return;
    }
    if ((flags & SENT_IS_KEY) == 0) {
      arenaLive -= bytes(rows[at + SENT]);
    }
    if ((flags & FP_PACKED) == 0) {
      arenaLive -= bytes(rows[at + FP]);
    }
    if ((flags & HAS_VENDOR) != 0) {
      arenaLive -= bytes(rows[at + VENDOR]);
    }
  }

  private long append(String s) {
    int length = s.length();
    boolean wide = false;
    for (int i = 0; i < length && !wide; i++) {
      wide = s.charAt(i) > 0xff;
    }
    int size = wide ? length * 2 : length;
    ensureArena(size);
    int offset = arenaUsed;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (wide) {
        arena[offset + 2 * i] = (byte) (c >>> 8);
        arena[offset + 2 * i + 1] = (byte) c;
      } else {
        arena[offset + i] = (byte) c;
      }
    }
    arenaUsed += size;
    arenaLive += size;
    return (long) offset << 32 | (wide ? WIDE : 0) | length;
  }

  private void ensureArena(int size) {
    if (arenaUsed + size <= arena.length) {
      return;
    }
    byte[] old = arena;
    int live = arenaLive;
    if (live + size > old.length / 2) {
      // Mostly live: a larger copy of the arena, where every string keeps its offset, so no row
      // is touched. Copying the strings row by row here cost 2% of a charge's CPU at 8 threads.
      arena = Arrays.copyOf(old, Math.max(old.length * 2, arenaUsed + size + live / 2));
      return;
    }
    // Mostly garbage: copy the live strings to a new arena of the same size, rows in place.
    arena = new byte[old.length];
    arenaUsed = 0;
    arenaLive = 0;
    for (int r = 0; r < used; r++) {
      int at = r * STRIDE;
      long flags = rows[at + VERSION] >>> 56;
      if ((flags & USED) != 0) {
        copyStrings(at, flags, old);
      }
    }
  }

  /** Copies the strings of the row at {@code at} from {@code from} to this arena, in place. */
  private void copyStrings(int at, long flags, byte[] from) {
    rows[at + KEY] = copy(from, rows[at + KEY]);
    if ((flags & SENT_IS_KEY) == 0) {
      rows[at + SENT] = copy(from, rows[at + SENT]);
    }
    if ((flags & FP_PACKED) == 0) {
      rows[at + FP] = copy(from, rows[at + FP]);
    }
    if ((flags & HAS_VENDOR) != 0) {
      rows[at + VENDOR] = copy(from, rows[at + VENDOR]);
    }
  }

  /** Copies a string from {@code from} to the end of the arena, which has room for it. */
  private long copy(byte[] from, long ref) {
    int size = bytes(ref);
    if (arenaUsed + size > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + size));
    }
    System.arraycopy(from, (int) (ref >>> 32), arena, arenaUsed, size);
    long moved = (long) arenaUsed << 32 | (ref & 0xffffffffL);
    arenaUsed += size;
    arenaLive += size;
    return moved;
  }

  private static int bytes(long ref) {
    int length = (int) (ref & 0x7fffffff);
    return (ref & WIDE) != 0 ? length * 2 : length;
  }

  private boolean equalsRef(long ref, String s) {
    int length = (int) (ref & 0x7fffffff);
    if (length != s.length()) {
      return false;
    }
    int offset = (int) (ref >>> 32);
    if ((ref & WIDE) != 0) {
      for (int i = 0; i < length; i++) {
        int c = (arena[offset + 2 * i] & 0xff) << 8 | (arena[offset + 2 * i + 1] & 0xff);
        if (c != s.charAt(i)) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < length; i++) {
      if ((arena[offset + i] & 0xff) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String string(long ref) {
    int length = (int) (ref & 0x7fffffff);
    int offset = (int) (ref >>> 32);
    char[] chars = new char[length];
    boolean wide = (ref & WIDE) != 0;
    for (int i = 0; i < length; i++) {
      chars[i] =
          wide
              ? (char) ((arena[offset + 2 * i] & 0xff) << 8 | (arena[offset + 2 * i + 1] & 0xff))
              : (char) (arena[offset + i] & 0xff);
    }
    return new String(chars);
  }

  /** How long a record is kept after its last change, as exact second and nano arithmetic. */
  static final class Retention {
    private final long seconds;
    private final int nanos;

    Retention(java.time.Duration retention) {
      this.seconds = retention.getSeconds();
      this.nanos = retention.getNano();
    }

    /** Whether a change at {@code second}.{@code nano} plus the retention is at or before now. */
    boolean expired(long second, int nano, Instant now) {
      if (seconds > Long.MAX_VALUE - 1 - second) {
        return false;
      }
      long endSecond = second + seconds;
      int endNano = nano + nanos;
      if (endNano >= 1_000_000_000) {
        endSecond++;
        endNano -= 1_000_000_000;
      }
      long nowSecond = now.getEpochSecond();
      return endSecond < nowSecond || (endSecond == nowSecond && endNano <= now.getNano());
    }

    /**
     * When a change at {@code second}.{@code nano} expires, in epoch milliseconds, rounded down.
     */
    long endMillis(long second, int nano) {
      try {
        long endSecond = Math.addExact(second, seconds);
        long endNano = (long) nano + nanos;
        return Math.addExact(Math.multiplyExact(endSecond, 1000L), endNano / 1_000_000);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }
}
