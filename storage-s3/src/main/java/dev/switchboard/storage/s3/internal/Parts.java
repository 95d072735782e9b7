package dev.switchboard.storage.s3.internal;

import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Where the parts of one multipart upload come from. {@link #next} is called one part at a time,
 * never concurrently: by the caller's thread of a blocking upload, where it blocks while {@link
 * #concurrency()} parts are in flight, or by OkHttp's dispatcher executor for a non-blocking one,
 * which calls it only while fewer are, so it never waits for a buffer. Each part is hashed and sent
 * (on a part thread, or as an enqueued call), then {@link Part#release() released}.
 *
 * <ul>
 *   <li>{@link #buffered}: a stream, read into at most {@code buffers} reused arrays of the part
 *       size, so the heap holds at most buffers × part size whatever the object's size;
 *   <li>{@link #file}: a file, each part a ranged body read straight from it (no heap copy), read
 *       once to hash it and once to send it.
 * </ul>
 */
abstract class Parts {
  private static final int CHUNK = 64 * 1024;

  final long partSize;
  final long declared;
  long total;
  int count;

  private Parts(long partSize, long declared) {
    this.partSize = partSize;
    this.declared = declared;
  }

  /** Parts buffered from {@code in}; {@code declared} is -1 when the length is unknown. */
  static Parts buffered(InputStream in, long declared, int partSize, int buffers, PutOptions o) {
    return new Buffered(in, declared, partSize, buffers, o);
  }

  /** Ranged parts of the {@code length} bytes of {@code file}. */
  static Parts file(Path file, long length, long partSize, int concurrency) {
    return new FileParts(file, length, partSize, concurrency);
  }

  /** How many parts may be in flight at once. */
  abstract int concurrency();

  private Part peeked;

  /**
   * The next part, or null when the content has ended; waits for a free buffer. The first part is
   * never null (empty content is one empty part).
   *
   * @throws InterruptedException when interrupted while waiting for a buffer
   * @throws dev.switchboard.InvalidRequestException when the content cannot be read or ends early
   */
  final Part next(PutOptions options) throws InterruptedException {
    Part part = peeked != null ? peeked : read(options);
    peeked = null;
    return part;
  }

  /** The part {@link #next} will return, read now. */
  final Part peek(PutOptions options) throws InterruptedException {
    if (peeked == null) {
      peeked = read(options);
    }
    return peeked;
  }

  abstract Part read(PutOptions options) throws InterruptedException;

  /** Whether the content holds more than its declared length, checked after the last part. */
  abstract boolean longer(PutOptions options);

  /** One part: its number and length, how to hash it and how to send it. */
  abstract static class Part {
    final int number;
    final int length;

    Part(int number, int length) {
      this.number = number;
      this.length = length;
    }

    /** The hex SHA-256 of the part, its signed payload hash; reads a file part once. */
    abstract String sha256(PutOptions options);

    /** The base64 CRC32C of the part ({@code x-amz-checksum-crc32c}); reads a file part once. */
    abstract String crc32c(PutOptions options);

    /** A body that can be written any number of times (a part may be sent again). */
    abstract RequestBody body();

    /** Gives the part's buffer back; called once the part is sent, or has failed. */
    void release() {}
  }

  private static final class Buffered extends Parts {
    private final InputStream in;
    private final int buffers;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int allocated;
    private boolean ended;

    Buffered(InputStream in, long declared, int partSize, int buffers, PutOptions options) {
      super(partSize, declared);
      this.in = in;
      this.buffers = buffers;
    }

    @Override
    int concurrency() {
      return buffers;
    }

    @Override
    Part read(PutOptions options) throws InterruptedException {
      if (ended) {
        return null;
      }
      byte[] buffer = take();
      long wanted = declared < 0 ? partSize : Math.min(partSize, declared - total);
      int read;
      try {
        read = in.readNBytes(buffer, 0, (int) wanted);
      } catch (IOException e) {
        give(buffer);
        throw Uploader.contentProblem(options, "content could not be read: " + e, e);
      }
      if (declared >= 0 && read < wanted) {
        give(buffer);
        throw Uploader.lengthProblem(options, declared, total + read);
      }
      ended = declared >= 0 ? total + read == declared : read < partSize;
      if (read == 0 && count > 0) {
        give(buffer);
        return null;
      }
      total += read;
      count++;
      return new Part(count, read) {
        @Override
        String sha256(PutOptions options) {
          return Uploader.sha256(buffer, length);
        }

        @Override
        String crc32c(PutOptions options) {
          CRC32C crc = new CRC32C();
          crc.update(buffer, 0, length);
          return Uploader.crc32c(crc);
        }

        @Override
        RequestBody body() {
          return new ArrayBody(buffer, length);
        }

        @Override
        void release() {
          give(buffer);
        }
      };
    }

    @Override
    boolean longer(PutOptions options) {
      try {
        return declared >= 0 && in.read() >= 0;
      } catch (IOException e) {
        throw Uploader.contentProblem(options, "content could not be read: " + e, e);
      }
    }

    private synchronized byte[] take() throws InterruptedException {
      while (free.isEmpty() && allocated == buffers) {
        wait();
      }
      if (!free.isEmpty()) {
        return free.pop();
      }
      byte[] buffer = new byte[(int) partSize];
      allocated++;
      return buffer;
    }

    private synchronized void give(byte[] buffer) {
      free.push(buffer);
      notifyAll();
    }
  }

  private static final class FileParts extends Parts {
    private final Path file;
    private final int concurrency;

    FileParts(Path file, long length, long partSize, int concurrency) {
      super(partSize, length);
      this.file = file;
      this.concurrency = concurrency;
    }

    @Override
    int concurrency() {
      return concurrency;
    }

    @Override
    Part read(PutOptions options) {
      if (total == declared && count > 0) {
        return null;
      }
      long offset = total;
      int length = (int) Math.min(partSize, declared - total);
      total += length;
      count++;
      return new Part(count, length) {
        @Override
        String sha256(PutOptions options) {
          MessageDigest sha = SigV4.digest("SHA-256");
          readAll(options, sha::update);
          return HexFormat.of().formatHex(sha.digest());
        }

        @Override
        String crc32c(PutOptions options) {
          CRC32C crc = new CRC32C();
          readAll(options, crc::update);
          return Uploader.crc32c(crc);
        }

        /** Hands every byte of the part to {@code sink}, a chunk at a time. */
        private void readAll(PutOptions options, ChunkSink sink) {
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long read = 0;
            while (read < length) {
              buffer.clear().limit((int) Math.min(CHUNK, length - read));
              int n = channel.read(buffer, offset + read);
              if (n < 0) {
                throw Uploader.lengthProblem(options, declared, offset + read);
              }
              sink.accept(buffer.array(), 0, n);
              read += n;
            }
          } catch (IOException e) {
            throw Uploader.contentProblem(options, "content could not be read: " + e, e);
          }
        }

        @Override
        RequestBody body() {
          return new RangeBody(file, offset, length);
        }
      };
    }

    @Override
    boolean longer(PutOptions options) {
      try {
        return java.nio.file.Files.size(file) > declared;
      } catch (IOException e) {
        throw Uploader.contentProblem(options, "content could not be read: " + e, e);
      }
    }
  }

  /** Takes {@code length} bytes of {@code bytes} from {@code offset}, as a digest's update does. */
  private interface ChunkSink {
    void accept(byte[] bytes, int offset, int length);
  }

  /**
   * A request body of a length known before it is written and no content type of its own (S3 takes
   * the object's type from a header): what every body of a put or a part is.
   */
  abstract static class KnownLengthBody extends RequestBody {
    final long length;

    KnownLengthBody(long length) {
      this.length = length;
    }

    @Override
    public final MediaType contentType() {
      return null;
    }

    @Override
    public final long contentLength() {
      return length;
    }
  }

  /**
   * The first {@code length} bytes of a part buffer, written in slices of {@value #CHUNK} bytes.
   * okio copies whatever is written into its 8 KiB segments and gives a segment back to its small
   * pool once the socket has taken it: written whole (as {@code RequestBody.create(byte[])} does),
   * a part would take fresh segments for all its bytes, a part's worth of garbage every time, while
   * slices reuse the same few segments.
   */
  static final class ArrayBody extends KnownLengthBody {
    private final byte[] buffer;

    ArrayBody(byte[] buffer, int length) {
      super(length);
      this.buffer = buffer;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      for (int offset = 0; offset < length; offset += CHUNK) {
        sink.write(buffer, offset, (int) Math.min(CHUNK, length - offset));
      }
    }
  }

  /** {@code length} bytes of a file from {@code offset}, streamed in small chunks. */
  private static final class RangeBody extends KnownLengthBody {
    private final Path file;
    private final long offset;

    RangeBody(Path file, long offset, long length) {
      super(length);
      this.file = file;
      this.offset = offset;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long written = 0;
        while (written < length) {
          buffer.clear().limit((int) Math.min(CHUNK, length - written));
          int n = channel.read(buffer, offset + written);
          if (n < 0) {
            throw new IOException("the file ended within part at " + (offset + written));
          }
          sink.write(buffer.array(), 0, n);
          written += n;
        }
      }
    }
  }
}
