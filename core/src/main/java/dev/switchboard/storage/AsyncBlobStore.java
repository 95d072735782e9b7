package dev.switchboard.storage;

import dev.switchboard.SwitchboardException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking form of a {@link BlobStore}: the same operations and rules, each returning at
 * once with a {@link CompletableFuture} that completes with what the blocking call returns, or
 * fails with the {@link SwitchboardException} it throws. Get one from {@link BlobStore#async()} or
 * {@code switchboard.async().storage()}.
 *
 * <ul>
 *   <li>{@link #put} takes any {@link BlobContent}: bytes, a file ({@link
 *       BlobContent#of(java.nio.file.Path)}, read straight from the file by the thread that sends
 *       it), a stream, or a {@link java.util.concurrent.Flow.Publisher} of byte buffers ({@link
 *       BlobContent#ofPublisher(java.util.concurrent.Flow.Publisher)}), asked for bytes as they are
 *       sent.
 *   <li>{@link #get} completes once the store has answered, with an {@link AsyncBlob} whose bytes
 *       are a publisher read as its subscriber asks.
 * </ul>
 *
 * <pre>{@code
 * AsyncBlobStore storage = switchboard.async().storage();
 * storage.put("invoices/42.pdf", BlobContent.of(Path.of("42.pdf")), PutOptions.defaults())
 *     .thenAccept(info -> log.info("stored {}", info.etag()));
 * }</pre>
 *
 * <p>Futures complete on the thread that ends the call, usually OkHttp's dispatcher thread.
 * Cancelling a future cancels the call. The methods never throw: a bad argument fails the future.
 */
public interface AsyncBlobStore {
  /** The provider's name, as {@link BlobStore#provider()}. */
  String provider();

  /** {@link BlobStore#put}, without blocking the caller. */
  CompletableFuture<BlobInfo> put(String key, BlobContent content, PutOptions options);

  /** {@link BlobStore#get}, without blocking: the bytes come as a publisher. */
  CompletableFuture<AsyncBlob> get(String key, GetOptions options);

  /** {@link BlobStore#stat}, without blocking. */
  CompletableFuture<Optional<BlobInfo>> stat(String key);

  /** {@link BlobStore#delete}, without blocking. */
  CompletableFuture<Void> delete(String key);

  /** {@link BlobStore#list}, without blocking. */
  CompletableFuture<BlobPage> list(ListRequest request);

  /** {@link BlobStore#presign}; a local computation, complete when it returns. */
  CompletableFuture<URI> presign(String key, PresignRequest request);

  /** {@link BlobStore#copy}, without blocking. */
  CompletableFuture<BlobInfo> copy(String fromKey, String toKey);
}
