package dev.switchboard.benchmarks;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.S3BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A 1 MiB object put and got, side by side, against one local server that answers like S3 ({@link
 * CannedVendorServer#s3}: a put's body is read whole and answered with an ETag, a get answers the 1
 * MiB):
 *
 * <ul>
 *   <li>{@code switchboard}: {@code Switchboard.fromConfig(...).storage()}, the failover composite
 *       and resilience policy over {@link S3BlobStore}, as an application gets it;
 *   <li>{@code switchboard-crc32c}: the same with {@code payload-checksum=crc32c}, what a put over
 *       {@code https} sends by default (a signed CRC32C instead of the signed SHA-256 that plain
 *       {@code http} gets);
 *   <li>{@code adapter}: {@link S3BlobStore} alone, no policy;
 *   <li>{@code aws-sdk}: AWS SDK for Java v2's {@code S3Client} with its defaults (CRC32 request
 *       checksums when supported), {@code endpointOverride}, path-style, static fake credentials,
 *       its Apache HTTP client, no retries;
 *   <li>{@code aws-sdk-when-required}: the same with request checksums and response validation only
 *       when an operation requires them (PutObject does not);
 *   <li>{@code okhttp}: a bare OkHttp client, unsigned {@code PUT}/{@code GET} of the same bytes,
 *       no hashing at all: the floor;
 *   <li>{@code okhttp-nodelay}: the same on sockets with {@code TCP_NODELAY} on, as Switchboard's
 *       shared client has them (OkHttp leaves Nagle's algorithm on).
 * </ul>
 *
 * <p>How each side reads a get's body from the socket: Switchboard's S3 client through a 64 KiB
 * buffer under okio (one system call per up to 64 KiB) with okio's per-read watchdog off for the
 * body (the socket's {@code SO_TIMEOUT} still ends a stalled read); the bare OkHttp clients one
 * okio segment, at most 8 KiB, per system call, each read timed by okio's watchdog; the AWS SDK's
 * Apache client straight into the caller's 64 KiB array.
 *
 * <p>What each side computes over a put's body: Switchboard one pass of SHA-256 (signed into
 * SigV4), or of CRC32C with {@code switchboard-crc32c}; the AWS SDK over plain HTTP what its first
 * put's headers (printed at set-up) say. Every get reads the whole body into a reused buffer and
 * checks its length.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Djmh.args="S3Object"}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class S3ObjectBenchmark {
  static final String BUCKET = "bench";
  static final String KEY = "objects/one-mib.bin";
  static final String ACCESS_KEY_ID = "fake-access-key-id-for-benchmarks";
  static final String SECRET = "fake-benchmark-secret-0000000000000000000";
  static final int SIZE = 1 << 20;

  @Param({
    "switchboard",
    "switchboard-crc32c",
    "adapter",
    "aws-sdk",
    "aws-sdk-when-required",
    "okhttp",
    "okhttp-nodelay"
  })
  public String client;

  private final byte[] payload = payload(SIZE);
  private final ThreadLocal<byte[]> sinks = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
  private CannedVendorServer server;
  private Switchboard switchboard;
  private BlobStore store;
  private S3Client aws;
  private OkHttpClient okhttp;
  private HttpUrl okhttpUrl;
  private int connectionsAtStart;

  static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = CannedVendorServer.s3(BUCKET, payload);
    String base = server.baseUrl();
    switch (client) {
      case "switchboard", "switchboard-crc32c" -> {
        switchboard =
            Switchboard.fromConfig(
                SwitchboardConfig.builder()
                    .put("switchboard.storage.providers", "s3")
                    .put(
                        "switchboard.storage.s3.payload-checksum",
                        client.equals("switchboard") ? "auto" : "crc32c")
                    .put("switchboard.storage.s3.bucket", BUCKET)
                    .put("switchboard.storage.s3.endpoint", base)
                    .put("switchboard.storage.s3.access-key-id", ACCESS_KEY_ID)
                    .put("switchboard.storage.s3.secret-access-key", "${env:S3_SECRET}")
                    .environment(Map.of("S3_SECRET", SECRET))
                    .discoverSecretSources(false)
                    .build(),
                ProviderRegistry.builder().discover().build());
        store = switchboard.storage();
      }
      case "adapter" ->
          store =
              S3BlobStore.builder()
                  .bucket(BUCKET)
                  .endpoint(URI.create(base))
                  .accessKeyId(ACCESS_KEY_ID)
                  .secretAccessKey(Secret.of(SECRET))
                  .build();
      case "aws-sdk", "aws-sdk-when-required" -> {
        var builder =
            S3Client.builder()
                .endpointOverride(URI.create(base))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)));
        if (client.equals("aws-sdk-when-required")) {
          builder
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        aws = builder.build();
      }
      case "okhttp", "okhttp-nodelay" -> {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (client.equals("okhttp-nodelay")) {
          builder.socketFactory(new NoDelaySockets());
        }
        okhttp = builder.build();
        okhttpUrl = HttpUrl.get(base + "/" + BUCKET + "/" + KEY);
      }
      default -> throw new IllegalArgumentException("unknown client " + client);
    }
    // One of each before measuring, so that a wrong answer fails the trial at once.
    put();
    get();
    System.out.println("first write: " + server.firstWrites());
    connectionsAtStart = server.connections();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    long calls = server.requests();
    System.out.printf(
        "%n%s: %d connections for %d requests (%.2f new per 1,000 after the first call)%n",
        client,
        server.connections(),
        calls,
        1000.0 * (server.connections() - connectionsAtStart) / Math.max(1, calls));
    Teardown.closeAll(switchboard, aws, okhttp, server);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object putLatency() throws Exception {
    return put();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public long getLatency() throws Exception {
    return get();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public Object putThroughput() throws Exception {
    return put();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public long getThroughput() throws Exception {
    return get();
  }

  private Object put() throws IOException {
    switch (client) {
      case "switchboard", "switchboard-crc32c", "adapter" -> {
        return store.put(KEY, BlobContent.of(payload), PutOptions.defaults()).etag();
      }
      case "aws-sdk", "aws-sdk-when-required" -> {
        return aws.putObject(
                PutObjectRequest.builder().bucket(BUCKET).key(KEY).build(),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(payload))
            .eTag();
      }
      case "okhttp", "okhttp-nodelay" -> {
        Request request =
            new Request.Builder().url(okhttpUrl).put(RequestBody.create(payload)).build();
        try (Response response = okhttp.newCall(request).execute()) {
          if (!response.isSuccessful()) {
            throw new IOException("HTTP " + response.code());
          }
          return response.header("ETag");
        }
      }
      default -> throw new IllegalStateException(client);
    }
  }

  private long get() throws IOException {
    long read;
    switch (client) {
      case "switchboard", "switchboard-crc32c", "adapter" -> {
        try (Blob blob = store.get(KEY, GetOptions.defaults())) {
          read = drain(blob.content());
        }
      }
      case "aws-sdk", "aws-sdk-when-required" -> {
        try (InputStream in =
            aws.getObject(
                GetObjectRequest.builder().bucket(BUCKET).key(KEY).build(),
                ResponseTransformer.toInputStream())) {
          read = drain(in);
        }
      }
      case "okhttp", "okhttp-nodelay" -> {
        Request request = new Request.Builder().url(okhttpUrl).get().build();
        try (Response response = okhttp.newCall(request).execute()) {
          if (!response.isSuccessful()) {
            throw new IOException("HTTP " + response.code());
          }
          read = drain(response.body().byteStream());
        }
      }
      default -> throw new IllegalStateException(client);
    }
    if (read != SIZE) {
      throw new IOException(client + " read " + read + " bytes, not " + SIZE);
    }
    return read;
  }

  /** Plain sockets with {@code TCP_NODELAY} on. */
  static final class NoDelaySockets extends javax.net.SocketFactory {
    private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

    private static java.net.Socket noDelay(java.net.Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      return noDelay(plain.createSocket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }
  }

  private long drain(InputStream in) throws IOException {
    byte[] buffer = sinks.get();
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }
}
