package dev.switchboard.deferred;

import java.time.Duration;
import java.util.Map;

/**
 * The queue at a glance, for {@code health()} endpoints and gauges.
 *
 * @param depth how many calls stand in each state (every state is present, with 0 when empty)
 * @param oldestWaiting how long the oldest open (queued or waiting) call has been in the queue;
 *     {@link Duration#ZERO} when none is open
 * @param executions how many attempts this instance has run since it started, by how they ended:
 *     {@code succeeded}, {@code failed}, {@code dead}, {@code retry}, {@code unknown}
 */
public record DeferredHealth(
    Map<DeferredState, Long> depth, Duration oldestWaiting, Map<String, Long> executions) {
  public DeferredHealth {
    depth = Map.copyOf(depth);
    executions = Map.copyOf(executions);
  }

  /** How many calls stand in {@code state}. */
  public long count(DeferredState state) {
    return depth.getOrDefault(state, 0L);
  }
}
