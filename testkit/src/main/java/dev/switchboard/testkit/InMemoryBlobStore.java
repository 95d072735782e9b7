package dev.switchboard.testkit;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobKeys;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.HttpMethod;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.ProgressListener;
import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link BlobStore} held in memory, for tests: it behaves like S3 where apps can tell the
 * difference, without a network.
 *
 * <pre>{@code
 * InMemoryBlobStore store = InMemoryBlobStore.create();
 * InMemoryBlobStore store = InMemoryBlobStore.builder().provider("fake").clock(clock).seed(42).build();
 * store.failures().failNext(1, Failure.unavailable());  // the next call fails
 * }</pre>
 *
 * <p>Like S3: keys are listed in UTF-8 byte order; listing items carry no content type or metadata;
 * the etag is the quoted hex MD5 of the content; page tokens resume after the last entry returned,
 * so paging stays consistent while keys come and go; an unsatisfiable range is refused (416);
 * create-if-absent is atomic. Content is kept in chunks of at most 1 MiB, so a large blob never
 * needs one giant array. Presigned URLs look like {@code
 * memory://fake/<key>?method=GET&expires=<epoch seconds>&signature=<HMAC>} and are served by {@link
 * #openPresigned(URI)} and {@link #putPresigned(URI, BlobContent)}, which refuse an expired or
 * altered URL with an {@link AuthenticationException} (S3's 403).
 *
 * <p>Thread-safe. Every port call goes through {@link #failures()}, under the operation names
 * {@code put}, {@code get}, {@code stat}, {@code delete}, {@code list}, {@code presign}, {@code
 * copy}, and {@code presignedGet} / {@code presignedPut} for the presigned URL helpers. Defaults:
 * provider {@code "fake"}, the system UTC clock, seed 0.
 */
public final class InMemoryBlobStore implements BlobStore {
  static final int CHUNK_SIZE = 1 << 20;

  private static final int FIRST_CHUNK_SIZE = 16 * 1024;
  private static final String SCHEME = "memory";
  private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

  private final String provider;
  private final Clock clock;
  private final FailureInjector failures;
  private final AsyncBlobStore async = new InMemoryAsyncBlobStore(this);
  private final byte[] signingKey;
  private final ConcurrentSkipListMap<String, Stored> blobs =
      new ConcurrentSkipListMap<>(BlobKeys.utf8Order());

  private InMemoryBlobStore(Builder b) {
    this.provider = b.provider;
    this.clock = b.clock;
    this.failures = new FailureInjector(b.provider, b.seed);
    this.signingKey = new byte[32];
    new SecureRandom().nextBytes(signingKey);
  }

  /** A store named {@code "fake"} on the system clock. */
  public static InMemoryBlobStore create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Makes this store fail, hang or slow down on purpose. */
  public FailureInjector failures() {
    return failures;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public BlobInfo put(String key, BlobContent content, PutOptions options) {
    return Futures.join(put(CallMode.BLOCKING, key, content, options));
  }

  /** {@link #put}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<BlobInfo> put(
      CallMode mode, String key, BlobContent content, PutOptions options) {
    BlobKeys.requireValid(key);
    requireArgument("content", content);
    requireArgument("options", options);
    IdempotencyKey idempotencyKey = options.idempotencyKey();
    return failures.run(
        mode,
        "put",
        idempotencyKey,
        () -> {
          ErrorContext context = failures.contextFor("put", idempotencyKey);
          Stored stored =
              read(
                  content,
                  options.contentType(),
                  options.metadata(),
                  options.progressListener(),
                  context);
          if (options.createIfAbsent()) {
            if (blobs.putIfAbsent(key, stored) != null) {
              throw new ConflictException(
                  "a blob already exists under " + quote(key) + " and createIfAbsent was set",
                  sent(context, 412));
            }
          } else {
            blobs.put(key, stored);
          }
          return stored.info(key);
        });
  }

  @Override
  public Blob get(String key, GetOptions options) {
    return Futures.join(get(CallMode.BLOCKING, key, options));
  }

  /** {@link #get}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<Blob> get(CallMode mode, String key, GetOptions options) {
    BlobKeys.requireValid(key);
    requireArgument("options", options);
    return failures.run(mode, "get", null, () -> open(key, options.range().orElse(null), "get"));
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return Futures.join(stat(CallMode.BLOCKING, key));
  }

  /** {@link #stat}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<Optional<BlobInfo>> stat(CallMode mode, String key) {
    BlobKeys.requireValid(key);
    return failures.run(
        mode, "stat", null, () -> Optional.ofNullable(blobs.get(key)).map(s -> s.info(key)));
  }

  @Override
  public void delete(String key) {
    Futures.join(delete(CallMode.BLOCKING, key));
  }

  /** {@link #delete}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<Void> delete(CallMode mode, String key) {
    BlobKeys.requireValid(key);
    return failures.run(
        mode,
        "delete",
        null,
        () -> {
          blobs.remove(key);
          return null;
        });
  }

  @Override
  public BlobPage list(ListRequest request) {
    return Futures.join(list(CallMode.BLOCKING, request));
  }

  /** {@link #list}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<BlobPage> list(CallMode mode, ListRequest request) {
    requireArgument("request", request);
    return failures.run(mode, "list", null, () -> page(request));
  }

  @Override
  public URI presign(String key, PresignRequest request) {
    return Futures.join(presign(CallMode.BLOCKING, key, request));
  }

  /** {@link #presign}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<URI> presign(CallMode mode, String key, PresignRequest request) {
    BlobKeys.requireValid(key);
    requireArgument("request", request);
    return failures.run(
        mode,
        "presign",
        null,
        () -> {
          long expires = clock.instant().plus(request.expiry()).getEpochSecond();
          String contentType = request.contentType().orElse(null);
          StringBuilder uri =
              new StringBuilder(SCHEME)
                  .append("://")
                  .append(provider)
                  .append('/')
                  .append(encode(key))
                  .append("?method=")
                  .append(request.method())
                  .append("&expires=")
                  .append(expires);
          if (contentType != null) {
            uri.append("&contentType=").append(encode(contentType));
          }
          uri.append("&signature=")
              .append(sign(request.method().name(), key, Long.toString(expires), contentType));
          return URI.create(uri.toString());
        });
  }

  @Override
  public BlobInfo copy(String fromKey, String toKey) {
    return Futures.join(copy(CallMode.BLOCKING, fromKey, toKey));
  }

  /** {@link #copy}, in either mode: a blocking call completes before it returns. */
  CompletableFuture<BlobInfo> copy(CallMode mode, String fromKey, String toKey) {
    BlobKeys.requireValid("fromKey", fromKey);
    BlobKeys.requireValid("toKey", toKey);
    return failures.run(
        mode,
        "copy",
        null,
        () -> {
          Stored source = blobs.get(fromKey);
          if (source == null) {
            throw new NotFoundException(
                "no blob under " + quote(fromKey) + " to copy", sent(context("copy"), 404));
          }
          Stored copy = source.rewrittenAt(clock.instant());
          blobs.put(toKey, copy);
          return copy.info(toKey);
        });
  }

  /**
   * Downloads through a URL from {@link #presign} with {@link HttpMethod#GET}, as a browser would.
   *
   * @throws AuthenticationException when the URL has expired, was altered, or was made for an
   *     upload
   * @throws NotFoundException when no blob is under the URL's key
   * @throws InvalidRequestException when the URL is not one of this store's
   */
  public Blob openPresigned(URI uri) {
    requireArgument("uri", uri);
    return failures.run(
        "presignedGet",
        null,
        () -> open(verify(uri, HttpMethod.GET, "presignedGet").key, null, "presignedGet"));
  }

  /**
   * Uploads through a URL from {@link #presign} with {@link HttpMethod#PUT}; the blob gets the
   * content type the URL was bound to, or {@code application/octet-stream}.
   *
   * @throws AuthenticationException when the URL has expired, was altered, or was made for a
   *     download
   * @throws InvalidRequestException when the URL is not one of this store's
   */
  public BlobInfo putPresigned(URI uri, BlobContent content) {
    requireArgument("uri", uri);
    requireArgument("content", content);
    return failures.run(
        "presignedPut",
        null,
        () -> {
          Presigned presigned = verify(uri, HttpMethod.PUT, "presignedPut");
          PutOptions defaults = PutOptions.defaults();
          Stored stored =
              read(
                  content,
                  presigned.contentType == null ? defaults.contentType() : presigned.contentType,
                  Map.of(),
                  ProgressListener.none(),
                  context("presignedPut"));
          blobs.put(presigned.key, stored);
          return stored.info(presigned.key);
        });
  }

  /** Every key held, in listing order; a snapshot that ignores {@link #failures()}. */
  public List<String> keys() {
    return List.copyOf(blobs.keySet());
  }

  /** What is held under {@code key}, bypassing {@link #failures()}; for assertions. */
  Optional<BlobInfo> peek(String key) {
    return Optional.ofNullable(blobs.get(key)).map(s -> s.info(key));
  }

  /** The content held under {@code key}, bypassing {@link #failures()}; for assertions. */
  Optional<InputStream> peekContent(String key) {
    return Optional.ofNullable(blobs.get(key)).map(s -> s.stream(0, s.size - 1));
  }

  /** The lengths of the chunks holding {@code key}'s content; empty when there is no blob. */
  List<Integer> chunkLengths(String key) {
    Stored stored = blobs.get(key);
    List<Integer> lengths = new ArrayList<>();
    if (stored != null) {
      stored.chunks.forEach(c -> lengths.add(c.length));
    }
    return lengths;
  }

  /**
   * The same store without blocking: the same blobs and failures, with injected latency scheduled
   * and a hang waited for on a future; a blob's bytes are read as its subscriber asks.
   */
  @Override
  public AsyncBlobStore async() {
    return async;
  }

  @Override
  public String toString() {
    return "InMemoryBlobStore[provider=" + provider + ", blobs=" + blobs.size() + "]";
  }

  private Blob open(String key, ByteRange range, String operation) {
    Stored stored = blobs.get(key);
    if (stored == null) {
      throw new NotFoundException("no blob under " + quote(key), sent(context(operation), 404));
    }
    BlobInfo info = stored.info(key);
    if (range == null) {
      return Blob.of(info, stored.stream(0, stored.size - 1));
    }
    ByteRange served;
    try {
      served = range.resolve(stored.size);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(e.reason(), sent(context(operation), 416), "range", null);
    }
    return Blob.of(
        info, stored.stream(served.firstByte().getAsLong(), served.lastByte().getAsLong()), served);
  }

  private Stored read(
      BlobContent content,
      String contentType,
      Map<String, String> metadata,
      ProgressListener listener,
      ErrorContext context) {
    OptionalLong declared = content.length();
    MessageDigest md5 = md5();
    ChunkWriter writer = new ChunkWriter(declared.orElse(-1));
    long total = 0;
    try (InputStream in = content.openStream()) {
      while (true) {
        byte[] chunk = writer.room();
        int offset = writer.filled();
        int n = in.read(chunk, offset, chunk.length - offset);
        if (n < 0) {
          break;
        }
        if (n > 0) {
          md5.update(chunk, offset, n);
          writer.advance(n);
          total += n;
          listener.onProgress(total, declared);
        }
      }
    } catch (IOException e) {
      throw new InvalidRequestException(
          "reading the content failed: " + e.getMessage(), context, "content", e);
    }
    if (total == 0) {
      listener.onProgress(0, declared);
    }
    if (declared.isPresent() && declared.getAsLong() != total) {
      throw new InvalidRequestException(
          "the content was declared as "
              + declared.getAsLong()
              + " bytes but the stream held "
              + total,
          context,
          "content",
          null);
    }
    String etag = '"' + HexFormat.of().formatHex(md5.digest()) + '"';
    return new Stored(
        writer.finish(), total, contentType, etag, clock.instant(), Map.copyOf(metadata));
  }

  private BlobPage page(ListRequest request) {
    String prefix = request.prefix();
    String delimiter = request.delimiter().orElse(null);
    String after = request.pageToken().map(this::decodeToken).orElse(null);
    boolean resume = after != null && BlobKeys.compareUtf8(after, prefix) >= 0;
    List<BlobInfo> items = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    boolean more = false;
    for (Map.Entry<String, Stored> e :
        (resume ? blobs.tailMap(after, false) : blobs.tailMap(prefix, true)).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(prefix)) {
        break;
      }
      String entry = entryFor(key, prefix, delimiter);
      if (entry.equals(last) || (after != null && BlobKeys.compareUtf8(entry, after) <= 0)) {
        continue;
      }
      if (items.size() + prefixes.size() == request.pageSize()) {
        more = true;
        break;
      }
      if (entry.equals(key)) {
        items.add(e.getValue().listed(key));
      } else {
        prefixes.add(entry);
      }
      last = entry;
    }
    return BlobPage.of(items, prefixes, more ? encodeToken(last) : null);
  }

  /** The key itself, or the common prefix it rolls up into under the delimiter. */
  private static String entryFor(String key, String prefix, String delimiter) {
    if (delimiter == null) {
      return key;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? key : key.substring(0, at + delimiter.length());
  }

  private static String encodeToken(String lastEntry) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastEntry.getBytes(StandardCharsets.UTF_8));
  }

  private String decodeToken(String token) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      String entry = new String(bytes, StandardCharsets.UTF_8);
      if (!Arrays.equals(entry.getBytes(StandardCharsets.UTF_8), bytes)) {
        throw new IllegalArgumentException("not UTF-8");
      }
      return entry;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "pageToken was not issued by this store", sent(context("list"), 400), "pageToken", e);
    }
  }

  private Presigned verify(URI uri, HttpMethod expected, String operation) {
    if (!SCHEME.equals(uri.getScheme()) || !provider.equals(uri.getRawAuthority())) {
      throw new InvalidRequestException(
          "not a presigned URL of in-memory store " + quote(provider) + ": " + uri.getScheme(),
          context(operation),
          "uri",
          null);
    }
    ErrorContext denied = sent(context(operation), 403);
    String key;
    String method;
    String contentType;
    String signature;
    long expiresAt;
    try {
      Map<String, String> params = query(uri.getRawQuery());
      String path = uri.getRawPath();
      key = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
      method = Objects.requireNonNull(params.get("method"), "method");
      signature = Objects.requireNonNull(params.get("signature"), "signature");
      expiresAt = Long.parseLong(Objects.requireNonNull(params.get("expires"), "expires"));
      contentType = params.get("contentType");
    } catch (RuntimeException e) {
      throw new AuthenticationException(
          "presigned URL is malformed or lacks its key, method, expires or signature", denied, e);
    }
    byte[] expectedSignature =
        sign(method, key, Long.toString(expiresAt), contentType)
            .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expectedSignature, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new AuthenticationException(
          "presigned URL signature does not match: the URL was altered or not made by this store",
          denied);
    }
    if (!expected.name().equals(method)) {
      throw new AuthenticationException(
          "presigned URL was made for " + method + ", not " + expected, denied);
    }
    if (clock.instant().getEpochSecond() > expiresAt) {
      throw new AuthenticationException(
          "presigned URL expired at " + Instant.ofEpochSecond(expiresAt), denied);
    }
    return new Presigned(key, contentType);
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  private String sign(String method, String key, String expires, String contentType) {
    String canonical =
        String.join("\n", method, provider, key, expires, contentType == null ? "" : contentType);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private ErrorContext context(String operation) {
    return failures.contextFor(operation, null);
  }

  private static ErrorContext sent(ErrorContext context, int status) {
    return context.toBuilder().requestSent(true).httpStatus(status).build();
  }

  private static void requireArgument(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  private static String quote(String key) {
    return '"' + (key.length() > 80 ? key.substring(0, 80) + "..." : key) + '"';
  }

  private static final class Presigned {
    final String key;
    final String contentType;

    Presigned(String key, String contentType) {
      this.key = key;
      this.contentType = contentType;
    }
  }

  /** One blob's immutable state; readers keep reading it even after an overwrite. */
  private static final class Stored {
    final List<byte[]> chunks;
    final long size;
    final String contentType;
    final String etag;
    final Instant lastModified;
    final Map<String, String> metadata;

    Stored(
        List<byte[]> chunks,
        long size,
        String contentType,
        String etag,
        Instant lastModified,
        Map<String, String> metadata) {
      this.chunks = chunks;
      this.size = size;
      this.contentType = contentType;
      this.etag = etag;
      this.lastModified = lastModified;
      this.metadata = metadata;
    }

    Stored rewrittenAt(Instant when) {
      return new Stored(chunks, size, contentType, etag, when, metadata);
    }

    BlobInfo info(String key) {
      return listed(key).toBuilder().contentType(contentType).metadata(metadata).build();
    }

    BlobInfo listed(String key) {
      return BlobInfo.builder().key(key).size(size).etag(etag).lastModified(lastModified).build();
    }

    InputStream stream(long first, long last) {
      return new ChunkStream(chunks, first, last + 1);
    }
  }

  /** Collects content into chunks that grow up to {@link #CHUNK_SIZE} and never beyond. */
  private static final class ChunkWriter {
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int filled;

    ChunkWriter(long expected) {
      int first = expected < 0 ? FIRST_CHUNK_SIZE : (int) Math.min(expected, CHUNK_SIZE);
      current = new byte[Math.max(first, 1)];
    }

    /** The chunk to read into, with room after {@link #filled()}. */
    byte[] room() {
      if (filled == current.length) {
        if (current.length < CHUNK_SIZE) {
          current = Arrays.copyOf(current, Math.min(CHUNK_SIZE, Math.max(current.length * 2, 16)));
        } else {
          chunks.add(current);
          current = new byte[CHUNK_SIZE];
          filled = 0;
        }
      }
      return current;
    }

    int filled() {
      return filled;
    }

    void advance(int n) {
      filled += n;
    }

    List<byte[]> finish() {
      if (filled > 0) {
        chunks.add(filled == current.length ? current : Arrays.copyOf(current, filled));
      }
      return List.copyOf(chunks);
    }
  }

  /** Reads bytes {@code [position, end)} across chunks, each full but the last. */
  private static final class ChunkStream extends InputStream {
    private final List<byte[]> chunks;
    private final long end;
    private long position;

    ChunkStream(List<byte[]> chunks, long first, long end) {
      this.chunks = chunks;
      this.position = first;
      this.end = end;
    }

    @Override
    public int read() {
      if (position >= end) {
        return -1;
      }
      byte b = chunks.get((int) (position / CHUNK_SIZE))[(int) (position % CHUNK_SIZE)];
      position++;
      return b & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, buffer.length);
      if (length == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      byte[] chunk = chunks.get((int) (position / CHUNK_SIZE));
      int at = (int) (position % CHUNK_SIZE);
      int n = (int) Math.min(Math.min(length, chunk.length - at), end - position);
      System.arraycopy(chunk, at, buffer, offset, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
  }

  /** Builds an {@link InMemoryBlobStore}; defaults: provider "fake", system UTC clock, seed 0. */
  public static final class Builder {
    private String provider = "fake";
    private Clock clock = Clock.systemUTC();
    private long seed;

    private Builder() {}

    /** The provider name; letters, digits, '.' and '-', as it forms the presigned URLs' host. */
    public Builder provider(String provider) {
      Objects.requireNonNull(provider, "provider == null");
      if (!PROVIDER_NAME.matcher(provider).matches()) {
        throw InvalidRequestException.invalidField(
            "provider",
            "provider must be letters, digits, '.' and '-', starting with a letter or digit, was "
                + provider);
      }
      this.provider = provider;
      return this;
    }

    /** The clock for last-modified times and presigned URL expiry. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock == null");
      this.clock = clock;
      return this;
    }

    /** The seed of {@link FailureInjector#failRandomly}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public InMemoryBlobStore build() {
      return new InMemoryBlobStore(this);
    }
  }
}
