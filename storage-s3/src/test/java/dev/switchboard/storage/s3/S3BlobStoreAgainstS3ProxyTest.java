package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SecretSource;
import dev.switchboard.http.CallDeadline;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.LocalS3Server;
import dev.switchboard.testkit.Poll;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** What the adapter does against a real S3 server beyond the port's contract. */
class S3BlobStoreAgainstS3ProxyTest {
  private static final int PART = S3BlobStore.MIN_PART_SIZE;

  private LocalS3Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private S3BlobStore.Builder store(Secret secret) {
    return S3BlobStore.builder()
        .endpoint(server.endpoint())
        .bucket(server.bucket())
        .accessKeyId(LocalS3Server.ACCESS_KEY_ID)
        .secretAccessKey(secret)
        .multipartThreshold(PART)
        .partSize(PART)
        .concurrency(2);
  }

  private S3BlobStore store() {
    return store(Secret.of(LocalS3Server.SECRET_ACCESS_KEY)).build();
  }

  @Test
  void aWrongSecretIsRejectedAsAnAuthenticationFailure() {
    server = LocalS3Server.start();
    S3BlobStore wrong = store(Secret.of("fake-but-not-the-servers-secret")).build();

    assertThatThrownBy(() -> wrong.put("k", BlobContent.ofString("x"), PutOptions.defaults()))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.context().vendorCode()).contains("SignatureDoesNotMatch");
              assertThat(e.context().httpStatus()).hasValue(403);
              assertThat(e.context().vendorRequestId()).isPresent();
              assertThat(e.getMessage()).doesNotContain("fake-but-not-the-servers-secret");
            });
    assertThatThrownBy(() -> wrong.stat("k")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aRotatedSecretIsReadAgainAfterARejectionWithoutARestart() {
    server = LocalS3Server.start();
    AtomicReference<String> current = new AtomicReference<>("fake-old-secret");
    AtomicInteger reads = new AtomicInteger();
    SecretSource vault =
        new SecretSource() {
          @Override
          public String scheme() {
            return "vault";
          }

          @Override
          public Optional<String> read(String reference) {
            reads.incrementAndGet();
            return Optional.of(current.get());
          }
        };
    S3BlobStore store =
        store(Secret.read(vault, "s3", Clock.systemUTC(), Duration.ofDays(1))).build();
    current.set(LocalS3Server.SECRET_ACCESS_KEY);

    assertThatThrownBy(() -> store.stat("k")).isInstanceOf(AuthenticationException.class);
    assertThat(store.stat("k")).isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aPresignedUrlWorksFromAPlainHttpClientAndFailsOnceTamperedWith() throws IOException {
    server = LocalS3Server.start();
    S3BlobStore store = store();
    store.put("shared/report.txt", BlobContent.ofString("for the browser"), PutOptions.defaults());
    URI url = store.presign("shared/report.txt", PresignRequest.get(Duration.ofMinutes(5)));
    OkHttpClient plain = new OkHttpClient();

    try (Response response =
        plain.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("for the browser");
    }
    String longer = url.toString().replace("X-Amz-Expires=300", "X-Amz-Expires=3000");
    String otherSignature =
        url.toString().substring(0, url.toString().length() - 1)
            + (url.toString().endsWith("0") ? "1" : "0");
    for (String tampered : new String[] {longer, otherSignature}) {
      try (Response response =
          plain.newCall(new Request.Builder().url(tampered).build()).execute()) {
        assertThat(response.code()).as(tampered).isEqualTo(403);
      }
    }
  }

  @Test
  void aPresignedExpiryBeyondTheConfiguredMaximumIsRefused() {
    server = LocalS3Server.start();
    S3BlobStore store =
        store(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
            .presignMaxExpiry(Duration.ofHours(1))
            .build();

    assertThatThrownBy(() -> store.presign("k", PresignRequest.get(Duration.ofHours(2))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("expiry"));
    assertThat(store.presign("k", PresignRequest.put(Duration.ofHours(1)))).isNotNull();
  }

  @Test
  void withCrc32cAPutIsStoredAndReadBack(@TempDir Path dir) throws IOException {
    server = LocalS3Server.start();
    S3BlobStore store =
        store(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
            .payloadChecksum(PayloadChecksum.CRC32C)
            .build();
    byte[] bytes = new Pattern(PART - 3).readAllBytes();
    Path file = java.nio.file.Files.write(dir.resolve("file.bin"), bytes);

    store.put("bytes.bin", BlobContent.of(bytes), PutOptions.defaults());
    store.put("file.bin", BlobContent.of(file), PutOptions.defaults());

    for (String key : new String[] {"bytes.bin", "file.bin"}) {
      try (Blob blob = store.get(key, GetOptions.defaults())) {
        assertThat(blob.content().readAllBytes()).as(key).isEqualTo(bytes);
      }
    }
  }

  /**
   * A file changed while it is being sent: the bytes S3 receives are not the ones whose checksum
   * the request carries, and S3 must refuse them. With either checksum the test fails if the server
   * stores the object.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = PayloadChecksum.class,
      names = {"SHA256", "CRC32C"})
  void contentChangedAfterItsChecksumIsRefusedAndNothingIsStored(
      PayloadChecksum checksum, @TempDir Path dir) throws IOException {
    server = LocalS3Server.start();
    S3BlobStore store =
        store(Secret.of(LocalS3Server.SECRET_ACCESS_KEY)).payloadChecksum(checksum).build();
    Path file =
        java.nio.file.Files.write(dir.resolve("moving.bin"), new Pattern(PART).readAllBytes());
    AtomicInteger changes = new AtomicInteger();
    PutOptions options =
        PutOptions.builder()
            .progressListener(
                (sent, total) -> {
                  if (sent < PART && changes.getAndIncrement() == 0) {
                    try (var channel =
                        java.nio.channels.FileChannel.open(
                            file, java.nio.file.StandardOpenOption.WRITE)) {
                      channel.write(java.nio.ByteBuffer.wrap(new byte[4096]), PART / 2);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }
                })
            .build();

    assertThatThrownBy(() -> store.put("moving.bin", BlobContent.of(file), options))
        .isInstanceOfSatisfying(
            dev.switchboard.ProviderUnavailableException.class,
            e ->
                assertThat(e.context().vendorCode())
                    .hasValue(
                        checksum == PayloadChecksum.CRC32C
                            ? "BadDigest"
                            : "XAmzContentSHA256Mismatch"));
    assertThat(changes).hasPositiveValue();
    assertThat(store.stat("moving.bin")).isEmpty();
  }

  @Test
  void aPartThatKeepsFailingAbortsTheUploadAndLeavesNoPartsBehind() {
    server = LocalS3Server.start(new TransientNio2BlobStore(), failingPart(3, Integer.MAX_VALUE));
    S3BlobStore store = store();

    assertThatThrownBy(
            () ->
                store.put(
                    "big.bin",
                    BlobContent.of(new Pattern(4 * PART + 10), 4L * PART + 10),
                    PutOptions.defaults()))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("big.bin")).isEmpty();
  }

  @Test
  void anUploadWhoseCallDeadlinePassesDuringAPartIsStillAborted() {
    AtomicLong deadlineAt = new AtomicLong();
    AtomicBoolean partHeld = new AtomicBoolean();
    server =
        LocalS3Server.start(
            new TransientNio2BlobStore(),
            backend ->
                new ForwardingBlobStore(backend) {
                  @Override
                  public UploadPartResponse uploadMultipartPart(
                      MultipartUpload upload, UploadPartRequest request, InputStream input) {
                    if (request.partNumber() == 1) {
                      partHeld.set(true);
                      Poll.until(
                          "the attempt's deadline has passed",
                          () -> {},
                          () -> System.nanoTime() - deadlineAt.get() > 0,
                          () -> "deadline at " + deadlineAt.get() + ", now " + System.nanoTime());
                    }
                    return super.uploadMultipartPart(upload, request, input);
                  }
                });
    S3BlobStore store = store();
    // A first call warms the server up, so the upload starts well within its deadline.
    store.put("warm.txt", BlobContent.ofString("warm"), PutOptions.defaults());
    long size = 2L * PART + 10;
    ResilienceConfig config =
        ResilienceConfig.builder().timeoutCall(Duration.ofSeconds(2)).retryMaxAttempts(1).build();

    Throwable failure;
    try (ResiliencePolicy policy = ResiliencePolicy.of("s3", config)) {
      failure =
          catchThrowable(
              () ->
                  policy.execute(
                      "put",
                      null,
                      () -> {
                        deadlineAt.set(
                            System.nanoTime() + CallDeadline.current().orElseThrow().toNanos());
                        return store.put(
                            "late.bin",
                            BlobContent.of(new Pattern(size), size),
                            PutOptions.defaults());
                      }));
    }

    assertThat(partHeld).as("the upload reached its first part").isTrue();
    assertThat(server.openMultipartUploads())
        .as("the abort went out although the deadline had passed")
        .isZero();
    assertThat(failure)
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.reason()).contains("deadline passed before sending");
              assertThat(e.getSuppressed()).as("the abort's own failure").isEmpty();
            });
    assertThat(store.stat("late.bin")).isEmpty();
  }

  @Test
  void aPartThatFailsOnceIsSentAgainAlone() throws IOException {
    server = LocalS3Server.start(new TransientNio2BlobStore(), failingPart(2, 1));
    S3BlobStore store = store();
    int size = 3 * PART + 7;

    BlobInfo info =
        store.put("retried.bin", BlobContent.of(new Pattern(size), size), PutOptions.defaults());

    assertThat(info.size()).isEqualTo(size);
    assertThat(info.etag()).endsWith("-4\"");
    try (Blob blob = store.get("retried.bin", GetOptions.defaults())) {
      assertThat(blob.content().readAllBytes()).isEqualTo(new Pattern(size).readAllBytes());
    }
    assertThat(server.openMultipartUploads()).isZero();
  }

  @Test
  void contentThatFailsMidwayAbortsTheUpload() {
    server = LocalS3Server.start();
    S3BlobStore store = store();
    InputStream breaks =
        new Pattern(10 * PART) {
          @Override
          public int read(byte[] b, int off, int len) {
            if (position() > 2L * PART + 100) {
              throw new java.io.UncheckedIOException(new IOException("disk gone"));
            }
            return super.read(b, off, len);
          }
        };

    assertThatThrownBy(
            () -> store.put("broken.bin", BlobContent.of(wrap(breaks)), PutOptions.defaults()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("content"));
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("broken.bin")).isEmpty();
  }

  @Test
  void streamsShorterOrLongerThanDeclaredAreRejectedAndNothingIsStored() {
    server = LocalS3Server.start();
    S3BlobStore store = store();
    byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);

    for (long declared : new long[] {9, 11}) {
      assertThatThrownBy(
              () ->
                  store.put(
                      "wrong-" + declared,
                      BlobContent.of(new ByteArrayInputStream(ten), declared),
                      PutOptions.defaults()))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("length"));
      assertThat(store.stat("wrong-" + declared)).isEmpty();
    }
    long big = 2L * PART + 1;
    assertThatThrownBy(
            () ->
                store.put(
                    "wrong-big", BlobContent.of(new Pattern(big - 1), big), PutOptions.defaults()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("length"));
    assertThat(server.openMultipartUploads()).isZero();
  }

  @Test
  void createIfAbsentHoldsForMultipartUploadsToo() {
    server = LocalS3Server.start();
    S3BlobStore store = store();
    long size = 2L * PART + 3;
    store.put("once.bin", BlobContent.of(new Pattern(size), size), PutOptions.defaults());

    assertThatThrownBy(
            () ->
                store.put(
                    "once.bin",
                    BlobContent.of(new Pattern(size), size),
                    PutOptions.builder().createIfAbsent(true).build()))
        .isInstanceOf(ConflictException.class);
    assertThat(server.openMultipartUploads()).isZero();
  }

  @Test
  void unknownLengthContentLongerThanAPartGoesUpInParts(@TempDir Path dir) throws IOException {
    server = LocalS3Server.start(dir);
    S3BlobStore store = store();
    int size = 2 * PART + 12345;

    BlobInfo info =
        store.put("unknown.bin", BlobContent.of(new Pattern(size)), PutOptions.defaults());

    assertThat(info.size()).isEqualTo(size);
    assertThat(info.etag()).endsWith("-3\"");
    try (Blob blob = store.get("unknown.bin", GetOptions.defaults())) {
      assertThat(Arrays.equals(blob.content().readAllBytes(), new Pattern(size).readAllBytes()))
          .isTrue();
    }
  }

  private static InputStream wrap(InputStream in) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (java.io.UncheckedIOException e) {
          throw e.getCause();
        }
      }
    };
  }

  /** Makes the server fail part {@code number} of every upload, the first {@code times} times. */
  static java.util.function.UnaryOperator<BlobStore> failingPart(int number, int times) {
    ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    return backend ->
        new ForwardingBlobStore(backend) {
          @Override
          public UploadPartResponse uploadMultipartPart(
              MultipartUpload upload, UploadPartRequest request, InputStream input) {
            if (request.partNumber() == number
                && failures
                        .computeIfAbsent(upload.id(), id -> new AtomicInteger())
                        .incrementAndGet()
                    <= times) {
              throw new S3ProxyException(
                  S3ErrorCode.INTERNAL_ERROR, "injected failure of part " + number);
            }
            return super.uploadMultipartPart(upload, request, input);
          }
        };
  }

  /** {@code size} bytes of a repeating pattern, made as they are read. */
  static class Pattern extends InputStream {
    private final long size;
    private long position;

    Pattern(long size) {
      this.size = size;
    }

    long position() {
      return position;
    }

    @Override
    public int read() {
      return position < size ? (int) (position++ * 31 % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (position++ * 31 % 251);
      }
      return n;
    }
  }
}
