package dev.switchboard.storage.s3;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.AuthenticationException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.Secret;
import dev.switchboard.http.CallScope;
import dev.switchboard.http.HttpClients;
import dev.switchboard.storage.AsyncBlob;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.S3BlobStoreAgainstS3ProxyTest.Pattern;
import dev.switchboard.testkit.LocalS3Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The adapter's own guarantees through {@link S3BlobStore#async()}, against the in-process S3
 * server: futures complete on OkHttp's threads once S3 has answered, a blob's bytes are read on
 * OkHttp's dispatcher executor as the subscriber asks, S3's errors fail the future as the blocking
 * calls throw them, and a multipart upload is aborted after any failure.
 */
class S3NonBlockingTest {
  private static final int PART = S3BlobStore.MIN_PART_SIZE;

  private final Gate gate = new Gate();
  private LocalS3Server server;

  @AfterEach
  void stop() {
    gate.open();
    if (server != null) {
      server.close();
    }
  }

  /** A server whose puts and gets of whole objects wait while the gate is closed. */
  private void startGatedServer() {
    server =
        LocalS3Server.start(
            new TransientNio2BlobStore(),
            backend ->
                new ForwardingBlobStore(backend) {
                  @Override
                  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
                    gate.pass();
                    return super.putBlob(request, input);
                  }

                  @Override
                  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
                    gate.pass();
                    return super.getBlob(request);
                  }
                });
  }

  private S3BlobStore.Builder store() {
    return store(Secret.of(LocalS3Server.SECRET_ACCESS_KEY));
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

  @Test
  void aPutAndAGetCompleteOnOkHttpsThreadsOnceS3HasAnswered() throws Exception {
    startGatedServer();
    AsyncBlobStore async = store().build().async();
    String test = Thread.currentThread().getName();

    gate.close();
    Completed<BlobInfo> put =
        whileHeld(
            async.put("note.txt", BlobContent.ofString("hello, async"), PutOptions.defaults()));
    gate.close();
    Completed<AsyncBlob> get = whileHeld(async.get("note.txt", GetOptions.defaults()));
    Received received = Received.from(get.result().content());

    assertThat(put.result().size()).isEqualTo(12);
    assertThat(put.thread()).isNotEqualTo(test).startsWith("OkHttp");
    assertThat(get.result().info().etag()).isEqualTo(put.result().etag());
    assertThat(get.thread()).isNotEqualTo(test).startsWith("OkHttp");
    assertThat(new String(received.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("hello, async");
    assertThat(received.threads())
        .as("threads the bytes were read on")
        .isNotEmpty()
        .allSatisfy(thread -> assertThat(thread).isNotEqualTo(test).startsWith("OkHttp"));
  }

  @Test
  void aRangedGetKeepsItsRangeAndPublishesOnlyThoseBytes() throws Exception {
    startGatedServer();
    S3BlobStore store = store().build();
    byte[] content = new Pattern(1000).readAllBytes();
    store.put("ranged.bin", BlobContent.of(content), PutOptions.defaults());

    AsyncBlob blob =
        store.async().get("ranged.bin", GetOptions.range(ByteRange.of(100, 299))).get(10, SECONDS);

    assertThat(blob.range()).contains(ByteRange.of(100, 299));
    assertThat(blob.info().size()).isEqualTo(1000);
    assertThat(Received.from(blob.content()).bytes())
        .isEqualTo(Arrays.copyOfRange(content, 100, 300));
  }

  @Test
  void cancellingTheSubscriptionClosesTheResponse() throws Exception {
    startGatedServer();
    CompletableFuture<String> getEnded = new CompletableFuture<>();
    OkHttpClient watched =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void callEnd(Call call) {
                    if (call.request().method().equals("GET")) {
                      getEnded.complete("ended");
                    }
                  }

                  @Override
                  public void callFailed(Call call, IOException e) {
                    if (call.request().method().equals("GET")) {
                      getEnded.complete("failed: " + e);
                    }
                  }
                })
            .build();
    S3BlobStore store =
        store().httpClients(HttpClients.builder().baseClient(watched).build()).build();
    store.put(
        "big.bin", BlobContent.of(new Pattern(4 << 20).readAllBytes()), PutOptions.defaults());
    AsyncBlob blob = store.async().get("big.bin", GetOptions.defaults()).get(10, SECONDS);
    CompletableFuture<Integer> firstChunk = new CompletableFuture<>();

    blob.content()
        .subscribe(
            new Flow.Subscriber<>() {
              private Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
              }

              @Override
              public void onNext(ByteBuffer item) {
                firstChunk.complete(item.remaining());
                subscription.cancel();
              }

              @Override
              public void onError(Throwable t) {
                firstChunk.completeExceptionally(t);
              }

              @Override
              public void onComplete() {}
            });

    assertThat(firstChunk.get(10, SECONDS)).isPositive().isLessThan(4 << 20);
    assertThat(getEnded.get(10, SECONDS)).as("the GET call ended: its body was closed").isNotNull();
  }

  @Test
  void s3sErrorsFailTheFutureWithTheExceptionsTheBlockingCallsThrow() throws Exception {
    startGatedServer();
    S3BlobStore store = store().build();
    S3BlobStore wrongSecret = store(Secret.of("fake-but-not-the-servers-secret")).build();

    Throwable missing = failureOf(store.async().get("missing.txt", GetOptions.defaults()));
    Throwable missingBlocking =
        catchThrowable(() -> store.get("missing.txt", GetOptions.defaults()));
    Throwable refused =
        failureOf(wrongSecret.async().put("k", BlobContent.ofString("x"), PutOptions.defaults()));
    Throwable refusedBlocking =
        catchThrowable(
            () -> wrongSecret.put("k", BlobContent.ofString("x"), PutOptions.defaults()));

    assertThat(missing).isInstanceOf(NotFoundException.class).hasSameClassAs(missingBlocking);
    assertThat(((SwitchboardException) missing).context())
        .satisfies(
            context -> {
              assertThat(context.operation()).contains("get");
              assertThat(context.httpStatus()).hasValue(404);
              assertThat(context.vendorRequestId()).isPresent();
            });
    assertThat(refused)
        .hasSameClassAs(refusedBlocking)
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.context().vendorCode()).contains("SignatureDoesNotMatch");
              assertThat(e.context().httpStatus()).hasValue(403);
            });
    assertThat(failureOf(store.async().copy("missing.txt", "copy.txt")))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.async().stat("missing.txt").get(10, SECONDS)).isEmpty();
    assertThat(store.async().delete("missing.txt").get(10, SECONDS)).isNull();
  }

  @Test
  void badArgumentsFailTheFutureButStillThrowFromTheBlockingCalls() throws Exception {
    startGatedServer();
    S3BlobStore store = store().presignMaxExpiry(Duration.ofHours(1)).build();
    PresignRequest tooLong = PresignRequest.get(Duration.ofHours(2));

    assertThat(failureOf(store.async().get("", GetOptions.defaults())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(failureOf(store.async().put("k", null, PutOptions.defaults())))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("content == null");
    assertThat(failureOf(store.async().presign("k", tooLong)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.get("", GetOptions.defaults()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.put("k", null, PutOptions.defaults()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aMultipartUploadWhosePartKeepsFailingIsAbortedAndLeavesNoPartsBehind(@TempDir Path dir)
      throws Exception {
    server =
        LocalS3Server.start(
            new TransientNio2BlobStore(),
            S3BlobStoreAgainstS3ProxyTest.failingPart(3, Integer.MAX_VALUE));
    S3BlobStore store = store().build();
    long size = 4L * PART + 10;
    Path file = Files.write(dir.resolve("big.bin"), new Pattern(size).readAllBytes());

    Throwable fromStream =
        failureOf(
            store
                .async()
                .put("stream.bin", BlobContent.of(new Pattern(size), size), PutOptions.defaults()));
    Throwable fromFile =
        failureOf(store.async().put("file.bin", BlobContent.of(file), PutOptions.defaults()));

    for (Throwable failure : new Throwable[] {fromStream, fromFile}) {
      // Sent three times (partAttempts), each failure carrying the one before.
      assertThat(failure).isInstanceOf(OutcomeUnknownException.class);
      assertThat(failure.getSuppressed()).hasSize(1);
      assertThat(failure.getSuppressed()[0].getSuppressed()).hasSize(1);
    }
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("stream.bin")).isEmpty();
    assertThat(store.stat("file.bin")).isEmpty();
  }

  @Test
  void contentThatFailsWhileAPartIsReadAbortsTheUpload() throws Exception {
    server = LocalS3Server.start();
    S3BlobStore store = store().build();
    Pattern pattern = new Pattern(10L * PART);
    InputStream breaks =
        new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (pattern.position() > 2L * PART + 100) {
              throw new IOException("disk gone");
            }
            return pattern.read(b, off, len);
          }
        };

    Throwable failure =
        failureOf(store.async().put("broken.bin", BlobContent.of(breaks), PutOptions.defaults()));

    assertThat(failure)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("content"));
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("broken.bin")).isEmpty();
  }

  @Test
  void anOutOfMemoryErrorWhileReadingAPartAbortsTheUpload() throws Exception {
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

    Throwable failure =
        failureOf(store.async().put("oom.bin", BlobContent.of(exhausted), PutOptions.defaults()));

    assertThat(failure).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("part 3");
    assertThat(server.openMultipartUploads()).isZero();
    assertThat(store.stat("oom.bin")).isEmpty();
  }

  @Test
  void anUploadWhoseAttemptIsCancelledMidwayIsStillAborted() throws Exception {
    server = LocalS3Server.start();
    S3BlobStore store = store().concurrency(1).build();
    CallScope attempt = CallScope.start(null);
    PutOptions cancelAfterTheFirstPart =
        PutOptions.builder().progressListener((sent, total) -> attempt.cancel()).build();
    long size = 3L * PART;

    CompletableFuture<BlobInfo> put =
        attempt.enter(
            () ->
                store
                    .async()
                    .put(
                        "cancelled.bin",
                        BlobContent.of(new Pattern(size), size),
                        cancelAfterTheFirstPart));

    assertThat(failureOf(put))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("cancelled");
    assertThat(server.openMultipartUploads())
        .as("the abort went out although the attempt was cancelled")
        .isZero();
    assertThat(store.stat("cancelled.bin")).isEmpty();
  }

  @Test
  void aStreamKeepsNoMorePartsInFlightThanTheBudgetHolds() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    server =
        LocalS3Server.start(
            new TransientNio2BlobStore(),
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
    S3BlobStore store = store().concurrency(4).memoryBudget(PART).build();
    int size = 4 * PART + 1;

    BlobInfo info =
        store
            .async()
            .put("budget.bin", BlobContent.of(new Pattern(size)), PutOptions.defaults())
            .get(30, SECONDS);

    assertThat(info.size()).isEqualTo(size);
    assertThat(info.etag()).endsWith("-5\"");
    assertThat(most).hasValue(1);
    try (Blob blob = store.get("budget.bin", GetOptions.defaults())) {
      assertThat(Arrays.equals(blob.content().readAllBytes(), new Pattern(size).readAllBytes()))
          .isTrue();
    }
  }

  /** The failure the future completed with, as the blocking call would throw it. */
  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the future succeeded");
  }

  /**
   * Checks that {@code call} returned before S3 answered, then opens the gate and waits. Returns
   * the result and the name of the thread that completed the future.
   */
  private <T> Completed<T> whileHeld(CompletableFuture<T> call) throws Exception {
    assertThat(call).as("returned before S3 answered").isNotDone();
    AtomicReference<String> completer = new AtomicReference<>();
    CompletableFuture<T> observed =
        call.whenComplete((result, failure) -> completer.set(Thread.currentThread().getName()));
    gate.open();
    T result = observed.get(10, SECONDS);
    return new Completed<>(result, completer.get());
  }

  private record Completed<T>(T result, String thread) {}

  /** Holds the server's answers back while closed. */
  private static final class Gate {
    private volatile CountDownLatch closed = new CountDownLatch(0);

    void close() {
      closed = new CountDownLatch(1);
    }

    void open() {
      closed.countDown();
    }

    void pass() {
      try {
        if (!closed.await(30, SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** What a subscriber that asks for everything got: the bytes, and the threads they came on. */
  private record Received(byte[] bytes, Set<String> threads) {
    static Received from(Flow.Publisher<ByteBuffer> content) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Set<String> threads = ConcurrentHashMap.newKeySet();
      CompletableFuture<Void> done = new CompletableFuture<>();
      content.subscribe(
          new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
              threads.add(Thread.currentThread().getName());
              byte[] chunk = new byte[item.remaining()];
              item.get(chunk);
              out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
              done.complete(null);
            }
          });
      done.get(10, SECONDS);
      return new Received(out.toByteArray(), threads);
    }
  }
}
