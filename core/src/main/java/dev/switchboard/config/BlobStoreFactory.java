package dev.switchboard.config;

import dev.switchboard.storage.BlobStore;

/**
 * Discovers a {@link BlobStore} implementation with {@link java.util.ServiceLoader}. Register it in
 * {@code META-INF/services/dev.switchboard.config.BlobStoreFactory}; it is then selected by {@code
 * switchboard.storage.providers} and configured under {@code switchboard.storage.<name>.}.
 *
 * <pre>{@code
 * public final class AcmeBlobStoreFactory implements BlobStoreFactory {
 *   public String name() { return "acme"; }
 *   public BlobStore create(ProviderContext context) { ... }
 * }
 * }</pre>
 */
public interface BlobStoreFactory extends ProviderFactory<BlobStore> {}
