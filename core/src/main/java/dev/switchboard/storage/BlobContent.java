package dev.switchboard.storage;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.internal.PublisherStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes to upload, read as a stream so that a large blob never has to fit in memory.
 *
 * <p>Content from a byte array or a file can be opened again, so a store may retry a failed upload
 * with it ({@link #isRepeatable()}); content from an {@link InputStream} can be read once only, and
 * a failed upload of it cannot be retried from the SDK. Give the length when you know it: some
 * stores need it up front and otherwise switch to a multipart upload.
 *
 * <pre>{@code
 * BlobContent.ofString("hello");                     // UTF-8, length 5, repeatable
 * BlobContent.of(Path.of("report.pdf"));             // streamed from the file, repeatable
 * BlobContent.of(request.getInputStream(), length);  // one shot, length known
 * BlobContent.of(pipe);                              // one shot, length unknown
 * }</pre>
 */
public final class BlobContent {
  private enum Source {
    BYTES,
    FILE,
    STREAM
  }

  private final Source source;
  private final byte[] bytes;
  private final Path path;
  private final InputStream stream;
  private final long declaredLength;
  private final AtomicBoolean opened = new AtomicBoolean();

  private BlobContent(
      Source source, byte[] bytes, Path path, InputStream stream, long declaredLength) {
    this.source = source;
    this.bytes = bytes;
    this.path = path;
    this.stream = stream;
    this.declaredLength = declaredLength;
  }

  /** The given bytes; the array is copied, so changing it later does not change the upload. */
  public static BlobContent of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    return new BlobContent(Source.BYTES, bytes.clone(), null, null, bytes.length);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static BlobContent ofString(String text) {
    Objects.requireNonNull(text, "text == null");
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return new BlobContent(Source.BYTES, utf8, null, null, utf8.length);
  }

  /**
   * The content of a regular file, read when the upload starts (and again on a retry). Its length
   * is the file's size at that time.
   *
   * @throws InvalidRequestException with field {@code content} when there is no readable regular
   *     file at {@code path}
   */
  public static BlobContent of(Path path) {
    Objects.requireNonNull(path, "path == null");
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw InvalidRequestException.invalidField("content", "no readable regular file at " + path);
    }
    return new BlobContent(Source.FILE, null, path, null, -1);
  }

  /**
   * Exactly {@code length} bytes read from {@code stream}, which the store reads to its end and
   * closes. A store rejects the upload when the stream holds a different number of bytes.
   *
   * @throws IllegalArgumentException if {@code length} is negative: a length that is not known (a
   *     servlet's {@code getContentLengthLong()} of -1, say) belongs in {@link #of(InputStream)}
   */
  public static BlobContent of(InputStream stream, long length) {
    Objects.requireNonNull(stream, "stream == null");
    if (length < 0) {
      throw new IllegalArgumentException(
          "length must be >= 0, was " + length + " (an unknown length is of(stream))");
    }
    return new BlobContent(Source.STREAM, null, null, stream, length);
  }

  /** Every byte of {@code stream}, whose length is not known until it ends. */
  public static BlobContent of(InputStream stream) {
    Objects.requireNonNull(stream, "stream == null");
    return new BlobContent(Source.STREAM, null, null, stream, -1);
  }

  /**
   * Exactly {@code length} bytes from a publisher of byte buffers, asked for one buffer at a time
   * as the upload sends them: the content of a non-blocking put from a reactive source. One shot,
   * like a stream.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public static BlobContent ofPublisher(Flow.Publisher<ByteBuffer> publisher, long length) {
    Objects.requireNonNull(publisher, "publisher == null");
    return of(new PublisherStream(publisher), length);
  }

  /** Every byte a publisher of byte buffers yields, its length not known until it completes. */
  public static BlobContent ofPublisher(Flow.Publisher<ByteBuffer> publisher) {
    Objects.requireNonNull(publisher, "publisher == null");
    return of(new PublisherStream(publisher));
  }

  /**
   * The number of bytes, when known before reading: always for bytes and files, for a stream only
   * when it was given.
   *
   * @throws InvalidRequestException with field {@code content} when a file's size cannot be read
   */
  public OptionalLong length() {
    if (source == Source.FILE) {
      try {
        return OptionalLong.of(Files.size(path));
      } catch (IOException e) {
        throw new InvalidRequestException(
            "cannot read the size of " + path + ": " + e.getMessage(),
            ErrorContext.empty(),
            "content",
            e);
      }
    }
    return declaredLength < 0 ? OptionalLong.empty() : OptionalLong.of(declaredLength);
  }

  /**
   * The file this content is read from, for content made by {@link #of(Path)}: a store may then
   * read any range of it directly (say, one part of a multipart upload) instead of through {@link
   * #openStream()}. Empty for bytes and streams.
   */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Whether {@link #openStream()} may be called more than once, as a retry needs. */
  public boolean isRepeatable() {
    return source != Source.STREAM;
  }

  /**
   * A stream of the content from its first byte; the caller closes it.
   *
   * @throws InvalidRequestException with field {@code content} when one-shot stream content is
   *     opened a second time, or a file cannot be opened
   */
  public InputStream openStream() {
    switch (source) {
      case BYTES:
        return new ByteArrayInputStream(bytes);
      case FILE:
        try {
          return Files.newInputStream(path);
        } catch (IOException e) {
          throw new InvalidRequestException(
              "cannot open " + path + ": " + e.getMessage(), ErrorContext.empty(), "content", e);
        }
      default:
        if (!opened.compareAndSet(false, true)) {
          throw InvalidRequestException.invalidField(
              "content",
              "stream content can be read once and was already opened; use BlobContent.of(byte[])"
                  + " or BlobContent.of(Path) for content that must be re-read on a retry");
        }
        return stream;
    }
  }

  /** Describes the source and length, never the bytes. */
  @Override
  public String toString() {
    switch (source) {
      case BYTES:
        return "BlobContent[bytes, length=" + bytes.length + "]";
      case FILE:
        return "BlobContent[file=" + path + "]";
      default:
        return "BlobContent[stream, length="
            + (declaredLength < 0 ? "unknown" : Long.toString(declaredLength))
            + "]";
    }
  }
}
