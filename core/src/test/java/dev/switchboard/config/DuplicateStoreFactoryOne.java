package dev.switchboard.config;

import dev.switchboard.storage.BlobStore;

/** Registered in the test {@code META-INF/services} under the same name as its twin. */
public final class DuplicateStoreFactoryOne implements BlobStoreFactory {
  @Override
  public String name() {
    return "dup";
  }

  @Override
  public BlobStore create(ProviderContext context) {
    return StubFactories.stub(BlobStore.class, "one");
  }
}
