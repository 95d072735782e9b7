package dev.switchboard.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A real S3 server (s3proxy) in this JVM, on 127.0.0.1 and a free port, that insists on SigV4 with
 * fake credentials and holds one bucket:
 *
 * <pre>{@code
 * try (LocalS3Server s3 = LocalS3Server.start()) {
 *   BlobStore store = S3BlobStore.builder()
 *       .endpoint(s3.endpoint())
 *       .bucket(s3.bucket())
 *       .accessKeyId(LocalS3Server.ACCESS_KEY_ID)
 *       .secretAccessKey(Secret.of(LocalS3Server.SECRET_ACCESS_KEY))
 *       .build();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} keeps blobs in memory (an in-memory file system); {@link #start(Path)} keeps
 * them in a directory, for blobs too large for the heap. {@link #reset()} empties the server
 * between tests, and {@code S3ServerExtension} runs one for a JUnit 5 test class.
 *
 * <p>s3proxy is an optional dependency of the testkit: a test that uses this class adds {@code
 * org.gaul:s3proxy} (test scope) itself, with the exclusions the Switchboard parent POM lists.
 */
public final class LocalS3Server implements AutoCloseable {
  /** The access key id the server accepts. */
  public static final String ACCESS_KEY_ID = "fake-access-key-id";

  /** The secret access key the server accepts: obviously fake. */
  public static final String SECRET_ACCESS_KEY = "fake-secret-key-for-a-local-s3-server";

  /** The bucket the server starts with, unless {@link #startWithBucket} names another. */
  public static final String BUCKET = "switchboard-test";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final BlobStore backend;
  private final String bucket;

  private LocalS3Server(S3Proxy proxy, BlobStore backend, String bucket) {
    this.proxy = proxy;
    this.backend = backend;
    this.bucket = bucket;
  }

  /** A server whose blobs live in memory. */
  public static LocalS3Server start() {
    return start(new TransientNio2BlobStore(), UnaryOperator.identity());
  }

  /** A server whose blobs live as files below {@code directory}. */
  public static LocalS3Server start(Path directory) {
    return start(new FilesystemNio2BlobStore(directory.toString()), UnaryOperator.identity());
  }

  /**
   * A server over {@code backend} as changed by {@code decorate}, which sees every call the server
   * makes to its storage (a test may fail some on purpose).
   */
  public static LocalS3Server start(BlobStore backend, UnaryOperator<BlobStore> decorate) {
    return start(backend, decorate, BUCKET);
  }

  /**
   * A server whose blobs live in memory, with the bucket {@code bucket} instead of {@link #BUCKET}.
   *
   * @throws IllegalArgumentException if {@code bucket} is not a valid S3 bucket name
   */
  public static LocalS3Server startWithBucket(String bucket) {
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "a bucket name is 3 to 63 lower-case letters, digits, dots and hyphens, was '"
              + bucket
              + "'");
    }
    return start(new TransientNio2BlobStore(), UnaryOperator.identity(), bucket);
  }

  private static LocalS3Server start(
      BlobStore backend, UnaryOperator<BlobStore> decorate, String bucket) {
    backend.createContainer(bucket);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(decorate.apply(backend))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
            .build();
    try {
      proxy.start();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT);
        }
        Thread.onSpinWait();
      }
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy could not start", e);
    }
    return new LocalS3Server(proxy, backend, bucket);
  }

  /** {@code http://127.0.0.1:<port>}: use it with path-style addressing. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The bucket that exists from the start: {@link #BUCKET} unless {@link #startWithBucket}. */
  public String bucket() {
    return bucket;
  }

  /**
   * Back to a server holding only the empty {@linkplain #bucket() bucket}: every other bucket is
   * deleted, and every blob and open multipart upload of this one is removed.
   */
  public synchronized void reset() {
    for (Bucket other : backend.list().buckets()) {
      if (!other.name().equals(bucket)) {
        for (MultipartUpload upload : backend.listMultipartUploads(other.name())) {
          abort(other.name(), upload);
        }
        backend.deleteContainer(other.name());
      }
    }
    if (!backend.containerExists(bucket)) {
      backend.createContainer(bucket);
      return;
    }
    for (MultipartUpload upload : backend.listMultipartUploads(bucket)) {
      abort(bucket, upload);
    }
    backend.clearContainer(ListObjectsV2Request.builder().bucket(bucket).build());
  }

  private void abort(String inBucket, MultipartUpload upload) {
    backend.abortMultipartUpload(
        new org.gaul.s3proxy.blobstore.domain.MultipartUpload(
            upload.uploadId(),
            CreateMultipartUploadRequest.builder().bucket(inBucket).key(upload.key()).build()));
  }

  /** The blob store behind the server, to look at or change what it holds directly. */
  public BlobStore backend() {
    return backend;
  }

  /** How many multipart uploads of the bucket were started and neither completed nor aborted. */
  public int openMultipartUploads() {
    return backend.listMultipartUploads(bucket).size();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy could not stop", e);
    }
  }
}
