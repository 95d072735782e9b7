package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final int MIB = 1 << 20;

  private final InMemoryBlobStoreContractTest.OffsetClock clock =
      new InMemoryBlobStoreContractTest.OffsetClock(T0);
  private final InMemoryBlobStore store =
      InMemoryBlobStore.builder().provider("mem").clock(clock).seed(7).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private BlobInfo put(String key, String text) {
    return store.put(key, BlobContent.ofString(text), PutOptions.defaults());
  }

  private String read(Blob blob) throws IOException {
    try (blob) {
      return new String(blob.content().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void defaultsToProviderFakeOnTheSystemClock() {
    InMemoryBlobStore fake = InMemoryBlobStore.create();
    assertThat(fake.provider()).isEqualTo("fake");
    Instant before = Instant.now();
    assertThat(fake.put("k", BlobContent.ofString("x"), PutOptions.defaults()).lastModified())
        .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    assertThat(fake).hasToString("InMemoryBlobStore[provider=fake, blobs=1]");
  }

  @Test
  void builderRejectsBadProviderAndClock() {
    assertThatThrownBy(() -> InMemoryBlobStore.builder().provider("has space"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("provider"));
    assertThatThrownBy(() -> InMemoryBlobStore.builder().provider(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> InMemoryBlobStore.builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
  }

  @Test
  void etagIsTheQuotedHexMd5OfTheContent() {
    assertThat(put("k", "hello").etag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
    assertThat(put("empty", "").etag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
  }

  @Test
  void lastModifiedComesFromTheClock() {
    assertThat(put("k", "one").lastModified()).isEqualTo(T0);
    clock.offset = Duration.ofMinutes(5);
    put("k", "two");
    assertThat(store.stat("k").orElseThrow().lastModified()).isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void copyKeepsTheEtagAndTakesTheClocksTime() {
    BlobInfo source = put("src", "data");
    clock.offset = Duration.ofSeconds(10);
    BlobInfo copy = store.copy("src", "dst");
    assertThat(copy.etag()).isEqualTo(source.etag());
    assertThat(copy.lastModified()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void keepsLargeContentInChunksOfAtMostOneMiB() throws IOException {
    byte[] bytes = new byte[5 * MIB / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 20));
    }

    store.put("unknown", BlobContent.of(new ByteArrayInputStream(bytes)), PutOptions.defaults());
    store.put("known", BlobContent.of(bytes), PutOptions.defaults());

    assertThat(store.chunkLengths("unknown")).containsExactly(MIB, MIB, MIB / 2);
    assertThat(store.chunkLengths("known")).containsExactly(MIB, MIB, MIB / 2);
    assertThat(store.chunkLengths("missing")).isEmpty();
    try (Blob blob = store.get("unknown", GetOptions.range(ByteRange.of(MIB - 2, MIB + 1)))) {
      assertThat(blob.content().readAllBytes())
          .containsExactly(bytes[MIB - 2], bytes[MIB - 1], bytes[MIB], bytes[MIB + 1]);
    }
    try (Blob blob = store.get("known", GetOptions.defaults())) {
      InputStream in = blob.content();
      assertThat(in.available()).isEqualTo(bytes.length);
      assertThat(in.read()).isEqualTo(bytes[0] & 0xff);
      assertThat(in.read(new byte[4], 0, 0)).isZero();
      assertThat(in.readAllBytes()).hasSize(bytes.length - 1);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void rejectsAStreamThatDoesNotMatchItsDeclaredLength() {
    for (int declared : new int[] {2, 4}) {
      assertThatThrownBy(
              () ->
                  store.put(
                      "k",
                      BlobContent.of(new ByteArrayInputStream(new byte[3]), declared),
                      PutOptions.defaults()))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).contains("content");
                assertThat(e.provider()).contains("mem");
              })
          .hasMessageContaining("declared as " + declared + " bytes but the stream held 3");
    }
    assertThat(store.keys()).isEmpty();
  }

  @Test
  void aFailingContentStreamIsReportedAsInvalidContent() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }
        };
    assertThatThrownBy(() -> store.put("k", BlobContent.of(broken), PutOptions.defaults()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("content"))
        .hasMessageContaining("disk gone");
  }

  @Test
  void progressOfAStreamOfUnknownLengthHasNoTotal() {
    AtomicReference<OptionalLong> total = new AtomicReference<>();
    List<Long> reports = new ArrayList<>();
    store.put(
        "k",
        BlobContent.of(new ByteArrayInputStream(new byte[100_000])),
        PutOptions.builder()
            .progressListener(
                (bytes, t) -> {
                  reports.add(bytes);
                  total.set(t);
                })
            .build());
    assertThat(total.get()).isEmpty();
    assertThat(reports).isSorted().last().isEqualTo(100_000L);
  }

  @Test
  void createIfAbsentLetsExactlyOneOfTwoRacingWritersWin() throws Exception {
    for (int round = 0; round < 50; round++) {
      String key = "race-" + round;
      CountDownLatch start = new CountDownLatch(1);
      Callable<String> writer =
          () -> {
            start.await();
            try {
              store.put(
                  key,
                  BlobContent.ofString("w"),
                  PutOptions.builder().createIfAbsent(true).build());
              return "won";
            } catch (ConflictException e) {
              return "lost";
            }
          };
      Future<String> a = pool.submit(writer);
      Future<String> b = pool.submit(writer);
      start.countDown();
      assertThat(List.of(a.get(5, TimeUnit.SECONDS), b.get(5, TimeUnit.SECONDS)))
          .containsExactlyInAnyOrder("won", "lost");
    }
  }

  @Test
  void concurrentWritersAndListersSeeAConsistentStore() throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  put(String.format("t%d/%03d", thread, i), "x");
                  assertThat(
                          store
                              .list(ListRequest.builder().prefix("t" + thread + "/").build())
                              .items())
                      .hasSize(i + 1);
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(store.listAll("")).hasSize(800);
  }

  @Test
  void conflictCarriesProviderOperationAndStatus() {
    put("k", "first");
    IdempotencyKey key = IdempotencyKey.of("put-k");
    assertThatThrownBy(
            () ->
                store.put(
                    "k",
                    BlobContent.ofString("second"),
                    PutOptions.builder().createIfAbsent(true).idempotencyKey(key).build()))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.provider()).contains("mem");
              assertThat(e.operation()).contains("put");
              assertThat(e.httpStatus()).hasValue(412);
              assertThat(e.idempotencyKey()).contains(key);
            });
  }

  @Test
  void notFoundAndUnsatisfiableRangeCarryTheirStatus() {
    assertThatThrownBy(() -> store.get("missing", GetOptions.defaults()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.operation()).contains("get");
              assertThat(e.httpStatus()).hasValue(404);
            });
    put("k", "abc");
    assertThatThrownBy(() -> store.get("k", GetOptions.range(ByteRange.from(3))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("range");
              assertThat(e.provider()).contains("mem");
              assertThat(e.httpStatus()).hasValue(416);
            });
  }

  @Test
  void listedItemsLackContentTypeAndMetadataLikeS3Listings() {
    store.put(
        "k",
        BlobContent.ofString("x"),
        PutOptions.builder().contentType("text/plain").metadata("a", "b").build());
    BlobInfo listed = store.list(ListRequest.builder().build()).items().get(0);
    assertThat(listed.contentType()).isEmpty();
    assertThat(listed.metadata()).isEmpty();
    assertThat(store.stat("k").orElseThrow().contentType()).contains("text/plain");
  }

  @Test
  void rejectsPageTokensItDidNotIssue() {
    for (String token : List.of("not base64!", "_w")) {
      assertThatThrownBy(() -> store.list(ListRequest.builder().pageToken(token).build()))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("pageToken"));
    }
  }

  @Test
  void pageTokenBeforeThePrefixStartsAtThePrefix() {
    put("a/1", "x");
    put("b/1", "x");
    put("b/2", "x");
    String afterA1 = store.list(ListRequest.builder().pageSize(1).build()).nextPageToken().get();

    assertThat(store.list(ListRequest.builder().prefix("b/").pageToken(afterA1).build()).items())
        .extracting(BlobInfo::key)
        .containsExactly("b/1", "b/2");
  }

  @Test
  void aReaderKeepsTheContentItOpenedAfterAnOverwrite() throws IOException {
    put("k", "old");
    Blob blob = store.get("k", GetOptions.defaults());
    put("k", "new");
    assertThat(read(blob)).isEqualTo("old");
    assertThat(read(store.get("k", GetOptions.defaults()))).isEqualTo("new");
  }

  @Test
  void keysAreASnapshotInUtf8Order() {
    put("😀", "x");
    put("\uFF21", "x");
    put("a", "x");
    List<String> keys = store.keys();
    put("b", "x");
    assertThat(keys).containsExactly("a", "\uFF21", "😀");
  }

  @Test
  void rejectsNullArgumentsNamingThem() {
    assertRejected(() -> store.put("k", null, PutOptions.defaults()), "content");
    assertRejected(() -> store.put("k", BlobContent.ofString("x"), null), "options");
    assertRejected(() -> store.get("k", null), "options");
    assertRejected(() -> store.list(null), "request");
    assertRejected(() -> store.presign("k", null), "request");
    assertThatThrownBy(() -> store.copy("k", ""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("toKey"));
    assertRejected(() -> store.copy(null, "k"), "fromKey");
    assertRejected(() -> store.openPresigned(null), "uri");
    assertRejected(() -> store.putPresigned(null, BlobContent.ofString("x")), "uri");
    assertRejected(() -> store.putPresigned(URI.create("memory://mem/k"), null), "content");
  }

  @Test
  void everyPortCallGoesThroughTheFailureInjector() {
    put("k", "x");
    URI get = store.presign("k", PresignRequest.get(Duration.ofMinutes(1)));
    URI up = store.presign("k", PresignRequest.put(Duration.ofMinutes(1)));
    List<ThrowingCallable> calls =
        List.of(
            () -> put("k", "y"),
            () -> store.get("k", GetOptions.defaults()),
            () -> store.stat("k"),
            () -> store.delete("k"),
            () -> store.list(ListRequest.builder().build()),
            () -> store.listAll("").count(),
            () -> store.presign("k", PresignRequest.get(Duration.ofMinutes(1))),
            () -> store.copy("k", "k2"),
            () -> store.openPresigned(get),
            () -> store.putPresigned(up, BlobContent.ofString("z")));
    List<String> operations = new ArrayList<>();
    for (ThrowingCallable call : calls) {
      store.failures().failNext(1, Failure.unavailable());
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              ProviderUnavailableException.class,
              e -> {
                assertThat(e.provider()).contains("mem");
                operations.add(e.operation().orElseThrow());
              });
    }
    assertThat(operations)
        .containsExactly(
            "put",
            "get",
            "stat",
            "delete",
            "list",
            "list",
            "presign",
            "copy",
            "presignedGet",
            "presignedPut");
    assertThat(store).satisfies(s -> new InMemoryBlobStoreAssert(s).hasContent("k", "x"));
  }

  @Test
  void failureBeforeActingLeavesTheStreamUnreadAndNothingStored() {
    AtomicBoolean read = new AtomicBoolean();
    InputStream stream =
        new ByteArrayInputStream(new byte[] {1}) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            read.set(true);
            return super.read(b, off, len);
          }
        };
    store.failures().goDown();
    assertThatThrownBy(() -> store.put("k", BlobContent.of(stream), PutOptions.defaults()))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(read).isFalse();
    store.failures().recover();
    new InMemoryBlobStoreAssert(store).hasSize(0);
  }

  @Test
  void failureAfterActingStoresTheBlobButReportsAnUnknownOutcome() {
    IdempotencyKey key = IdempotencyKey.of("retry-me");
    store.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    assertThatThrownBy(
            () ->
                store.put(
                    "k",
                    BlobContent.ofString("stored"),
                    PutOptions.builder().idempotencyKey(key).build()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.idempotencyKey()).contains(key));
    new InMemoryBlobStoreAssert(store).hasContent("k", "stored");
  }

  @Test
  void presignedUrlHasTheDocumentedShape() {
    URI uri = store.presign("dir/a b+é.txt", PresignRequest.get(Duration.ofMinutes(15)));
    long expires = T0.plus(Duration.ofMinutes(15)).getEpochSecond();
    assertThat(uri.toString())
        .startsWith("memory://mem/dir%2Fa%20b%2B%C3%A9.txt?method=GET&expires=" + expires)
        .matches(".*&signature=[0-9a-f]{64}$");
    assertThat(
            store
                .presign("k", PresignRequest.put(Duration.ofMinutes(1)).withContentType("a/b"))
                .toString())
        .contains("method=PUT", "contentType=a%2Fb");
  }

  @Test
  void presignedUrlWorksUntilItsExpirySecondAndNotAfter() throws IOException {
    put("k", "x");
    URI uri = store.presign("k", PresignRequest.get(Duration.ofSeconds(60)));
    clock.offset = Duration.ofSeconds(60);
    assertThat(read(store.openPresigned(uri))).isEqualTo("x");
    clock.offset = Duration.ofSeconds(61);
    assertThatThrownBy(() -> store.openPresigned(uri))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.httpStatus()).hasValue(403))
        .hasMessageContaining("expired at 2024-05-01T10:01:00Z");
  }

  @Test
  void presignedUrlOfAnotherStoreIsRefused() {
    InMemoryBlobStore other = InMemoryBlobStore.builder().provider("mem").clock(clock).build();
    other.put("k", BlobContent.ofString("x"), PutOptions.defaults());
    URI uri = store.presign("k", PresignRequest.get(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> other.openPresigned(uri))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signature does not match");
  }

  @Test
  void presignedUrlServesOnlyItsOwnMethod() {
    put("k", "x");
    URI download = store.presign("k", PresignRequest.get(Duration.ofMinutes(1)));
    URI upload = store.presign("k", PresignRequest.put(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> store.openPresigned(upload))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("made for PUT, not GET");
    assertThatThrownBy(() -> store.putPresigned(download, BlobContent.ofString("y")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("made for GET, not PUT");
  }

  @Test
  void presignedUrlWithAlteredParametersIsRefused() {
    URI uri = store.presign("k", PresignRequest.get(Duration.ofMinutes(1)));
    String s = uri.toString();
    long expires = T0.plusSeconds(60).getEpochSecond();
    List<String> altered =
        List.of(
            s.replace("expires=" + expires, "expires=" + (expires + 3600)),
            s.replace("method=GET&", ""),
            s.replace("expires=" + expires, "expires=soon"),
            s.substring(0, s.indexOf("&signature=")),
            "memory://mem?method=GET");
    for (String url : altered) {
      assertThatThrownBy(() -> store.openPresigned(URI.create(url)))
          .as(url)
          .isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void urlOfAnotherSchemeOrStoreIsNotAPresignedUrl() {
    for (String url : List.of("https://mem/k?method=GET", "memory://other/k?method=GET")) {
      assertThatThrownBy(() -> store.openPresigned(URI.create(url)))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("uri"));
    }
  }

  @Test
  void presignedUploadTakesTheBoundContentTypeOrTheDefault() {
    URI typed =
        store.presign(
            "typed", PresignRequest.put(Duration.ofMinutes(1)).withContentType("image/png"));
    URI untyped = store.presign("untyped", PresignRequest.put(Duration.ofMinutes(1)));

    BlobInfo info = store.putPresigned(typed, BlobContent.ofString("png"));
    store.putPresigned(untyped, BlobContent.ofString("bin"));

    assertThat(info.contentType()).contains("image/png");
    new InMemoryBlobStoreAssert(store)
        .hasContentType("typed", "image/png")
        .hasContentType("untyped", "application/octet-stream");
  }

  @Test
  void presignedDownloadOfAMissingKeyIsNotFound() {
    URI uri = store.presign("nothing", PresignRequest.get(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> store.openPresigned(uri)).isInstanceOf(NotFoundException.class);
  }

  private static void assertRejected(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call)
        .isInstanceOf(NullPointerException.class)
        .hasMessage(parameter + " == null");
  }
}
