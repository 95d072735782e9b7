package dev.switchboard.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.LocalS3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** {@link S3ServerExtension} on a real test class, run through the JUnit launcher. */
class S3ServerExtensionTest {
  /** What a fixture's test saw at its start. */
  record Seen(URI endpoint, List<String> buckets, int blobs, int uploads, int unsignedStatus) {}

  static final List<Seen> SEEN = new ArrayList<>();

  static void see(S3ServerExtension s3) throws IOException {
    BlobStore backend = s3.server().backend();
    Request unsigned = new Request.Builder().url(s3.endpoint() + "/" + s3.bucket()).build();
    int status;
    try (Response response = new OkHttpClient().newCall(unsigned).execute()) {
      status = response.code();
    }
    SEEN.add(
        new Seen(
            s3.endpoint(),
            backend.list().buckets().stream().map(Bucket::name).toList(),
            backend.list(s3.bucket()).contents().size(),
            s3.server().openMultipartUploads(),
            status));
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedForTheClass {
    @RegisterExtension static final S3ServerExtension S3 = new S3ServerExtension();

    @Test
    @Order(1)
    void fillsTheServer() throws IOException {
      see(S3);
      BlobStore backend = S3.server().backend();
      byte[] bytes = "receipt".getBytes(StandardCharsets.UTF_8);
      backend.putBlob(
          PutObjectRequest.builder().bucket(S3.bucket()).key("a/receipt.txt").build(),
          new ByteArrayInputStream(bytes));
      backend.initiateMultipartUpload(
          CreateMultipartUploadRequest.builder().bucket(S3.bucket()).key("big.bin").build());
      backend.createContainer("another-bucket");
    }

    @Test
    @Order(2)
    void findsItEmpty() throws IOException {
      see(S3);
    }
  }

  @Test
  void aStaticExtensionEmptiesTheServerBeforeEachTestAndStopsAfterAll() throws Exception {
    SEEN.clear();

    TestExecutionSummary summary = JUnitRun.run(SharedForTheClass.class);

    assertThat(summary.getTestsSucceededCount())
        .as(SimulatorExtensionTest.failures(summary))
        .isEqualTo(2);
    assertThat(SEEN).hasSize(2);
    Seen first = SEEN.get(0);
    Seen second = SEEN.get(1);
    assertThat(first.endpoint()).isEqualTo(second.endpoint());
    assertThat(first.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(first.unsignedStatus()).isEqualTo(403); // serving, and insisting on a signature
    assertThat(second.buckets()).containsExactly(LocalS3Server.BUCKET);
    assertThat(second.blobs()).isZero();
    assertThat(second.uploads()).isZero();
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(
                    new InetSocketAddress("127.0.0.1", first.endpoint().getPort()), 2_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void configPointsTheS3ProviderAtTheServer() {
    S3ServerExtension s3 = new S3ServerExtension();
    s3.beforeAll(null);
    try {
      String endpoint = s3.endpoint().toString();
      assertThat(s3.config())
          .containsEntry("switchboard.storage.s3.endpoint", endpoint)
          .containsEntry("switchboard.storage.s3.bucket", LocalS3Server.BUCKET)
          .containsEntry("switchboard.storage.s3.access-key-id", LocalS3Server.ACCESS_KEY_ID)
          .containsEntry(
              "switchboard.storage.s3.secret-access-key", LocalS3Server.SECRET_ACCESS_KEY);
      assertThat(s3.config("receipts")).containsEntry("switchboard.storage.receipts.type", "s3");
      SwitchboardConfig config = s3.configBuilder().build();
      assertThat(config.get("switchboard.storage.providers")).contains("s3");
      assertThat(s3.toString()).contains(endpoint).doesNotContain(LocalS3Server.SECRET_ACCESS_KEY);
    } finally {
      s3.afterAll(null);
    }
    assertThatThrownBy(s3::server).isInstanceOf(IllegalStateException.class);
  }
}
