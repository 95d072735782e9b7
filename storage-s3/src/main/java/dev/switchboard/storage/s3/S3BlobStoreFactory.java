package dev.switchboard.storage.s3;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.BlobStoreFactory;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CoreKeys;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.Secret;
import dev.switchboard.storage.BlobStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds an {@link S3BlobStore} from configuration; registered with {@link java.util.ServiceLoader}
 * under the name {@code s3}.
 *
 * <pre>
 * switchboard.storage.providers=s3
 * switchboard.storage.s3.bucket=receipts                          # required
 * switchboard.storage.s3.region=eu-west-1                         # default us-east-1
 * switchboard.storage.s3.endpoint=http://127.0.0.1:9000           # default AWS; implies path-style
 * switchboard.storage.s3.path-style=true                          # default: true with an endpoint
 * switchboard.storage.s3.access-key-id=AKIA...                    # required
 * switchboard.storage.s3.secret-access-key=${env:S3_SECRET}       # required, a secret reference
 * switchboard.storage.s3.session-token=${env:S3_SESSION_TOKEN}    # optional, a secret reference
 * switchboard.storage.s3.multipart.threshold=16777216             # bytes, default 16 MiB
 * switchboard.storage.s3.multipart.part-size=8388608              # bytes, 5 MiB to 1 GiB, default 8 MiB
 * switchboard.storage.s3.multipart.concurrency=4                  # default 4
 * switchboard.storage.s3.multipart.memory-budget=33554432      # bytes; default min(32 MiB, heap/4)
 * switchboard.storage.s3.multipart.part-attempts=3                # default 3
 * switchboard.storage.s3.payload-checksum=auto                     # auto, sha256 or crc32c
 * switchboard.storage.s3.presign.max-expiry=7d                    # default 7d, at most 7d
 * switchboard.storage.s3.connect-timeout=5s                       # default: the HTTP layer's 5 s
 * switchboard.storage.s3.read-timeout=30s                         # default: the HTTP layer's 30 s
 * switchboard.storage.s3.write-timeout=30s                        # default: the HTTP layer's 30 s
 * switchboard.storage.s3.call-timeout=0                           # default 0: none
 * </pre>
 */
public final class S3BlobStoreFactory implements BlobStoreFactory {
  @Override
  public String name() {
    return S3BlobStore.NAME;
  }

  /** {@code bucket}. */
  public static final ConfigKey<String> BUCKET =
      ConfigKey.string("bucket", null, "the bucket").required();

  /** {@code secret-access-key}, a secret reference. */
  public static final ConfigKey<Secret> SECRET_ACCESS_KEY =
      ConfigKey.secret("secret-access-key", "the secret access key, a secret reference").required();

  /** {@code multipart.threshold}, in bytes. */
  public static final ConfigKey<Long> MULTIPART_THRESHOLD =
      ConfigKey.longValue(
          "multipart.threshold", 16L << 20, "in bytes; larger content goes up in parts");

  /** {@code multipart.part-size}, in bytes. */
  public static final ConfigKey<Long> MULTIPART_PART_SIZE =
      ConfigKey.longValue("multipart.part-size", 8L << 20, "in bytes, 5 MiB to 1 GiB");

  /** {@code multipart.concurrency}. */
  public static final ConfigKey<Integer> MULTIPART_CONCURRENCY =
      ConfigKey.integer("multipart.concurrency", 4, "parts uploaded at once (1 to 64)");

  /** {@code multipart.part-attempts}. */
  public static final ConfigKey<Integer> MULTIPART_PART_ATTEMPTS =
      ConfigKey.integer(
          "multipart.part-attempts",
          3,
          "how often one part is sent before the upload is aborted (1 to 10)");

  /** {@code presign.max-expiry}. */
  public static final ConfigKey<Duration> PRESIGN_MAX_EXPIRY =
      ConfigKey.duration(
          "presign.max-expiry",
          Duration.ofDays(7),
          "the longest presigned URL allowed, at most 7d");

  /** {@code call-timeout}: none by default, since a long download is not a hung one. */
  public static final ConfigKey<Duration> CALL_TIMEOUT =
      ConfigKey.duration(
          "call-timeout", Duration.ZERO, "a whole-call limit; 0 (none) by default for downloads");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        BUCKET,
        ConfigKey.string("region", "us-east-1", "the signing region"),
        ConfigKey.url("endpoint", null, "a custom endpoint (MinIO, R2, a local server)")
            .defaultText("AWS"),
        ConfigKey.bool("path-style", false, "/bucket/key instead of a virtual-hosted bucket")
            .defaultText("true with endpoint, else false"),
        ConfigKey.string(
                "access-key-id", null, "the access key id; not a secret, it travels in requests")
            .required(),
        SECRET_ACCESS_KEY,
        ConfigKey.secret("session-token", "for temporary credentials, a secret reference"),
        MULTIPART_THRESHOLD,
        MULTIPART_PART_SIZE,
        MULTIPART_CONCURRENCY,
        ConfigKey.longValue(
                "multipart.memory-budget",
                null,
                "in bytes: the most heap the part buffers of one upload from a stream hold")
            .defaultText("min(32 MiB, max heap / 4)"),
        MULTIPART_PART_ATTEMPTS,
        ConfigKey.string("payload-checksum", "auto", "auto, sha256 or crc32c"),
        PRESIGN_MAX_EXPIRY,
        CoreKeys.CONNECT_TIMEOUT,
        CoreKeys.READ_TIMEOUT,
        CoreKeys.WRITE_TIMEOUT,
        CALL_TIMEOUT);
  }

  @Override
  public BlobStore create(ProviderContext context) {
    S3BlobStore.Builder b =
        S3BlobStore.builder()
            .provider(context.provider())
            .clock(context.clock())
            .httpClients(context.httpClients());
    String bucket = context.get(BUCKET);
    if (bucket != null && !bucket.isEmpty()) {
      set(context, "bucket", () -> b.bucket(bucket));
    }
    context.optionalString("region").ifPresent(r -> set(context, "region", () -> b.region(r)));
    Optional<String> endpoint = context.optionalString("endpoint");
    if (endpoint.isPresent()) {
      URI url = context.url("endpoint", null);
      if (url != null) {
        set(context, "endpoint", () -> b.endpoint(url));
      }
    }
    if (context.optionalString("path-style").isPresent()) {
      b.pathStyle(context.bool("path-style", endpoint.isPresent()));
    }
    String accessKeyId = context.string("access-key-id");
    if (!accessKeyId.isEmpty()) {
      set(context, "access-key-id", () -> b.accessKeyId(accessKeyId));
    }
    Secret secret = context.get(SECRET_ACCESS_KEY);
    b.secretAccessKey(secret);
    if (context.optionalString("session-token").isPresent()) {
      b.sessionToken(context.secret("session-token"));
    }
    long threshold = context.get(MULTIPART_THRESHOLD);
    set(context, "multipart.threshold", () -> b.multipartThreshold(threshold));
    long partSize = context.get(MULTIPART_PART_SIZE);
    set(context, "multipart.part-size", () -> b.partSize(partSize));
    int concurrency = context.get(MULTIPART_CONCURRENCY);
    set(context, "multipart.concurrency", () -> b.concurrency(concurrency));
    if (context.optionalString("multipart.memory-budget").isPresent()) {
      long budget = context.longValue("multipart.memory-budget", 32L << 20);
      set(context, "multipart.memory-budget", () -> b.memoryBudget(budget));
    }
    int attempts = context.get(MULTIPART_PART_ATTEMPTS);
    set(context, "multipart.part-attempts", () -> b.partAttempts(attempts));
    context
        .optionalString("payload-checksum")
        .ifPresent(
            value -> {
              PayloadChecksum checksum = PayloadChecksum.parse(value);
              if (checksum == null) {
                context.problem(
                    "payload-checksum",
                    "payload-checksum must be auto, sha256 or crc32c, was '" + value + "'");
              } else {
                b.payloadChecksum(checksum);
              }
            });
    Duration maxExpiry = context.get(PRESIGN_MAX_EXPIRY);
    set(context, "presign.max-expiry", () -> b.presignMaxExpiry(maxExpiry));
    b.connectTimeout(context.get(CoreKeys.CONNECT_TIMEOUT));
    b.readTimeout(context.get(CoreKeys.READ_TIMEOUT));
    b.writeTimeout(context.get(CoreKeys.WRITE_TIMEOUT));
    b.callTimeout(context.get(CALL_TIMEOUT));
    if (!context.problems().isEmpty()) {
      return placeholder(context);
    }
    try {
      return b.build();
    } catch (InvalidRequestException e) {
      context.problem(e.field().orElse("bucket"), e.reason());
      return placeholder(context);
    }
  }

  /** Records a refused value under its key instead of throwing, as the factory SPI asks. */
  private static void set(ProviderContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }

  /** A store that is never used: the registry reports the problems and discards it. */
  private static BlobStore placeholder(ProviderContext context) {
    return S3BlobStore.builder()
        .provider(context.provider())
        .bucket("placeholder")
        .accessKeyId("placeholder")
        .secretAccessKey(Secret.of("placeholder"))
        .build();
  }
}
