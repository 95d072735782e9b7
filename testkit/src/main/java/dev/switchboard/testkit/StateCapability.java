package dev.switchboard.testkit;

/**
 * What a {@link dev.switchboard.state.StateStore} can do beyond one process's memory. A store run
 * against {@link StateStoreContract} declares what it has in {@link
 * StateStoreContract#capabilities()}; the tests that need a capability it lacks are reported as
 * skipped, naming it.
 */
public enum StateCapability {
  /**
   * Two store instances opened on the same database or server see each other's records, and a store
   * opened after another was closed finds what it wrote: several application instances can share
   * it, and it survives a restart.
   */
  SHARED
}
