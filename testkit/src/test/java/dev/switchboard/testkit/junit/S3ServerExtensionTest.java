package dev.switchboard.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
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
  static final List<Map<String, String>> CONFIG = new ArrayList<>();

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
      CONFIG.add(S3.config());
      CONFIG.add(S3.config("receipts"));
      CONFIG.add(
          Map.of(
              "providers",
              S3.configBuilder().build().get("switchboard.storage.providers").orElseThrow(),
              "toString",
              S3.toString()));
    }
  }

  @Test
  void aStaticExtensionEmptiesTheServerBeforeEachTestAndStopsAfterAll() throws Exception {
    SEEN.clear();
    CONFIG.clear();

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
    SEEN.clear();
    CONFIG.clear();

    TestExecutionSummary summary = JUnitRun.run(SharedForTheClass.class);

    assertThat(summary.getTestsSucceededCount())
        .as(SimulatorExtensionTest.failures(summary))
        .isEqualTo(2);
    String endpoint = SEEN.get(1).endpoint().toString();
    assertThat(CONFIG.get(0))
        .containsOnly(
            Map.entry("switchboard.storage.s3.endpoint", endpoint),
            Map.entry("switchboard.storage.s3.bucket", LocalS3Server.BUCKET),
            Map.entry("switchboard.storage.s3.access-key-id", LocalS3Server.ACCESS_KEY_ID),
            Map.entry("switchboard.storage.s3.secret-access-key", LocalS3Server.SECRET_ACCESS_KEY));
    assertThat(CONFIG.get(1)).containsEntry("switchboard.storage.receipts.type", "s3");
    assertThat(CONFIG.get(2)).containsEntry("providers", "s3");
    assertThat(CONFIG.get(2).get("toString"))
        .contains(endpoint)
        .doesNotContain(LocalS3Server.SECRET_ACCESS_KEY);
  }

  @Test
  void theServerIsUnavailableOutsideATest() {
    assertThatThrownBy(() -> new S3ServerExtension().server())
        .isInstanceOf(IllegalStateException.class);
  }
}
