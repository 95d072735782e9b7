package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ReplayGuard#inMemory}: ids in the order they were last written. Expired ids are dropped
 * from the front, and each id is also checked when it is looked up, because a lease and a retention
 * of different lengths do not keep that order sorted by expiry.
 */
final class InMemoryReplayGuard implements ReplayGuard {
  private final Duration retention;
  private final Duration lease;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> seen = new LinkedHashMap<>();

  private record Entry(boolean completed, Instant expiresAt) {}

  InMemoryReplayGuard(Duration retention, Duration lease, int maxEntries, Clock clock) {
    InvalidRequestException.requirePositive("window", retention);
    InvalidRequestException.requirePositive("lease", lease);
    if (maxEntries <= 0) {
      throw InvalidRequestException.invalidField(
          "maxEntries", "maxEntries must be positive: " + maxEntries);
    }
    this.retention = retention;
    this.lease = lease;
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public synchronized Sighting claim(String id) {
    requireId(id);
    Instant now = clock.instant();
    Entry entry = live(id, now);
    if (entry != null) {
      return entry.completed ? Sighting.DONE : Sighting.IN_PROGRESS;
    }
    put(id, new Entry(false, now.plus(lease)));
    return Sighting.FIRST;
  }

  @Override
  public synchronized void complete(String id) {
    requireId(id);
    put(id, new Entry(true, clock.instant().plus(retention)));
  }

  @Override
  public synchronized void release(String id) {
    requireId(id);
    Entry entry = live(id, clock.instant());
    if (entry != null && !entry.completed) {
      seen.remove(id);
    }
  }

  private Entry live(String id, Instant now) {
    expire(now);
    Entry entry = seen.get(id);
    if (entry != null && !entry.expiresAt.isAfter(now)) {
      seen.remove(id);
      return null;
    }
    return entry;
  }

  private void expire(Instant now) {
    for (Iterator<Map.Entry<String, Entry>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().expiresAt.isAfter(now)) {
        break;
      }
      it.remove();
    }
  }

  private void put(String id, Entry entry) {
    seen.remove(id);
    if (seen.size() >= maxEntries) {
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    seen.put(id, entry);
  }

  private static void requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw InvalidRequestException.invalidField("id", "replay id is empty");
    }
  }

  @Override
  public String toString() {
    return "ReplayGuard.inMemory(window="
        + retention
        + ", lease="
        + lease
        + ", maxEntries="
        + maxEntries
        + ")";
  }
}
