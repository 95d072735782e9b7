package dev.switchboard.storage.s3;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.Redaction;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.internal.Futures;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.storage.AsyncBlob;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobKeys;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.internal.S3Client;
import dev.switchboard.storage.s3.internal.S3Credentials;
import dev.switchboard.storage.s3.internal.S3Settings;
import dev.switchboard.storage.s3.internal.Uploader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} over one bucket of Amazon S3 or an S3-compatible server (MinIO, Cloudflare
 * R2, a local server), signing every request with AWS Signature Version 4.
 *
 * <pre>{@code
 * BlobStore store = S3BlobStore.builder()
 *     .bucket("receipts")
 *     .region("eu-west-1")
 *     .accessKeyId("AKIA...")
 *     .secretAccessKey(Secret.read(env, "S3_SECRET", clock, Secret.DEFAULT_TTL))
 *     .build();
 *
 * BlobStore minio = S3BlobStore.builder()
 *     .bucket("receipts")
 *     .endpoint(URI.create("http://127.0.0.1:9000"))   // path-style from here on
 *     .accessKeyId("minio-fake-id")
 *     .secretAccessKey(Secret.of("minio-fake-secret"))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: provider {@code s3}; region {@code us-east-1}; AWS's endpoint for the region with
 * virtual-hosted addressing ({@code https://<bucket>.s3.<region>.amazonaws.com}, path-style for
 * bucket names holding a dot, which no wildcard certificate covers); path-style for a custom
 * endpoint; no session token; multipart threshold 16 MiB, part size 8 MiB, 4 parts at once (from a
 * stream, as many as fit a memory budget of {@code min(32 MiB, max heap / 4)}), each part sent at
 * most 3 times; presigned URLs valid at most 7 days; the shared HTTP layer's connect (5 s), read
 * (30 s) and write (30 s) timeouts and no whole-call timeout (a download of a large blob may
 * rightly take long; a stalled one still ends on the read timeout); the UTC system clock.
 *
 * <p>Credentials are read from their {@link Secret}s for every request and re-read after S3 rejects
 * them, so a rotated key is picked up without a restart. S3 errors map to the taxonomy as the
 * module's README tables; the adapter itself never retries a call (only a failed part of a
 * multipart upload, which is idempotent by its number), never sleeps and never fails over.
 *
 * <p>{@link #async()} is the same store without blocking: each operation is written once and runs
 * either on the caller's thread or enqueued with OkHttp. Its futures complete on OkHttp's threads
 * (the one that received S3's answer); a bad argument fails the future, and a presign, being local,
 * is complete when it returns. A get completes once S3 has answered; the blob's bytes are then read
 * from the response on the executor of OkHttp's dispatcher as the subscriber asks for them, never
 * on the subscriber's thread, and cancelling the subscription closes the response. A put reads and
 * hashes its content on that executor too, never on the caller's thread; a multipart upload keeps
 * at most {@code concurrency} parts in flight (from a stream, as many as fit the memory budget) as
 * enqueued calls whose bodies OkHttp's threads write from the file or the part's buffer, and is
 * aborted after any failure, a resilience policy cancelling or timing out the attempt included.
 */
public final class S3BlobStore implements BlobStore {
  /** The provider name by default, and the factory's name in configuration. */
  public static final String NAME = "s3";

  /** The smallest part S3 accepts (but for the last one). */
  public static final int MIN_PART_SIZE = 5 << 20;

  private final String provider;
  private final S3Client client;
  private final Uploader uploader;
  private final Duration presignMaxExpiry;
  private final AsyncBlobStore async = new Async();

  private S3BlobStore(S3Client client) {
    this.client = client;
    this.provider = client.settings().provider();
    this.presignMaxExpiry = client.settings().presignMaxExpiry();
    this.uploader = new Uploader(client);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public BlobInfo put(String key, BlobContent content, PutOptions options) {
    return Futures.join(put(key, content, options, CallMode.BLOCKING));
  }

  @Override
  public Blob get(String key, GetOptions options) {
    return Futures.join(get(key, options, CallMode.BLOCKING));
  }

  /**
   * {@code HeadBucket} ({@code HEAD} on the bucket): reads no object and writes nothing, so that a
   * half-open breaker's trial is never a customer's read or write. A 403 is an {@code
   * AuthenticationException}; a 503 is a {@code RateLimitedException}, as every 503 of S3's.
   */
  @Override
  public Optional<HealthProbe> healthProbe() {
    return Optional.of(client::headBucket);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return Futures.join(stat(key, CallMode.BLOCKING));
  }

  @Override
  public void delete(String key) {
    Futures.join(delete(key, CallMode.BLOCKING));
  }

  @Override
  public BlobPage list(ListRequest request) {
    return Futures.join(list(request, CallMode.BLOCKING));
  }

  @Override
  public URI presign(String key, PresignRequest request) {
    BlobKeys.requireValid(key);
    require("request", request);
    if (request.expiry().compareTo(presignMaxExpiry) > 0) {
      throw InvalidRequestException.invalidField(
          "expiry",
          "expiry must be at most "
              + presignMaxExpiry
              + " (presign.max-expiry), was "
              + request.expiry());
    }
    return client.presigner().presign(key, request);
  }

  /**
   * Copies with one {@code CopyObject} request, after a HEAD of the source; the copy is made only
   * if the source still has the ETag the HEAD saw. S3 copies at most 5 GiB this way; a larger
   * source is refused (field {@code fromKey}).
   */
  @Override
  public BlobInfo copy(String fromKey, String toKey) {
    return Futures.join(copy(fromKey, toKey, CallMode.BLOCKING));
  }

  /** The store without blocking; see the class comment for the threads it uses. */
  @Override
  public AsyncBlobStore async() {
    return async;
  }

  // One implementation per operation for both modes; a blocking call completes before it returns.

  private CompletableFuture<BlobInfo> put(
      String key, BlobContent content, PutOptions options, CallMode mode) {
    BlobKeys.requireValid(key);
    require("content", content);
    require("options", options);
    return uploader.put(mode, key, content, options);
  }

  private CompletableFuture<Blob> get(String key, GetOptions options, CallMode mode) {
    BlobKeys.requireValid(key);
    require("options", options);
    return client.getObject(mode, key, options);
  }

  private CompletableFuture<Optional<BlobInfo>> stat(String key, CallMode mode) {
    BlobKeys.requireValid(key);
    return client.headObject(mode, key, "stat");
  }

  private CompletableFuture<Void> delete(String key, CallMode mode) {
    BlobKeys.requireValid(key);
    return client.deleteObject(mode, key);
  }

  private CompletableFuture<BlobPage> list(ListRequest request, CallMode mode) {
    require("request", request);
    return client.list(mode, request);
  }

  private CompletableFuture<BlobInfo> copy(String fromKey, String toKey, CallMode mode) {
    BlobKeys.requireValid("fromKey", fromKey);
    BlobKeys.requireValid("toKey", toKey);
    return client
        .headObject(mode, fromKey, "copy")
        .thenCompose(
            found -> {
              BlobInfo source =
                  found.orElseThrow(
                      () ->
                          new NotFoundException(
                              "no blob to copy under " + fromKey,
                              ErrorContext.builder()
                                  .provider(provider)
                                  .operation("copy")
                                  .httpStatus(404)
                                  .requestSent(true)
                                  .build()));
              if (source.size() > S3Client.MAX_COPY_SIZE) {
                throw InvalidRequestException.invalidField(
                    "fromKey",
                    "S3 copies at most 5 GiB in one request; "
                        + fromKey
                        + " holds "
                        + source.size()
                        + " bytes");
              }
              return client.copyObject(mode, source, toKey);
            });
  }

  /** The non-blocking view; a bad argument fails the future instead of throwing. */
  private final class Async implements AsyncBlobStore {
    @Override
    public String provider() {
      return provider;
    }

    @Override
    public CompletableFuture<BlobInfo> put(String key, BlobContent content, PutOptions options) {
      return CallScope.cancellable(
          () -> S3BlobStore.this.put(key, content, options, CallMode.NON_BLOCKING));
    }

    /**
     * The blob's bytes are the response body, read on OkHttp's dispatcher executor as the
     * subscriber asks. Cancelling the future cancels the request; once S3 has answered, the future
     * completes with the blob, which the caller then reads or discards.
     */
    @Override
    public CompletableFuture<AsyncBlob> get(String key, GetOptions options) {
      return CallScope.cancellable(
          () ->
              S3BlobStore.this
                  .get(key, options, CallMode.NON_BLOCKING)
                  .thenApply(blob -> AsyncBlob.from(blob, client.threads().reader())));
    }

    @Override
    public CompletableFuture<Optional<BlobInfo>> stat(String key) {
      return CallScope.cancellable(() -> S3BlobStore.this.stat(key, CallMode.NON_BLOCKING));
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
      return CallScope.cancellable(() -> S3BlobStore.this.delete(key, CallMode.NON_BLOCKING));
    }

    @Override
    public CompletableFuture<BlobPage> list(ListRequest request) {
      return CallScope.cancellable(() -> S3BlobStore.this.list(request, CallMode.NON_BLOCKING));
    }

    /** Signing is local: the future is complete when this returns. */
    @Override
    public CompletableFuture<URI> presign(String key, PresignRequest request) {
      return Futures.call(() -> S3BlobStore.this.presign(key, request));
    }

    @Override
    public CompletableFuture<BlobInfo> copy(String fromKey, String toKey) {
      return CallScope.cancellable(
          () -> S3BlobStore.this.copy(fromKey, toKey, CallMode.NON_BLOCKING));
    }

    @Override
    public String toString() {
      return "async " + S3BlobStore.this;
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  /** Names the provider, the bucket and where it lives; never the credentials. */
  @Override
  public String toString() {
    S3Settings s = client.settings();
    return "S3BlobStore{provider="
        + provider
        + ", bucket="
        + s.bucket()
        + ", region="
        + s.region()
        + ", endpoint="
        + s.endpoint()
        + ", pathStyle="
        + s.pathStyle()
        + ", credentials="
        + s.credentials()
        + "}";
  }

  /** Builds an {@link S3BlobStore}; bucket, access key id and secret access key are required. */
  public static final class Builder {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern ACCESS_KEY = Pattern.compile("[!-~]+");

    private String provider = NAME;
    private String bucket;
    private String region = "us-east-1";
    private URI endpoint;
    private Boolean pathStyle;
    private String accessKeyId;
    private Secret secretAccessKey;
    private Secret sessionToken;
    private long multipartThreshold = 16L << 20;
    private int partSize = 8 << 20;
    private int concurrency = 4;
    private Long memoryBudget;
    private int partAttempts = 3;
    private PayloadChecksum payloadChecksum = PayloadChecksum.AUTO;
    private Duration presignMaxExpiry = Duration.ofDays(PresignRequest.MAX_EXPIRY_DAYS);
    private final HttpSettings.Builder http = HttpSettings.builder().callTimeout(Duration.ZERO);

    private Builder() {}

    /** The provider's name in errors, logs and health (default {@code s3}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /** The bucket: 3 to 63 lower-case letters, digits, dots and hyphens. */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket == null");
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw InvalidRequestException.invalidField(
            "bucket",
            "bucket must be 3 to 63 lower-case letters, digits, '.' and '-', was "
                + Redaction.describe(bucket));
      }
      this.bucket = bucket;
      return this;
    }

    /** The region requests are signed for (default {@code us-east-1}). */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region == null");
      if (!REGION.matcher(region).matches()) {
        throw InvalidRequestException.invalidField(
            "region",
            "region must be lower-case letters, digits and '-', was " + Redaction.describe(region));
      }
      this.region = region;
      return this;
    }

    /**
     * A custom endpoint, such as {@code http://127.0.0.1:9000} for MinIO or {@code
     * https://<account>.r2.cloudflarestorage.com} for R2: {@code https}, or {@code http} on a
     * loopback host. Implies path-style addressing unless {@link #pathStyle(boolean)} says
     * otherwise.
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint == null");
      if (!endpoint.isAbsolute()) {
        throw InvalidRequestException.invalidField(
            "endpoint", "endpoint must be an absolute URL, was " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /** Whether the bucket goes in the path rather than the host name. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** The access key id (not secret: it travels in every request). */
    public Builder accessKeyId(String accessKeyId) {
      Objects.requireNonNull(accessKeyId, "accessKeyId == null");
      if (!ACCESS_KEY.matcher(accessKeyId).matches()) {
        throw InvalidRequestException.invalidField(
            "access-key-id", "access-key-id must be printable ASCII without spaces");
      }
      this.accessKeyId = accessKeyId;
      return this;
    }

    /** The secret access key, read for every signature and re-read after a rejection. */
    public Builder secretAccessKey(Secret secretAccessKey) {
      Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /** The session token of temporary credentials (STS); null for none (the default). */
    public Builder sessionToken(Secret sessionToken) {
      this.sessionToken = sessionToken;
      return this;
    }

    /**
     * The HTTP clients to derive S3's client from, such as ones over the application's own {@code
     * OkHttpClient} ({@code HttpClients.builder().baseClient(client).build()}): its proxy, TLS
     * settings, interceptors and event listeners are kept. Null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      http.httpClients(httpClients);
      return this;
    }

    /** The clock requests and presigned URLs are signed with. */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** Content longer than this, or of unknown length, goes up in parts (default 16 MiB). */
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw InvalidRequestException.invalidField(
            "multipart.threshold",
            "multipart.threshold must be at least " + MIN_PART_SIZE + " bytes, was " + bytes);
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /** The size of each part but the last, 5 MiB to 1 GiB (default 8 MiB). */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > (1L << 30)) {
        throw InvalidRequestException.invalidField(
            "multipart.part-size",
            "multipart.part-size must be 5 MiB to 1 GiB ("
                + MIN_PART_SIZE
                + " to "
                + (1L << 30)
                + " bytes), was "
                + bytes);
      }
      this.partSize = (int) bytes;
      return this;
    }

    /** How many parts are uploaded at once, 1 to 64 (default 4); memory ≈ this × part size. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw InvalidRequestException.invalidField(
            "multipart.concurrency", "multipart.concurrency must be 1 to 64, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * The most heap the part buffers of one upload from a stream may hold, at least 5 MiB (default
     * {@code min(32 MiB, max heap / 4)}). Uploads from a stream keep at most {@code
     * min(concurrency, budget / part size)} parts in flight; uploads from a file are read straight
     * from it and use {@code concurrency} whatever the budget. Checked at {@link #build()} against
     * {@link Runtime#maxMemory()}: a budget above half the heap is refused.
     */
    public Builder memoryBudget(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw InvalidRequestException.invalidField(
            "multipart.memory-budget",
            "multipart.memory-budget must be at least " + MIN_PART_SIZE + " bytes, was " + bytes);
      }
      this.memoryBudget = bytes;
      return this;
    }

    /**
     * How a put in one request proves its body to S3 (default {@link PayloadChecksum#AUTO}: a
     * CRC32C over HTTPS, the signed SHA-256 over plain HTTP). Parts of a multipart upload always
     * carry their signed SHA-256.
     */
    public Builder payloadChecksum(PayloadChecksum checksum) {
      Objects.requireNonNull(checksum, "checksum == null");
      this.payloadChecksum = checksum;
      return this;
    }

    /** How many times one part is sent at most, 1 to 10 (default 3). */
    public Builder partAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw InvalidRequestException.invalidField(
            "multipart.part-attempts", "multipart.part-attempts must be 1 to 10, was " + attempts);
      }
      this.partAttempts = attempts;
      return this;
    }

    /** The longest expiry a presigned URL may ask for, up to 7 days (the default). */
    public Builder presignMaxExpiry(Duration maxExpiry) {
      if (maxExpiry == null
          || maxExpiry.isNegative()
          || maxExpiry.isZero()
          || maxExpiry.compareTo(Duration.ofDays(PresignRequest.MAX_EXPIRY_DAYS)) > 0) {
        throw InvalidRequestException.invalidField(
            "presign.max-expiry",
            "presign.max-expiry must be more than 0 and at most 7 days, was " + maxExpiry);
      }
      this.presignMaxExpiry = maxExpiry;
      return this;
    }

    /** The connect timeout; null keeps the shared HTTP layer's (5 s). */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** The read timeout; null keeps the shared HTTP layer's (30 s). */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** The write timeout; null keeps the shared HTTP layer's (30 s). */
    public Builder writeTimeout(Duration timeout) {
      http.writeTimeout(timeout);
      return this;
    }

    /** The whole-call timeout, including reading a downloaded body; zero (the default) for none. */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      http.callTimeout(timeout);
      return this;
    }

    /**
     * @throws InvalidRequestException naming the first missing or refused setting
     * @throws ConfigurationException if the secret access key or the session token is empty or
     *     holds whitespace, control or non-ASCII characters (naming each), or if {@code
     *     multipart.memory-budget} is above half the heap or cannot hold one part
     */
    public S3BlobStore build() {
      if (bucket == null) {
        throw new IllegalStateException("bucket must be set");
      }
      if (accessKeyId == null) {
        throw new IllegalStateException("access-key-id must be set");
      }
      if (secretAccessKey == null) {
        throw new IllegalStateException("secret-access-key must be set");
      }
      CredentialCheck check = CredentialCheck.create().secret("secret-access-key", secretAccessKey);
      // A blank session token means none (see S3Credentials), as an empty variable often does.
      if (sessionToken != null && !sessionToken.value().isBlank()) {
        check.secret("session-token", sessionToken);
      }
      check.throwIfProblems();
      boolean custom = endpoint != null;
      String base = custom ? endpoint.toString() : "https://s3." + region + ".amazonaws.com";
      boolean path = pathStyle != null ? pathStyle : custom || bucket.contains(".");
      S3Settings settings =
          new S3Settings(
              provider,
              bucket,
              region,
              base,
              path,
              new S3Credentials(accessKeyId, secretAccessKey, sessionToken),
              Math.max(multipartThreshold, partSize),
              partSize,
              concurrency,
              budget(Runtime.getRuntime().maxMemory()),
              partAttempts,
              payloadChecksum.crc32c(base),
              presignMaxExpiry,
              http.build());
      try {
        return new S3BlobStore(S3Client.create(settings));
      } catch (InvalidRequestException e) {
        String field = e.field().orElse("endpoint");
        throw InvalidRequestException.invalidField(
            field.equals("base-url") ? "endpoint" : field, e.reason());
      }
    }

    /** The memory budget for a heap of {@code maxMemory} bytes, checked. */
    long budget(long maxMemory) {
      long budget = memoryBudget != null ? memoryBudget : Math.min(32L << 20, maxMemory / 4);
      String problem = null;
      if (memoryBudget != null && memoryBudget > maxMemory / 2) {
        problem =
            "multipart.memory-budget must be at most half the heap ("
                + maxMemory / 2
                + " of "
                + maxMemory
                + " bytes), was "
                + memoryBudget;
      } else if (budget < partSize) {
        problem =
            "multipart.memory-budget ("
                + budget
                + " bytes"
                + (memoryBudget == null ? ", by default a quarter of the heap" : "")
                + ") must hold at least one part of multipart.part-size ("
                + partSize
                + " bytes)";
      }
      if (problem != null) {
        throw new ConfigurationException(
            List.of(new ConfigProblem("multipart.memory-budget", "builder", problem)));
      }
      return budget;
    }
  }
}
