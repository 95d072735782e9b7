package dev.switchboard.state;

import dev.switchboard.config.StateStoreContext;

/**
 * Builds a {@link StateStore} from configuration. Store modules list their factory in {@code
 * META-INF/services/dev.switchboard.state.StateStoreFactory}; {@code switchboard.state.store} names
 * the one to use.
 *
 * <pre>{@code
 * public final class AcmeStateStoreFactory implements StateStoreFactory {
 *   public String name() { return "acme"; }
 *   public StateStore create(StateStoreContext context) {
 *     URI url = context.url("url", null);           // switchboard.state.acme.url
 *     return new AcmeStateStore(url, context.clock(), context.ledgerRetention());
 *   }
 * }
 * }</pre>
 */
public interface StateStoreFactory {
  /** The value of {@code switchboard.state.store} that selects this factory. */
  String name();

  /**
   * Builds the store. Report bad settings through the context's {@code problem} (every problem is
   * listed at once) and return null, or throw a {@code ConfigurationException}.
   *
   * @throws StateStoreException if the store cannot be reached or prepared
   */
  StateStore create(StateStoreContext context);

  /**
   * The store's keys, relative to {@code switchboard.state.<name>.}: the only ones the unknown-key
   * check accepts there. The default, {@link dev.switchboard.config.ConfigKeys#undeclared()},
   * leaves them unchecked.
   */
  default dev.switchboard.config.ConfigKeys keys() {
    return dev.switchboard.config.ConfigKeys.undeclared();
  }
}
