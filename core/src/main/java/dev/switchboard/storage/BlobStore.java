package dev.switchboard.storage;

import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.resilience.HealthProbe;
import java.net.URI;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The storage port: blobs of bytes under string keys, in one bucket or container of one vendor.
 *
 * <pre>{@code
 * store.put("invoices/42.pdf", BlobContent.of(path),
 *     PutOptions.builder().contentType("application/pdf").build());
 * try (Blob blob = store.get("invoices/42.pdf", GetOptions.defaults())) {
 *   blob.content().transferTo(response);
 * }
 * store.listAll("invoices/").forEach(info -> System.out.println(info.key()));
 * }</pre>
 *
 * <p>Semantics every implementation keeps (the {@code BlobStoreContract} in the testkit checks
 * them):
 *
 * <ul>
 *   <li>Keys follow {@link BlobKeys}; a key that breaks its rules is refused with an {@link
 *       InvalidRequestException} before any call is made. Keys are opaque: {@code "a/../b"} and
 *       {@code "a//b"} are keys of their own, not paths.
 *   <li>Content is streamed, never held whole in memory.
 *   <li>Listings are ordered by the UTF-8 bytes of the keys, as S3 orders them. Page tokens are
 *       opaque; paging goes on from the last entry returned, so a key that exists throughout a
 *       listing is returned exactly once even when others are written or deleted between pages.
 *   <li>Writes are idempotent: repeating a put or copy gives the same result, so a store may retry
 *       them and a failover composite may send them to another store.
 * </ul>
 *
 * <p>Thread-safe. Throws only {@link SwitchboardException} subtypes.
 */
public interface BlobStore {
  /** The provider's name, such as {@code "s3"} or {@code "fake"}. */
  String provider();

  /**
   * Stores {@code content} under {@code key}, replacing any blob there unless {@link
   * PutOptions#createIfAbsent()} is set. Reads the content to its end; large content may go up in
   * several parts.
   *
   * @return what the store now holds under the key
   * @throws ConflictException when {@code createIfAbsent} is set and the key exists
   * @throws InvalidRequestException when the key, content or options are invalid, or a stream holds
   *     a different number of bytes than its declared length
   */
  BlobInfo put(String key, BlobContent content, PutOptions options);

  /**
   * Opens the blob under {@code key}, or the part of it in {@link GetOptions#range()}; the caller
   * closes it.
   *
   * @throws NotFoundException when there is no blob under the key
   * @throws InvalidRequestException with field {@code range} when the range starts at or beyond the
   *     end of the blob
   */
  Blob get(String key, GetOptions options);

  /** What the store knows about the blob under {@code key}; empty when there is none. */
  Optional<BlobInfo> stat(String key);

  /** Removes the blob under {@code key}; deleting a key that holds nothing is not an error. */
  void delete(String key);

  /**
   * One page of the keys under {@link ListRequest#prefix()}, in UTF-8 byte order. Items carry key,
   * size, etag and last-modified time; use {@link #stat} for content type and metadata.
   *
   * @throws InvalidRequestException with field {@code pageToken} for a token this store did not
   *     issue
   */
  BlobPage list(ListRequest request);

  /**
   * Every blob whose key starts with {@code prefix} (empty for all), in UTF-8 byte order, fetched
   * page by page as the stream is consumed. Each page is a {@link #list} call, and may fail as one.
   */
  default Stream<BlobInfo> listAll(String prefix) {
    ListRequest first = ListRequest.builder().prefix(prefix).build();
    Iterator<BlobInfo> items =
        new Iterator<>() {
          private BlobPage page = null;
          private Iterator<BlobInfo> current = null;

          @Override
          public boolean hasNext() {
            while (current == null || !current.hasNext()) {
              if (page != null && page.nextPageToken().isEmpty()) {
                return false;
              }
              page = list(page == null ? first : first.withPageToken(page.nextPageToken().get()));
              current = page.items().iterator();
            }
            return true;
          }

          @Override
          public BlobInfo next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return current.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            items, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
        false);
  }

  /**
   * A URL that lets whoever holds it download or upload the blob under {@code key}, without
   * credentials, until the request's expiry. The blob need not exist yet.
   *
   * @throws InvalidRequestException when the expiry is out of bounds
   */
  URI presign(String key, PresignRequest request);

  /**
   * Copies the blob under {@code fromKey} to {@code toKey}, with its content type and metadata,
   * replacing any blob under {@code toKey}.
   *
   * @return what the store now holds under {@code toKey}
   * @throws NotFoundException when there is no blob under {@code fromKey}
   */
  BlobInfo copy(String fromKey, String toKey);

  /**
   * The provider's health probe: a cheap vendor call with no side effect that a half-open circuit
   * breaker runs as its trial, so that no customer's call is the one that finds out whether the
   * provider is back. The default names none; the breaker then lets a real call be the trial.
   */
  default Optional<HealthProbe> healthProbe() {
    return Optional.empty();
  }

  /**
   * This store's non-blocking form, with the same operations and rules. The SDK's storage adapter,
   * the failover composite and the in-memory fake have one that holds no thread while a call waits.
   * The default, for a store written without one, runs each call on the calling thread and returns
   * a completed future: correct, but it blocks the caller like the blocking call does.
   */
  default AsyncBlobStore async() {
    return new BlockingAsyncBlobStore(this);
  }
}
