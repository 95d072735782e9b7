package dev.switchboard.examples;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server (s3proxy) inside the example's JVM, on 127.0.0.1 and a free port, holding one
 * bucket in memory and insisting on SigV4 with the fake credentials below. It stands in for AWS S3,
 * MinIO or R2 so the example needs no account.
 */
final class LocalS3 implements AutoCloseable {
  /** The access key id the server accepts. */
  static final String ACCESS_KEY_ID = "fake-access-key-id";

  /** The secret access key the server accepts: obviously fake. */
  static final String SECRET_ACCESS_KEY = "fake-secret-key-for-the-example-s3-server";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;

  private LocalS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts the server with {@code bucket} already created. */
  static LocalS3 start(String bucket) {
    BlobStore backend = new TransientNio2BlobStore();
    backend.createContainer(bucket);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(backend)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
            .build();
    try {
      proxy.start();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the local S3 server did not start in " + START_TIMEOUT);
        }
        Thread.onSpinWait();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the local S3 server could not start", e);
    }
    return new LocalS3(proxy);
  }

  /** {@code http://127.0.0.1:<port>}, for path-style addressing. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the local S3 server could not stop", e);
    }
  }
}
