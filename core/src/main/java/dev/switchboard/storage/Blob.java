package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A blob being read: what the store knows about it and a stream of its bytes (only the asked range
 * when a range was asked). Close it, so that the connection behind the stream is released.
 *
 * <pre>{@code
 * try (Blob blob = store.get("report.pdf", GetOptions.defaults())) {
 *   blob.content().transferTo(out);
 * }
 * }</pre>
 */
public final class Blob implements Closeable {
  private final BlobInfo info;
  private final InputStream content;
  private final ByteRange range;

  private Blob(BlobInfo info, InputStream content, ByteRange range) {
    Objects.requireNonNull(info, "info == null");
    Objects.requireNonNull(content, "content == null");
    this.info = info;
    this.content = content;
    this.range = range;
  }

  /** The whole blob. */
  public static Blob of(BlobInfo info, InputStream content) {
    return new Blob(info, content, null);
  }

  /**
   * A part of the blob: {@code content} yields the bytes of {@code range}, which has both ends
   * known (see {@link ByteRange#resolve(long)}).
   */
  public static Blob of(BlobInfo info, InputStream content, ByteRange range) {
    Objects.requireNonNull(range, "range == null");
    if (range.lastByte().isEmpty()) {
      throw InvalidRequestException.invalidField(
          "range", "the range a store answered needs both ends, was " + range.toHeaderValue());
    }
    return new Blob(info, content, range);
  }

  /** What the store knows about the blob; {@link BlobInfo#size()} is the whole blob's size. */
  public BlobInfo info() {
    return info;
  }

  /** The bytes: the whole blob, or those of {@link #range()}. Read once. */
  public InputStream content() {
    return content;
  }

  /** The bytes the store answered with, both ends known, when a range was asked. */
  public Optional<ByteRange> range() {
    return Optional.ofNullable(range);
  }

  /**
   * Closes the content stream.
   *
   * @throws UncheckedIOException when the stream fails to close
   */
  @Override
  public void close() {
    try {
      content.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the content of " + info.key(), e);
    }
  }

  @Override
  public String toString() {
    return "Blob[key="
        + info.key()
        + ", size="
        + info.size()
        + (range == null ? "" : ", range=" + range.toHeaderValue())
        + "]";
  }
}
