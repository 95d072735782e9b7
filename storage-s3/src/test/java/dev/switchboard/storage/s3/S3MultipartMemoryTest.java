package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.Secret;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.S3BlobStoreAgainstS3ProxyTest.Pattern;
import dev.switchboard.testkit.LocalS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The multipart memory budget, uploads from files, and aborts after errors of any kind. */
class S3MultipartMemoryTest {
  private static final int PART = S3BlobStore.MIN_PART_SIZE;

  @TempDir Path dir;
  private LocalS3Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private S3BlobStore.Builder store() {
    return S3BlobStore.builder()
        .endpoint(server.endpoint())
        .bucket(server.bucket())
        .accessKeyId(LocalS3Server.ACCESS_KEY_ID)
        .secretAccessKey(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
        .multipartThreshold(PART)
        .partSize(PART)
        .concurrency(4);
  }

  @Test
  void anOutOfMemoryErrorWhileBufferingAPartAbortsTheUpload() {
    server = LocalS3Server.start();
    S3BlobStore store = store().build();
    InputStream exhausted =
        new Pattern(10L * PART) {
          @Override
          public int read(byte[] b, int off, int len) {
            if (position() >= 2L * PART) {
              throw new OutOfMemoryError("injected while buffering part 3");
            }
            return super.read(b, off, len);
          }
        };

    assertThatThrownBy(() -> store.put("oom.bin", BlobContent.of(exhausted), PutOptions.defaults()))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessageContaining("part 3");
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("oom.bin")).isEmpty();
  }

  @Test
  void anOutOfMemoryErrorOnAPartThreadAbortsTheUpload() {
    server = LocalS3Server.start();
    S3BlobStore store = store().build();
    PutOptions failing =
        PutOptions.builder()
            .progressListener(
                (sent, total) -> {
                  throw new OutOfMemoryError("injected after sending a part");
                })
            .build();

    assertThatThrownBy(
            () -> store.put("oom.bin", BlobContent.of(new Pattern(3L * PART), 3L * PART), failing))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessageContaining("after sending");
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("oom.bin")).isEmpty();
  }

  @Test
  void aFileGoesUpInRangedPartsReadStraightFromIt() throws IOException {
    server = LocalS3Server.start(Files.createDirectories(dir.resolve("server")));
    S3BlobStore store = store().memoryBudget(PART).build();
    int size = 2 * PART + 777;
    byte[] expected = new Pattern(size).readAllBytes();
    Path file = Files.write(dir.resolve("upload.bin"), expected);

    BlobInfo info = store.put("file.bin", BlobContent.of(file), PutOptions.defaults());

    assertThat(info.size()).isEqualTo(size);
    assertThat(info.etag()).endsWith("-3\"");
    try (Blob blob = store.get("file.bin", GetOptions.defaults())) {
      assertThat(Arrays.equals(blob.content().readAllBytes(), expected)).isTrue();
    }
  }

  @Test
  void aStreamKeepsNoMorePartsInFlightThanTheBudgetHolds() throws IOException {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    server =
        LocalS3Server.start(
            new FilesystemNio2BlobStore(dir.toString()),
            backend ->
                new ForwardingBlobStore(backend) {
                  @Override
                  public UploadPartResponse uploadMultipartPart(
                      MultipartUpload upload, UploadPartRequest request, InputStream input) {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                      return super.uploadMultipartPart(upload, request, input);
                    } finally {
                      inFlight.decrementAndGet();
                    }
                  }
                });
    S3BlobStore store = store().memoryBudget(PART).build();
    int size = 4 * PART + 1;

    store.put("budget.bin", BlobContent.of(new Pattern(size)), PutOptions.defaults());

    assertThat(most).hasValue(1);
    try (Blob blob = store.get("budget.bin", GetOptions.defaults())) {
      assertThat(Arrays.equals(blob.content().readAllBytes(), new Pattern(size).readAllBytes()))
          .isTrue();
    }
  }

  @Test
  void theDefaultBudgetIsAQuarterOfTheHeapUpTo32MiB() {
    S3BlobStore.Builder builder = S3BlobStore.builder();

    assertThat(builder.budget(64L << 20)).isEqualTo(16L << 20);
    assertThat(builder.budget(4L << 30)).isEqualTo(32L << 20);
  }

  @Test
  void aBudgetBeyondHalfTheHeapOrBelowOnePartIsAConfigurationError() {
    assertThatThrownBy(() -> S3BlobStore.builder().memoryBudget(64L << 20).budget(100L << 20))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly("multipart.memory-budget"))
        .hasMessageContaining("half the heap");
    assertThatThrownBy(() -> S3BlobStore.builder().partSize(16L << 20).budget(32L << 20))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("multipart.memory-budget")
        .hasMessageContaining("multipart.part-size");
  }
}
