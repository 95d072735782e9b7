package dev.switchboard.testkit;

import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.AsyncBlob;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link InMemoryBlobStore#async()}: each call runs the store's one implementation in {@link
 * CallMode#NON_BLOCKING} mode; a bad argument fails the future instead of throwing.
 */
final class InMemoryAsyncBlobStore implements AsyncBlobStore {
  private final InMemoryBlobStore store;

  InMemoryAsyncBlobStore(InMemoryBlobStore store) {
    this.store = store;
  }

  @Override
  public String provider() {
    return store.provider();
  }

  @Override
  public CompletableFuture<BlobInfo> put(String key, BlobContent content, PutOptions options) {
    return Futures.start(() -> store.put(CallMode.NON_BLOCKING, key, content, options));
  }

  @Override
  public CompletableFuture<AsyncBlob> get(String key, GetOptions options) {
    return Futures.start(
        () ->
            store
                .get(CallMode.NON_BLOCKING, key, options)
                .thenApply(blob -> AsyncBlob.from(blob, Runnable::run)));
  }

  @Override
  public CompletableFuture<Optional<BlobInfo>> stat(String key) {
    return Futures.start(() -> store.stat(CallMode.NON_BLOCKING, key));
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    return Futures.start(() -> store.delete(CallMode.NON_BLOCKING, key));
  }

  @Override
  public CompletableFuture<BlobPage> list(ListRequest request) {
    return Futures.start(() -> store.list(CallMode.NON_BLOCKING, request));
  }

  @Override
  public CompletableFuture<URI> presign(String key, PresignRequest request) {
    return Futures.start(() -> store.presign(CallMode.NON_BLOCKING, key, request));
  }

  @Override
  public CompletableFuture<BlobInfo> copy(String fromKey, String toKey) {
    return Futures.start(() -> store.copy(CallMode.NON_BLOCKING, fromKey, toKey));
  }

  @Override
  public String toString() {
    return "async " + store;
  }
}
