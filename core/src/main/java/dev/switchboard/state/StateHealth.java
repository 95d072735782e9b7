package dev.switchboard.state;

import java.time.Instant;
import java.util.Optional;

/**
 * The state store as the composites saw it: whether its last call worked, and counts since start.
 *
 * @param store the store's name: {@code memory}, {@code jdbc}, {@code redis}, ...
 * @param shared whether other instances can share it
 * @param up whether the store's last call succeeded (true before any call)
 * @param lastError the last failure's reason, or null
 * @param lastErrorAt when it happened, or null
 * @param claims keys claimed by first attempts
 * @param repeats repeats that found an earlier attempt's record
 * @param pinnedRefusals repeats refused because the pinned provider could not take them
 * @param storeErrors calls to the store that failed
 */
public record StateHealth(
    String store,
    boolean shared,
    boolean up,
    String lastError,
    Instant lastErrorAt,
    long claims,
    long repeats,
    long pinnedRefusals,
    long storeErrors) {

  /** The last store failure's reason, if any. */
  public Optional<String> lastStoreError() {
    return Optional.ofNullable(lastError);
  }
}
