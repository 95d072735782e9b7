package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code s3} is found through ServiceLoader and configured from properties, like any provider. */
class S3FromConfigTest {
  private static LocalS3Server server;

  @BeforeAll
  static void start() {
    server = LocalS3Server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void switchboardResolvesS3FromConfigurationAndRoundTripsABlob() throws IOException {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(
                Map.of(
                    "switchboard.storage.providers",
                    "s3",
                    "switchboard.storage.s3.bucket",
                    server.bucket(),
                    "switchboard.storage.s3.endpoint",
                    server.endpoint().toString(),
                    "switchboard.storage.s3.access-key-id",
                    LocalS3Server.ACCESS_KEY_ID,
                    "switchboard.storage.s3.secret-access-key",
                    LocalS3Server.SECRET_ACCESS_KEY,
                    "switchboard.storage.s3.multipart.part-size",
                    "5242880"))
            .build();

    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      switchboard
          .storage()
          .put("from-config.txt", BlobContent.ofString("configured"), PutOptions.defaults());
      try (Blob blob = switchboard.storage().get("from-config.txt", GetOptions.defaults())) {
        assertThat(new String(blob.content().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("configured");
      }
      assertThat(switchboard.health().get("storage").get(0).provider()).isEqualTo("s3");
    }
  }

  @Test
  void everyBadSettingIsReportedAtOnceWithoutTheSecret() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(
                Map.of(
                    "switchboard.storage.providers", "s3",
                    "switchboard.storage.s3.endpoint", "http://s3.example.com",
                    "switchboard.storage.s3.secret-access-key", "fake-literal-secret-value",
                    "switchboard.storage.s3.multipart.part-size", "1024",
                    "switchboard.storage.s3.presign.max-expiry", "30d"))
            .build();

    assertThatThrownBy(() -> Switchboard.fromConfig(config).storage())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.storage.s3.bucket")
        .hasMessageContaining("switchboard.storage.s3.access-key-id")
        .hasMessageContaining("switchboard.storage.s3.endpoint")
        .hasMessageContaining("switchboard.storage.s3.multipart.part-size")
        .hasMessageContaining("switchboard.storage.s3.presign.max-expiry")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fake-literal-secret-value"));
  }
}
