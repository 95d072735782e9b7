package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobKeys;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link BlobStore} must show, as JUnit 5 tests. An implementation runs them by
 * extending this class:
 *
 * <pre>{@code
 * class S3BlobStoreContractTest extends BlobStoreContract {
 *   @Override protected BlobStore store() { return S3BlobStore.create(configFor(server)); }
 *   @Override protected Set<BlobCapability> capabilities() {
 *     return EnumSet.complementOf(EnumSet.of(BlobCapability.CREATE_IF_ABSENT));
 *   }
 * }
 * }</pre>
 *
 * <p>Every test works below a random prefix of its own ({@link #key(String)}) and lists only below
 * it, so a real server's bucket may be shared between tests and runs; the blobs are deleted after
 * each test. Tests that need a {@link BlobCapability} the implementation does not declare are
 * skipped with the reason. Presigned URLs are exercised through {@link #fetchPresigned(URI)} and
 * {@link #uploadPresigned(URI, byte[], String)}, plain HTTP by default; expiry through {@link
 * #setClockOffset(Duration)}, which an implementation with an injectable clock overrides.
 */
public abstract class BlobStoreContract {
  private static final int LARGE_SIZE = 64 << 20;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";

  private BlobStore store;
  private String root;

  /**
   * The store under test. Called once per test, on first use; it may return a fresh store each
   * time, or one shared store whose bucket outlives the test.
   */
  protected abstract BlobStore store();

  /**
   * Whether the suite makes every call through the store's {@link BlobStore#async() non-blocking
   * form}, waiting for each future and reading each blob's publisher; false unless overridden. Run
   * the suite against both forms by adding a subclass of the contract test that returns true.
   */
  protected boolean nonBlocking() {
    return false;
  }

  /** What the store supports; everything unless overridden. */
  protected Set<BlobCapability> capabilities() {
    return EnumSet.allOf(BlobCapability.class);
  }

  /**
   * Downloads through a presigned URL the way a browser would, and returns the body. The default
   * speaks HTTP(S) with the JDK's client; stores whose URLs use another scheme override it.
   *
   * @throws AuthenticationException when the server refuses the URL (HTTP 401 or 403)
   * @throws NotFoundException when the server answers 404
   */
  protected byte[] fetchPresigned(URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http(uri)
            .send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    checkPresignedStatus("presignedGet", response.statusCode());
    return response.body();
  }

  /**
   * Uploads through a presigned URL the way a browser would, sending {@code contentType} when it is
   * not null. The default speaks HTTP(S) with the JDK's client.
   *
   * @throws AuthenticationException when the server refuses the URL (HTTP 401 or 403)
   */
  protected void uploadPresigned(URI uri, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpClient client = http(uri);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<Void> response =
        client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    checkPresignedStatus("presignedPut", response.statusCode());
  }

  /**
   * Makes the store sign presigned URLs as if the time were now plus {@code offset}. The contract
   * sets a negative offset to get a URL that has already expired, then sets it back to zero. The
   * default skips the expiry test; override it when the store's clock can be set.
   */
  protected void setClockOffset(Duration offset) {
    Assumptions.abort(
        getClass().getSimpleName() + " does not override setClockOffset, so expiry is not tested");
  }

  private static HttpClient http(URI uri) {
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalStateException(
          "override fetchPresigned and uploadPresigned to follow " + scheme + " URLs");
    }
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static void checkPresignedStatus(String operation, int status) throws IOException {
    ErrorContext context =
        ErrorContext.builder().operation(operation).httpStatus(status).requestSent(true).build();
    if (status == 401 || status == 403) {
      throw new AuthenticationException("presigned URL refused with HTTP " + status, context);
    }
    if (status == 404) {
      throw new NotFoundException("presigned URL found nothing", context);
    }
    if (status < 200 || status > 299) {
      throw new IOException(operation + " answered HTTP " + status);
    }
  }

  /** The store of the running test. */
  protected final BlobStore blobs() {
    if (store == null) {
      store = nonBlocking() ? JoiningPorts.storage(store()) : store();
    }
    return store;
  }

  /** A key below the running test's own random prefix. */
  protected final String key(String name) {
    return root + name;
  }

  @BeforeEach
  void chooseTestPrefix() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    root = "contract-" + HexFormat.of().formatHex(random) + "/";
    store = null;
  }

  @AfterEach
  void deleteTestBlobs() {
    if (store == null) {
      return;
    }
    try {
      store.listAll(root).map(BlobInfo::key).collect(Collectors.toList()).forEach(store::delete);
    } catch (SwitchboardException e) {
      // A store a test left failing on purpose cannot be cleaned; the test's own result stands.
    }
  }

  private void assume(BlobCapability capability) {
    Assumptions.assumeTrue(
        capabilities().contains(capability),
        () -> getClass().getSimpleName() + " does not declare " + capability);
  }

  @Test
  void putThenGetReturnsTheSameBytes() throws IOException {
    BlobInfo put = blobs().put(key("hello.txt"), text("hello, world"), PutOptions.defaults());

    assertThat(put.key()).isEqualTo(key("hello.txt"));
    assertThat(put.size()).isEqualTo(12);
    assertThat(put.etag()).isNotBlank();
    try (Blob blob = blobs().get(key("hello.txt"), GetOptions.defaults())) {
      assertThat(readString(blob)).isEqualTo("hello, world");
      assertThat(blob.info().key()).isEqualTo(key("hello.txt"));
      assertThat(blob.info().size()).isEqualTo(12);
      assertThat(blob.info().etag()).isEqualTo(put.etag());
      assertThat(blob.range()).isEmpty();
    }
  }

  @Test
  void statDescribesTheStoredBlob() {
    BlobInfo put =
        blobs().put(key("s.bin"), BlobContent.of(new byte[] {1, 2, 3}), PutOptions.defaults());

    BlobInfo info = blobs().stat(key("s.bin")).orElseThrow();
    assertThat(info.key()).isEqualTo(key("s.bin"));
    assertThat(info.size()).isEqualTo(3);
    assertThat(info.etag()).isEqualTo(put.etag());
    assertThat(info.lastModified()).isNotNull();
  }

  @Test
  void statOfMissingKeyIsEmpty() {
    assertThat(blobs().stat(key("missing"))).isEmpty();
  }

  @Test
  void getOfMissingKeyThrowsNotFound() {
    assertThatThrownBy(() -> blobs().get(key("missing"), GetOptions.defaults()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteRemovesTheBlob() {
    blobs().put(key("d.txt"), text("x"), PutOptions.defaults());

    blobs().delete(key("d.txt"));

    assertThat(blobs().stat(key("d.txt"))).isEmpty();
    assertThatThrownBy(() -> blobs().get(key("d.txt"), GetOptions.defaults()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteOfMissingKeyIsNotAnError() {
    blobs().delete(key("never-there"));
    blobs().put(key("twice"), text("x"), PutOptions.defaults());
    blobs().delete(key("twice"));
    blobs().delete(key("twice"));
    assertThat(blobs().stat(key("twice"))).isEmpty();
  }

  @Test
  void overwriteReplacesContentTypeAndMetadata() throws IOException {
    BlobInfo first =
        blobs()
            .put(
                key("o.txt"),
                text("one"),
                withMetadataIfSupported(PutOptions.builder().contentType("text/plain"), "v", "1"));
    BlobInfo second =
        blobs()
            .put(
                key("o.txt"),
                text("two, and longer"),
                PutOptions.builder().contentType("application/json").build());

    assertThat(second.etag()).isNotEqualTo(first.etag());
    assertThat(getString(key("o.txt"))).isEqualTo("two, and longer");
    BlobInfo info = blobs().stat(key("o.txt")).orElseThrow();
    assertThat(info.size()).isEqualTo(15);
    assertThat(info.contentType()).contains("application/json");
    assertThat(info.metadata()).isEmpty();
  }

  @Test
  void emptyBlobRoundTrips() throws IOException {
    BlobInfo put = blobs().put(key("empty"), BlobContent.of(new byte[0]), PutOptions.defaults());

    assertThat(put.size()).isZero();
    assertThat(getBytes(key("empty"))).isEmpty();
    assertThat(blobs().stat(key("empty")).orElseThrow().size()).isZero();
    assertThat(listKeys(ListRequest.builder().prefix(root).build())).containsExactly(key("empty"));
  }

  @Test
  void streamOfKnownLengthRoundTrips() throws IOException {
    byte[] bytes = ALPHABET.repeat(100).getBytes(StandardCharsets.US_ASCII);
    blobs()
        .put(
            key("known"),
            BlobContent.of(new ByteArrayInputStream(bytes), bytes.length),
            PutOptions.defaults());
    assertThat(getBytes(key("known"))).isEqualTo(bytes);
  }

  @Test
  void streamOfUnknownLengthRoundTrips() throws IOException {
    assume(BlobCapability.UNKNOWN_LENGTH_PUT);
    // Spans several MiB yet stays below S3's 5 MiB minimum part, so one part must do.
    int size = (5 << 20) / 2;
    MessageDigest sent = sha256();
    BlobInfo put =
        blobs()
            .put(
                key("unknown-length"),
                BlobContent.of(new DigestInputStream(new GeneratedStream(size, 7), sent)),
                PutOptions.defaults());

    assertThat(put.size()).isEqualTo(size);
    assertThat(readDigest(key("unknown-length"))).isEqualTo(hex(sent));
  }

  @Test
  void fileContentRoundTrips(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("upload.txt"), "from a file");
    blobs().put(key("file"), BlobContent.of(file), PutOptions.defaults());
    assertThat(getString(key("file"))).isEqualTo("from a file");
  }

  @Test
  void contentTypeRoundTrips() {
    blobs()
        .put(
            key("typed"),
            text("{}"),
            PutOptions.builder().contentType("application/json; charset=utf-8").build());
    assertThat(blobs().stat(key("typed")).orElseThrow().contentType())
        .contains("application/json; charset=utf-8");
    try (Blob blob = blobs().get(key("typed"), GetOptions.defaults())) {
      assertThat(blob.info().contentType()).contains("application/json; charset=utf-8");
    }
  }

  @Test
  void contentTypeDefaultsToOctetStream() {
    blobs().put(key("untyped"), text("x"), PutOptions.defaults());
    assertThat(blobs().stat(key("untyped")).orElseThrow().contentType())
        .contains("application/octet-stream");
  }

  @Test
  void metadataRoundTripsWithLowerCaseNames() {
    assume(BlobCapability.USER_METADATA);
    blobs()
        .put(
            key("meta"),
            text("x"),
            PutOptions.builder().metadata("Customer-Id", "c-42").metadata("note", "a b=c").build());

    Map<String, String> expected = Map.of("customer-id", "c-42", "note", "a b=c");
    assertThat(blobs().stat(key("meta")).orElseThrow().metadata()).isEqualTo(expected);
    try (Blob blob = blobs().get(key("meta"), GetOptions.defaults())) {
      assertThat(blob.info().metadata()).isEqualTo(expected);
    }
  }

  @Test
  void rejectsInvalidKeysBeforeCallingTheStore() {
    String bad = key("bad\nkey");
    assertInvalid(() -> blobs().put(bad, text("x"), PutOptions.defaults()));
    assertInvalid(() -> blobs().put("", text("x"), PutOptions.defaults()));
    assertInvalid(() -> blobs().get(bad, GetOptions.defaults()));
    assertInvalid(() -> blobs().stat(bad));
    assertInvalid(() -> blobs().delete(bad));
    assertInvalid(() -> blobs().copy(bad, key("ok")));
    assertInvalid(() -> blobs().presign(bad, PresignRequest.get(Duration.ofMinutes(1))));
    assertInvalid(
        () ->
            blobs().put(key("x".repeat(BlobKeys.MAX_KEY_BYTES)), text("x"), PutOptions.defaults()));
  }

  /**
   * A null argument is a bug in the caller, not bad input: a {@link NullPointerException} naming
   * the parameter, thrown before the store is called, never an {@link InvalidRequestException} a
   * caller might show to a user.
   */
  @Test
  void aNullArgumentIsANullPointerExceptionNamingTheParameter() {
    Map<Class<?>, Object> samples =
        Map.of(
            String.class, key("null-argument"),
            BlobContent.class, text("x"),
            PutOptions.class, PutOptions.defaults(),
            GetOptions.class, GetOptions.defaults(),
            ListRequest.class, ListRequest.builder().prefix(key("")).build(),
            PresignRequest.class, PresignRequest.get(Duration.ofMinutes(1)));

    List<String> checked = NullArguments.assertEachRejected(BlobStore.class, blobs(), samples);

    assertThat(checked)
        .contains(
            "put(key)",
            "put(content)",
            "put(options)",
            "get(key)",
            "get(options)",
            "stat(key)",
            "delete(key)",
            "list(request)",
            "listAll(prefix)",
            "presign(key)",
            "presign(request)",
            "copy(fromKey)",
            "copy(toKey)");
    assertThat(blobs().stat(key("null-argument"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unicode-ünïcödé-日本語-😀",
        "with space",
        " leading and trailing ",
        "..",
        "../escape",
        "double//slash",
        "a/./b",
        "percent%2F-plus+-question?-hash#-amp&",
        "trailing/"
      })
  void awkwardKeyRoundTrips(String name) throws IOException {
    roundTrip(key(name));
  }

  @Test
  void keyOf1024BytesRoundTrips() throws IOException {
    String head = key("long-");
    String longKey = head + "é".repeat((BlobKeys.MAX_KEY_BYTES - BlobKeys.utf8Length(head)) / 2);
    if (BlobKeys.utf8Length(longKey) < BlobKeys.MAX_KEY_BYTES) {
      longKey += "x";
    }
    assertThat(BlobKeys.utf8Length(longKey)).isEqualTo(BlobKeys.MAX_KEY_BYTES);
    roundTrip(longKey);
  }

  private void roundTrip(String key) throws IOException {
    blobs().put(key, text("content of " + key), PutOptions.defaults());

    assertThat(getString(key)).isEqualTo("content of " + key);
    assertThat(blobs().stat(key).map(BlobInfo::key)).contains(key);
    assertThat(listKeys(ListRequest.builder().prefix(root).build())).containsExactly(key);
    assertThat(listKeys(ListRequest.builder().prefix(key).build())).containsExactly(key);
    blobs().delete(key);
    assertThat(blobs().stat(key)).isEmpty();
    assertThat(listKeys(ListRequest.builder().prefix(root).build())).isEmpty();
  }

  @Test
  void listsInUtf8ByteOrder() {
    for (String name : List.of("😀", "\uFF21", "é", "a", "B", "ab")) {
      blobs().put(key(name), text(name), PutOptions.defaults());
    }
    assertThat(listKeys(ListRequest.builder().prefix(root).build()))
        .containsExactly(key("B"), key("a"), key("ab"), key("é"), key("\uFF21"), key("😀"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void pagesThroughEveryKeyInOrder(int pageSize) {
    List<String> names = List.of("a", "b", "c", "d", "e");
    names.forEach(n -> blobs().put(key(n), text(n), PutOptions.defaults()));

    List<BlobPage> pages = pages(ListRequest.builder().prefix(root).pageSize(pageSize).build());

    assertThat(pages).allSatisfy(p -> assertThat(p.items()).hasSizeLessThanOrEqualTo(pageSize));
    assertThat(pages.stream().flatMap(p -> p.items().stream()).map(BlobInfo::key))
        .containsExactlyElementsOf(names.stream().map(this::key).collect(Collectors.toList()));
    assertThat(pages.get(pages.size() - 1).nextPageToken()).isEmpty();
  }

  @Test
  void listedItemsCarrySizeAndEtag() {
    BlobInfo put = blobs().put(key("item"), text("12345"), PutOptions.defaults());
    BlobInfo listed = blobs().list(ListRequest.builder().prefix(root).build()).items().get(0);
    assertThat(listed.key()).isEqualTo(key("item"));
    assertThat(listed.size()).isEqualTo(5);
    assertThat(listed.etag()).isEqualTo(put.etag());
    assertThat(listed.lastModified()).isNotNull();
  }

  @Test
  void pagingStaysConsistentWhenKeysArePutBetweenPages() {
    List.of("a", "b", "c", "d", "e")
        .forEach(n -> blobs().put(key(n), text(n), PutOptions.defaults()));
    ListRequest request = ListRequest.builder().prefix(root).pageSize(2).build();
    BlobPage first = blobs().list(request);
    assertThat(keys(first)).containsExactly(key("a"), key("b"));

    blobs().put(key("aa"), text("behind the cursor"), PutOptions.defaults());
    blobs().put(key("cc"), text("ahead of the cursor"), PutOptions.defaults());
    List<String> rest = new ArrayList<>();
    for (BlobPage page : pagesFrom(request, first)) {
      rest.addAll(keys(page));
    }

    assertThat(rest).containsSubsequence(key("c"), key("d"), key("e")).doesNotContain(key("aa"));
    assertThat(rest).doesNotHaveDuplicates().doesNotContain(key("a"), key("b"));
  }

  @Test
  void pagingStaysConsistentWhenKeysAreDeletedBetweenPages() {
    List.of("a", "b", "c", "d", "e")
        .forEach(n -> blobs().put(key(n), text(n), PutOptions.defaults()));
    ListRequest request = ListRequest.builder().prefix(root).pageSize(2).build();
    BlobPage first = blobs().list(request);
    assertThat(keys(first)).containsExactly(key("a"), key("b"));

    blobs().delete(key("b"));
    blobs().delete(key("d"));
    List<String> rest = new ArrayList<>();
    for (BlobPage page : pagesFrom(request, first)) {
      rest.addAll(keys(page));
    }

    assertThat(rest).containsExactly(key("c"), key("e"));
  }

  @Test
  void delimiterRollsKeysUpIntoCommonPrefixes() {
    putAll("dir/a", "dir/b", "dir/sub/c", "file1", "file2", "other/x");

    BlobPage page = blobs().list(ListRequest.builder().prefix(root).delimiter("/").build());

    assertThat(keys(page)).containsExactly(key("file1"), key("file2"));
    assertThat(page.commonPrefixes()).containsExactly(key("dir/"), key("other/"));
    assertThat(page.nextPageToken()).isEmpty();
  }

  @Test
  void delimiterUnderANestedPrefixListsOneLevel() {
    putAll("dir/a", "dir/b", "dir/sub/c", "dir/sub/deeper/d", "file1");

    BlobPage page = blobs().list(ListRequest.builder().prefix(key("dir/")).delimiter("/").build());

    assertThat(keys(page)).containsExactly(key("dir/a"), key("dir/b"));
    assertThat(page.commonPrefixes()).containsExactly(key("dir/sub/"));
  }

  @Test
  void withoutDelimiterEveryKeyUnderThePrefixIsListed() {
    putAll("dir/a", "dir/sub/c", "file1");
    assertThat(listKeys(ListRequest.builder().prefix(root).build()))
        .containsExactly(key("dir/a"), key("dir/sub/c"), key("file1"));
  }

  @Test
  void prefixNeedNotEndAtADelimiter() {
    putAll("file1", "file2", "folder/x", "other");
    assertThat(listKeys(ListRequest.builder().prefix(key("fi")).build()))
        .containsExactly(key("file1"), key("file2"));
    assertThat(listKeys(ListRequest.builder().prefix(key("nothing-here")).build())).isEmpty();
  }

  @Test
  void commonPrefixesCountTowardsThePageSize() {
    putAll("dir/a", "dir/b", "file1", "file2", "other/x");

    List<BlobPage> pages =
        pages(ListRequest.builder().prefix(root).delimiter("/").pageSize(1).build());

    List<String> entries = new ArrayList<>();
    for (BlobPage page : pages) {
      assertThat(page.items().size() + page.commonPrefixes().size()).isLessThanOrEqualTo(1);
      entries.addAll(keys(page));
      entries.addAll(page.commonPrefixes());
    }
    assertThat(entries).containsExactly(key("dir/"), key("file1"), key("file2"), key("other/"));
  }

  @Test
  void emptyPrefixWithDelimiterShowsThisTestsPrefixAsACommonPrefix() {
    putAll("a", "b/c");
    ListRequest request = ListRequest.builder().delimiter("/").build();
    List<String> prefixes = new ArrayList<>();
    BlobPage page = blobs().list(request);
    for (int i = 0; i < 100; i++) {
      assertThat(page.items()).allSatisfy(item -> assertThat(item.key()).doesNotContain("/"));
      prefixes.addAll(page.commonPrefixes());
      if (page.nextPageToken().isEmpty() || prefixes.contains(root)) {
        break;
      }
      page = blobs().list(request.withPageToken(page.nextPageToken().get()));
    }
    assertThat(prefixes).contains(root).allSatisfy(p -> assertThat(p).endsWith("/"));
  }

  @Test
  void listAllStreamsEveryKeyUnderThePrefixInOrder() {
    putAll("p/3", "p/1", "p/2", "q/1");
    assertThat(blobs().listAll(key("p/")).map(BlobInfo::key))
        .containsExactly(key("p/1"), key("p/2"), key("p/3"));
  }

  @Test
  void rangeReadsFromFirstToLast() throws IOException {
    assume(BlobCapability.RANGE_READS);
    assertRange(ByteRange.of(2, 5), "cdef", ByteRange.of(2, 5));
  }

  @Test
  void rangeReadsFromAByteToTheEnd() throws IOException {
    assume(BlobCapability.RANGE_READS);
    assertRange(ByteRange.from(20), "uvwxyz", ByteRange.of(20, 25));
  }

  @Test
  void rangeReadsTheLastBytes() throws IOException {
    assume(BlobCapability.RANGE_READS);
    assertRange(ByteRange.last(3), "xyz", ByteRange.of(23, 25));
  }

  @Test
  void rangePastTheEndIsCutAtTheEnd() throws IOException {
    assume(BlobCapability.RANGE_READS);
    assertRange(ByteRange.of(24, 1000), "yz", ByteRange.of(24, 25));
    assertRange(ByteRange.last(1000), ALPHABET, ByteRange.of(0, 25));
  }

  @Test
  void rangeStartingAtOrBeyondTheEndIsRejected() {
    assume(BlobCapability.RANGE_READS);
    blobs().put(key("alphabet"), text(ALPHABET), PutOptions.defaults());
    for (ByteRange range : List.of(ByteRange.from(26), ByteRange.of(30, 40))) {
      assertThatThrownBy(() -> blobs().get(key("alphabet"), GetOptions.range(range)).close())
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("range"));
    }
  }

  @Test
  void malformedRangesAreRejectedBeforeReading() {
    assertInvalid(() -> ByteRange.of(5, 2));
    assertInvalid(() -> ByteRange.of(-1, 2));
    assertInvalid(() -> ByteRange.last(0));
  }

  private void assertRange(ByteRange asked, String expected, ByteRange answered)
      throws IOException {
    if (blobs().stat(key("alphabet")).isEmpty()) {
      blobs().put(key("alphabet"), text(ALPHABET), PutOptions.defaults());
    }
    try (Blob blob = blobs().get(key("alphabet"), GetOptions.range(asked))) {
      assertThat(readString(blob)).isEqualTo(expected);
      assertThat(blob.range()).contains(answered);
      assertThat(blob.info().size()).isEqualTo(ALPHABET.length());
    }
  }

  @Test
  void createIfAbsentWritesAMissingKey() throws IOException {
    assume(BlobCapability.CREATE_IF_ABSENT);
    blobs().put(key("new"), text("first"), PutOptions.builder().createIfAbsent(true).build());
    assertThat(getString(key("new"))).isEqualTo("first");
  }

  @Test
  void createIfAbsentConflictsWithAnExistingKey() throws IOException {
    assume(BlobCapability.CREATE_IF_ABSENT);
    blobs().put(key("taken"), text("first"), PutOptions.defaults());

    assertThatThrownBy(
            () ->
                blobs()
                    .put(
                        key("taken"),
                        text("second"),
                        PutOptions.builder().createIfAbsent(true).build()))
        .isInstanceOf(ConflictException.class);
    assertThat(getString(key("taken"))).isEqualTo("first");
  }

  @Test
  void copyDuplicatesContentTypeAndMetadata() throws IOException {
    assume(BlobCapability.COPY);
    blobs()
        .put(
            key("src"),
            text("copied"),
            withMetadataIfSupported(PutOptions.builder().contentType("text/plain"), "k", "v"));

    BlobInfo copy = blobs().copy(key("src"), key("dst"));

    assertThat(copy.key()).isEqualTo(key("dst"));
    assertThat(copy.size()).isEqualTo(6);
    assertThat(getString(key("dst"))).isEqualTo("copied");
    assertThat(getString(key("src"))).isEqualTo("copied");
    BlobInfo info = blobs().stat(key("dst")).orElseThrow();
    assertThat(info.contentType()).contains("text/plain");
    if (capabilities().contains(BlobCapability.USER_METADATA)) {
      assertThat(info.metadata()).isEqualTo(Map.of("k", "v"));
    }
  }

  @Test
  void copyOntoAnExistingKeyReplacesIt() throws IOException {
    assume(BlobCapability.COPY);
    blobs().put(key("src"), text("new"), PutOptions.defaults());
    blobs()
        .put(
            key("dst"),
            text("old and longer"),
            PutOptions.builder().contentType("text/html").build());

    blobs().copy(key("src"), key("dst"));

    assertThat(getString(key("dst"))).isEqualTo("new");
    assertThat(blobs().stat(key("dst")).orElseThrow().contentType())
        .contains("application/octet-stream");
  }

  @Test
  void copyOfMissingSourceThrowsNotFound() {
    assume(BlobCapability.COPY);
    assertThatThrownBy(() -> blobs().copy(key("missing"), key("dst")))
        .isInstanceOf(NotFoundException.class);
    assertThat(blobs().stat(key("dst"))).isEmpty();
  }

  @Test
  void largeStreamRoundTripsByDigest() throws IOException {
    assume(BlobCapability.LARGE_OBJECTS);
    MessageDigest sent = sha256();
    AtomicLong reported = new AtomicLong();
    BlobInfo put =
        blobs()
            .put(
                key("large.bin"),
                BlobContent.of(
                    new DigestInputStream(new GeneratedStream(LARGE_SIZE, 42), sent), LARGE_SIZE),
                PutOptions.builder()
                    .progressListener((bytes, total) -> reported.set(bytes))
                    .build());

    assertThat(put.size()).isEqualTo(LARGE_SIZE);
    assertThat(reported).hasValue(LARGE_SIZE);
    assertThat(readDigest(key("large.bin"))).isEqualTo(hex(sent));
  }

  @Test
  void progressListenerClimbsToTheFullSize() {
    int size = 3 << 20;
    List<Long> reports = new ArrayList<>();
    AtomicReference<OptionalLong> total = new AtomicReference<>();
    blobs()
        .put(
            key("progress"),
            BlobContent.of(new byte[size]),
            PutOptions.builder()
                .progressListener(
                    (bytes, t) -> {
                      reports.add(bytes);
                      total.set(t);
                    })
                .build());

    assertThat(reports).isNotEmpty().isSorted();
    assertThat(reports.get(reports.size() - 1)).isEqualTo(size);
    assertThat(total.get()).isEqualTo(OptionalLong.of(size));
  }

  @Test
  void progressListenerHearsAboutAnEmptyBlob() {
    List<Long> reports = new ArrayList<>();
    blobs()
        .put(
            key("empty-progress"),
            BlobContent.of(new byte[0]),
            PutOptions.builder().progressListener((bytes, t) -> reports.add(bytes)).build());
    assertThat(reports).containsExactly(0L);
  }

  @Test
  void presignedGetServesTheContent() throws Exception {
    assume(BlobCapability.PRESIGN);
    blobs().put(key("shared.txt"), text("for the browser"), PutOptions.defaults());

    URI uri = blobs().presign(key("shared.txt"), PresignRequest.get(Duration.ofMinutes(10)));

    assertThat(new String(fetchPresigned(uri), StandardCharsets.UTF_8))
        .isEqualTo("for the browser");
  }

  @Test
  void presignedPutUploadsTheContent() throws Exception {
    assume(BlobCapability.PRESIGN);
    URI uri =
        blobs()
            .presign(
                key("uploaded.txt"),
                PresignRequest.put(Duration.ofMinutes(10)).withContentType("text/plain"));

    uploadPresigned(uri, "from the browser".getBytes(StandardCharsets.UTF_8), "text/plain");

    assertThat(getString(key("uploaded.txt"))).isEqualTo("from the browser");
    assertThat(blobs().stat(key("uploaded.txt")).orElseThrow().contentType())
        .contains("text/plain");
  }

  @Test
  void expiredPresignedGetIsRefused() {
    assume(BlobCapability.PRESIGN);
    blobs().put(key("expiring.txt"), text("x"), PutOptions.defaults());
    URI uri;
    setClockOffset(Duration.ofHours(-2));
    try {
      uri = blobs().presign(key("expiring.txt"), PresignRequest.get(Duration.ofHours(1)));
    } finally {
      setClockOffset(Duration.ZERO);
    }

    assertThatThrownBy(() -> fetchPresigned(uri)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void presignedGetPointedAtAnotherKeyIsRefused() {
    assume(BlobCapability.PRESIGN);
    blobs().put(key("tamper-a.txt"), text("a"), PutOptions.defaults());
    blobs().put(key("tamper-b.txt"), text("b"), PutOptions.defaults());
    String signed =
        blobs().presign(key("tamper-a.txt"), PresignRequest.get(Duration.ofMinutes(10))).toString();
    int at = signed.lastIndexOf("tamper-a.txt");
    assertThat(at).as("the key appears in the URL %s", signed).isPositive();
    URI tampered = URI.create(signed.substring(0, at) + "tamper-b.txt" + signed.substring(at + 12));

    assertThatThrownBy(() -> fetchPresigned(tampered)).isInstanceOf(AuthenticationException.class);
  }

  private static BlobContent text(String s) {
    return BlobContent.ofString(s);
  }

  private PutOptions withMetadataIfSupported(
      PutOptions.Builder builder, String name, String value) {
    if (capabilities().contains(BlobCapability.USER_METADATA)) {
      builder.metadata(name, value);
    }
    return builder.build();
  }

  private void putAll(String... names) {
    for (String name : names) {
      blobs().put(key(name), text(name), PutOptions.defaults());
    }
  }

  private byte[] getBytes(String key) throws IOException {
    try (Blob blob = blobs().get(key, GetOptions.defaults())) {
      return blob.content().readAllBytes();
    }
  }

  private String getString(String key) throws IOException {
    return new String(getBytes(key), StandardCharsets.UTF_8);
  }

  private static String readString(Blob blob) throws IOException {
    return new String(blob.content().readAllBytes(), StandardCharsets.UTF_8);
  }

  private String readDigest(String key) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (Blob blob = blobs().get(key, GetOptions.defaults());
        InputStream in = blob.content()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest);
  }

  private static List<String> keys(BlobPage page) {
    return page.items().stream().map(BlobInfo::key).collect(Collectors.toList());
  }

  private List<String> listKeys(ListRequest request) {
    return pages(request).stream().flatMap(p -> keys(p).stream()).collect(Collectors.toList());
  }

  private List<BlobPage> pages(ListRequest request) {
    BlobPage first = blobs().list(request);
    List<BlobPage> pages = new ArrayList<>();
    pages.add(first);
    pages.addAll(pagesFrom(request, first));
    return pages;
  }

  /** The pages after {@code page}, to the last. */
  private List<BlobPage> pagesFrom(ListRequest request, BlobPage page) {
    List<BlobPage> pages = new ArrayList<>();
    Optional<String> token = page.nextPageToken();
    while (token.isPresent()) {
      assertThat(pages).as("more pages than blobs: the listing does not end").hasSizeLessThan(1000);
      BlobPage next = blobs().list(request.withPageToken(token.get()));
      pages.add(next);
      token = next.nextPageToken();
    }
    return pages;
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(InvalidRequestException.class);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A deterministic pseudo-random stream of {@code size} bytes, made as it is read. */
  private static final class GeneratedStream extends InputStream {
    private final long size;
    private long position;
    private long state;

    GeneratedStream(long size, long seed) {
      this.size = size;
      this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++, position++) {
        int shift = (int) (position & 7);
        if (shift == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        buffer[offset + i] = (byte) (state >>> (shift * 8));
      }
      return n;
    }
  }
}
