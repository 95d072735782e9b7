package dev.switchboard.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class PartsTest {
  private static final int PART = 8 << 20;

  /** A sink like a socket's: it takes what it is given and gives the segments back to okio. */
  private static final class CountingSink implements Sink {
    long bytes;
    final java.security.MessageDigest sha = SigV4.digest("SHA-256");

    @Override
    public void write(Buffer source, long byteCount) throws java.io.IOException {
      bytes += byteCount;
      sha.update(source.readByteArray(byteCount));
    }

    @Override
    public void flush() {}

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  @Test
  void aBufferedPartIsWrittenWithoutCopyingItIntoFreshSegments() throws Exception {
    byte[] content = new byte[PART];
    new Random(3).nextBytes(content);
    Parts parts =
        Parts.buffered(
            new ByteArrayInputStream(content), content.length, PART, 1, PutOptions.defaults());
    Parts.Part part = parts.next(PutOptions.defaults());
    var body = part.body();
    // Once, so that classes are loaded and okio's segment pool is warm.
    try (BufferedSink sink = Okio.buffer(Okio.blackhole())) {
      body.writeTo(sink);
    }

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    try (BufferedSink sink = Okio.buffer(Okio.blackhole())) {
      body.writeTo(sink);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    // Written whole, an 8 MiB part took 8 MiB of new segments; in slices it reuses a few.
    assertThat(allocated).isLessThan(1 << 20);
    CountingSink counted = new CountingSink();
    try (BufferedSink sink = Okio.buffer(counted)) {
      body.writeTo(sink);
    }
    assertThat(counted.bytes).isEqualTo(PART);
    assertThat(java.util.HexFormat.of().formatHex(counted.sha.digest()))
        .isEqualTo(SigV4.sha256Hex(content))
        .isEqualTo(part.sha256(PutOptions.defaults()));
  }
}
