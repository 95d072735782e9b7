package dev.switchboard.storage;

import dev.switchboard.internal.Futures;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link BlobStore#async()} of a store that has no non-blocking form of its own: each call runs
 * on the calling thread, and a blob's bytes are read on the thread that asks for them.
 */
final class BlockingAsyncBlobStore implements AsyncBlobStore {
  private final BlobStore store;

  BlockingAsyncBlobStore(BlobStore store) {
    this.store = store;
  }

  @Override
  public String provider() {
    return store.provider();
  }

  @Override
  public CompletableFuture<BlobInfo> put(String key, BlobContent content, PutOptions options) {
    return Futures.call(() -> store.put(key, content, options));
  }

  @Override
  public CompletableFuture<AsyncBlob> get(String key, GetOptions options) {
    return Futures.call(() -> AsyncBlob.from(store.get(key, options), Runnable::run));
  }

  @Override
  public CompletableFuture<Optional<BlobInfo>> stat(String key) {
    return Futures.call(() -> store.stat(key));
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    return Futures.call(
        () -> {
          store.delete(key);
          return null;
        });
  }

  @Override
  public CompletableFuture<BlobPage> list(ListRequest request) {
    return Futures.call(() -> store.list(request));
  }

  @Override
  public CompletableFuture<URI> presign(String key, PresignRequest request) {
    return Futures.call(() -> store.presign(key, request));
  }

  @Override
  public CompletableFuture<BlobInfo> copy(String fromKey, String toKey) {
    return Futures.call(() -> store.copy(fromKey, toKey));
  }

  @Override
  public String toString() {
    return "blocking async view of " + store;
  }
}
