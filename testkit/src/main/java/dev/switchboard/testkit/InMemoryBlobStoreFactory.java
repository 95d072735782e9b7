package dev.switchboard.testkit;

import dev.switchboard.config.BlobStoreFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.storage.BlobStore;

/**
 * Builds an {@link InMemoryBlobStore} for {@code switchboard.storage.providers=fake}, so an app
 * runs locally with no vendor. Registered with {@link java.util.ServiceLoader}.
 *
 * <pre>
 * switchboard.storage.providers=fake
 * switchboard.storage.fake.seed=42   # default 0
 * </pre>
 */
public final class InMemoryBlobStoreFactory implements BlobStoreFactory {
  @Override
  public String name() {
    return "fake";
  }

  @Override
  public BlobStore create(ProviderContext context) {
    return InMemoryBlobStore.builder()
        .provider(context.provider())
        .clock(context.clock())
        .seed(context.longValue("seed", 0))
        .build();
  }
}
