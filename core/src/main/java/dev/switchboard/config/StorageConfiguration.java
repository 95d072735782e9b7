package dev.switchboard.config;

import dev.switchboard.storage.BlobStore;
import java.util.List;

/**
 * The storage providers in priority order, and the port-level storage settings.
 *
 * <pre>
 * switchboard.storage.providers=primary,replica
 * switchboard.storage.write-failover=true   # default false
 * </pre>
 *
 * @param providers at least one, the first is preferred
 * @param writeFailover whether a failed write may go to the next provider; off by default, since
 *     the stores then hold different objects until they are reconciled
 */
public record StorageConfiguration(
    List<ConfiguredProvider<BlobStore>> providers, boolean writeFailover) {
  public StorageConfiguration {
    providers = Providers.check(providers);
  }
}
