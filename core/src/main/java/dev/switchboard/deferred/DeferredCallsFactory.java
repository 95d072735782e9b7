package dev.switchboard.deferred;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;

/**
 * Builds the {@link DeferredCalls} behind {@link Switchboard#deferred()}. The module that
 * implements the queue lists its factory in {@code
 * META-INF/services/dev.switchboard.deferred.DeferredCallsFactory}; the first one found is used.
 */
public interface DeferredCallsFactory {
  /**
   * The queue for {@code switchboard}, from {@code switchboard.deferred.*}.
   *
   * @throws dev.switchboard.config.ConfigurationException naming every bad key
   */
  DeferredCalls create(Switchboard switchboard, SwitchboardConfig config);
}
