package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@link ReplayGuard#inMemory}: ids in insertion order, expired from the front. */
final class InMemoryReplayGuard implements ReplayGuard {
  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  InMemoryReplayGuard(Duration window, int maxEntries, Clock clock) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw InvalidRequestException.invalidField("window", "window must be positive: " + window);
    }
    if (maxEntries <= 0) {
      throw InvalidRequestException.invalidField(
          "maxEntries", "maxEntries must be positive: " + maxEntries);
    }
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public synchronized boolean firstSight(String id) {
    if (id == null || id.isEmpty()) {
      throw InvalidRequestException.invalidField("id", "replay id is empty");
    }
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isAfter(now)) {
        break;
      }
      it.remove();
    }
    if (seen.containsKey(id)) {
      return false;
    }
    if (seen.size() >= maxEntries) {
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    seen.put(id, now.plus(window));
    return true;
  }

  @Override
  public String toString() {
    return "ReplayGuard.inMemory(window=" + window + ", maxEntries=" + maxEntries + ")";
  }
}
