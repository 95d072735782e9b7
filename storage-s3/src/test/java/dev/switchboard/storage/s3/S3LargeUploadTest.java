package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.Secret;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
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
 * A 300 MiB blob goes up and comes back down through a JVM whose whole heap is 96 MiB (this test
 * runs in its own surefire execution with {@code -Xmx96m}; see the module's pom). The S3 server
 * runs in the same JVM and keeps blobs on disk. Neither the upload nor the download can hold the
 * object, nor even a third of it: success proves that both stream, and that the multipart upload
 * keeps only {@code concurrency} parts in memory.
 */
class S3LargeUploadTest {
  private static final long SIZE = 300L << 20;

  @Test
  void threeHundredMebibytesRoundTripThroughASmallHeap(@TempDir Path dir) throws Exception {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run with -Xmx96m, or the test proves nothing")
        .isLessThan(128L << 20);
    try (LocalS3Server server = LocalS3Server.start(dir)) {
      S3BlobStore store =
          S3BlobStore.builder()
              .endpoint(server.endpoint())
              .bucket(server.bucket())
              .accessKeyId(LocalS3Server.ACCESS_KEY_ID)
              .secretAccessKey(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
              .partSize(S3BlobStore.MIN_PART_SIZE)
              .concurrency(3)
              .build();
      MessageDigest sent = sha256();
      AtomicLong progress = new AtomicLong();

      BlobInfo info =
          store.put(
              "large/300MiB.bin",
              BlobContent.of(new DigestInputStream(new Generated(SIZE), sent), SIZE),
              PutOptions.builder().progressListener((bytes, total) -> progress.set(bytes)).build());

      assertThat(info.size()).isEqualTo(SIZE);
      assertThat(info.etag()).endsWith("-60\"");
      assertThat(progress).hasValue(SIZE);
      assertThat(server.openMultipartUploads()).isZero();
      MessageDigest received = sha256();
      try (Blob blob = store.get("large/300MiB.bin", GetOptions.defaults());
          InputStream in = blob.content()) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received.update(buffer, 0, n);
        }
      }
      assertThat(HexFormat.of().formatHex(received.digest()))
          .isEqualTo(HexFormat.of().formatHex(sent.digest()));
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
