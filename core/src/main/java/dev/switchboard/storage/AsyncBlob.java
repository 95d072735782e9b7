package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.internal.StreamPublisher;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A blob being read without blocking: what the store knows about it, and its bytes as a {@link
 * Flow.Publisher} (only the asked range when a range was asked). Subscribe once; the bytes are read
 * as the subscriber asks for them, on the store's threads (OkHttp's dispatcher for a vendor), and
 * never on the subscriber's. Cancelling the subscription, or {@link #discard()} when the content is
 * not wanted, releases the connection behind it.
 *
 * <pre>{@code
 * store.async().get("report.pdf", GetOptions.defaults())
 *     .thenCompose(blob -> blob.bytes(10 << 20))       // small blobs: all bytes, at most 10 MiB
 *     .thenAccept(bytes -> ...);
 * Flux<ByteBuffer> body = Mono.fromFuture(store.async().get(key, GetOptions.defaults()))
 *     .flatMapMany(blob -> JdkFlowAdapter.flowPublisherToFlux(blob.content())); // Reactor
 * }</pre>
 */
public final class AsyncBlob {
  private final BlobInfo info;
  private final Flow.Publisher<ByteBuffer> content;
  private final ByteRange range;

  private AsyncBlob(BlobInfo info, Flow.Publisher<ByteBuffer> content, ByteRange range) {
    this.info = Objects.requireNonNull(info, "info == null");
    this.content = Objects.requireNonNull(content, "content == null");
    this.range = range;
  }

  /** The whole blob. */
  public static AsyncBlob of(BlobInfo info, Flow.Publisher<ByteBuffer> content) {
    return new AsyncBlob(info, content, null);
  }

  /** A part of the blob, {@code range}, with both ends known. */
  public static AsyncBlob of(BlobInfo info, Flow.Publisher<ByteBuffer> content, ByteRange range) {
    Objects.requireNonNull(range, "range == null");
    if (range.lastByte().isEmpty()) {
      throw InvalidRequestException.invalidField(
          "range", "the range a store answered needs both ends, was " + range.toHeaderValue());
    }
    return new AsyncBlob(info, content, range);
  }

  /**
   * A blob read from a blocking {@link Blob}: its stream is read on {@code reader} as the
   * subscriber asks for more ({@code Runnable::run} reads on the asking thread).
   */
  public static AsyncBlob from(Blob blob, Executor reader) {
    Objects.requireNonNull(blob, "blob == null");
    StreamPublisher bytes = new StreamPublisher(blob.content(), reader);
    return blob.range().isPresent()
        ? of(blob.info(), bytes, blob.range().get())
        : of(blob.info(), bytes);
  }

  /** What the store knows about the blob; {@link BlobInfo#size()} is the whole blob's size. */
  public BlobInfo info() {
    return info;
  }

  /** The bytes, for one subscriber: the whole blob, or those of {@link #range()}. */
  public Flow.Publisher<ByteBuffer> content() {
    return content;
  }

  /** The bytes the store answered with, both ends known, when a range was asked. */
  public Optional<ByteRange> range() {
    return Optional.ofNullable(range);
  }

  /**
   * Reads every byte into memory, for blobs known to be small. Fails with an {@link
   * InvalidRequestException} (field {@code maxBytes}), and stops reading, once the content passes
   * {@code maxBytes}.
   */
  public CompletableFuture<byte[]> bytes(long maxBytes) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    content.subscribe(
        new Flow.Subscriber<>() {
          private final ByteArrayOutputStream out = new ByteArrayOutputStream();
          private Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            if (result.isDone()) {
              return;
            }
            if (out.size() + (long) item.remaining() > maxBytes) {
              subscription.cancel();
              result.completeExceptionally(
                  InvalidRequestException.invalidField(
                      "maxBytes", info.key() + " holds more than " + maxBytes + " bytes"));
              return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.write(chunk, 0, chunk.length);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            result.complete(out.toByteArray());
          }
        });
    return result;
  }

  /** Releases the content without reading it. */
  public void discard() {
    content.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.cancel();
          }

          @Override
          public void onNext(ByteBuffer item) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onComplete() {}
        });
  }

  @Override
  public String toString() {
    return "AsyncBlob[key="
        + info.key()
        + ", size="
        + info.size()
        + (range == null ? "" : ", range=" + range.toHeaderValue())
        + "]";
  }
}
