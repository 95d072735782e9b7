package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.Secret;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.LocalS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB blob of unknown length goes up from an {@link InputStream} with the DEFAULT multipart
 * settings, and comes back down, through a JVM whose whole heap is 64 MiB (this test runs in its
 * own surefire execution with {@code -Xmx64m}; see the module's pom). The S3 server runs in a JVM
 * of its own ({@link ForkedS3Server}), so the 64 MiB hold only the client, and keeps blobs in a
 * temporary directory; the bytes are generated as they are read and checked by SHA-256 on the way
 * down. Success proves that the upload keeps only the memory budget's worth of parts in memory and
 * that the download streams.
 *
 * <p>For 2 GiB: {@code ./mvnw -B -q -pl storage-s3 -am test -Dtest=S3LargeUploadTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ds3.large.mib=2048} (about twice as long).
 */
class S3LargeUploadTest {
  private static final long SIZE = Long.getLong("s3.large.mib", 1024) << 20;

  @Test
  void aGibibyteOfUnknownLengthRoundTripsThroughASmallHeapWithDefaultSettings(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        Boolean.getBoolean("s3.large.small-heap"),
        "runs only in the large-upload-small-heap execution (-Xmx64m)");
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run with -Xmx64m, or the test proves nothing")
        .isLessThanOrEqualTo(64L << 20);
    try (ForkedS3Server server = ForkedS3Server.start(dir, 512)) {
      S3BlobStore store =
          S3BlobStore.builder()
              .endpoint(server.endpoint())
              .bucket(LocalS3Server.BUCKET)
              .accessKeyId(LocalS3Server.ACCESS_KEY_ID)
              .secretAccessKey(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
              .build();
      MessageDigest sent = sha256();
      AtomicLong progress = new AtomicLong();
      long started = System.nanoTime();

      BlobInfo info =
          store.put(
              "large/blob.bin",
              BlobContent.of(new DigestInputStream(new Generated(SIZE), sent)),
              PutOptions.builder().progressListener((bytes, total) -> progress.set(bytes)).build());

      long uploaded = System.nanoTime();
      assertThat(info.size()).isEqualTo(SIZE);
      assertThat(info.etag()).endsWith("-" + (SIZE >> 23) + "\"");
      assertThat(progress).hasValue(SIZE);
      assertThat(server.openMultipartUploads()).isZero();
      MessageDigest received = sha256();
      try (Blob blob = store.get("large/blob.bin", GetOptions.defaults());
          InputStream in = blob.content()) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received.update(buffer, 0, n);
        }
      }
      long downloaded = System.nanoTime();
      assertThat(HexFormat.of().formatHex(received.digest()))
          .isEqualTo(HexFormat.of().formatHex(sent.digest()));
      System.out.printf(
          "S3LargeUploadTest: %d MiB, heap %d MiB, up %.1f s (%.0f MB/s), down %.1f s%n",
          SIZE >> 20,
          Runtime.getRuntime().maxMemory() >> 20,
          (uploaded - started) / 1e9,
          SIZE / 1e6 / ((uploaded - started) / 1e9),
          (downloaded - uploaded) / 1e9);
    }
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  /** Pseudo-random bytes made as they are read, so no copy of the object exists anywhere. */
  private static final class Generated extends InputStream {
    private final long size;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++, position++) {
        if ((position & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> ((position & 7) * 8));
      }
      return n;
    }
  }
}
