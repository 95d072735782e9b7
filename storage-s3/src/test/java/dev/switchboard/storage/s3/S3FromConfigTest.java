package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.testkit.LocalS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
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

  @Test
  void aMemoryBudgetBeyondHalfTheHeapIsAConfigurationErrorNamingTheKey() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(s3("multipart.memory-budget", Long.toString(Runtime.getRuntime().maxMemory())))
            .build();

    assertThatThrownBy(() -> Switchboard.fromConfig(config).storage())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.storage.s3.multipart.memory-budget")
        .hasMessageContaining("half the heap");
  }

  @Test
  void anUnknownPayloadChecksumIsAConfigurationErrorNamingTheKeyAndTheChoices() {
    SwitchboardConfig config =
        SwitchboardConfig.builder().putAll(s3("payload-checksum", "md5")).build();

    assertThatThrownBy(() -> Switchboard.fromConfig(config).storage())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.storage.s3.payload-checksum")
        .hasMessageContaining("auto, sha256 or crc32c, was 'md5'");
  }

  @Test
  void aTransferSlowerThanAWholeCallTimeoutButNeverIdleSucceedsByDefault() {
    Duration timeout = Duration.ofMillis(150);
    try (Switchboard switchboard = Switchboard.fromConfig(config(s3()))) {
      BlobInfo info =
          switchboard
              .storage()
              .put("slow.bin", Throttled.content(timeout.multipliedBy(3)), PutOptions.defaults());
      assertThat(info.size()).isEqualTo(Throttled.SIZE);
    }
    // The same transfer under a whole-call timeout it outlasts is cut: the test could fail.
    Map<String, String> capped = s3("timeout.call", timeout.toMillis() + "ms");
    try (Switchboard switchboard = Switchboard.fromConfig(config(capped))) {
      assertThatThrownBy(
              () ->
                  switchboard
                      .storage()
                      .put(
                          "capped.bin",
                          Throttled.content(timeout.multipliedBy(3)),
                          PutOptions.defaults()))
          .isInstanceOf(OutcomeUnknownException.class);
    }
  }

  private static SwitchboardConfig config(Map<String, String> properties) {
    return SwitchboardConfig.builder().putAll(properties).build();
  }

  private static Map<String, String> s3(String... extra) {
    Map<String, String> properties = new HashMap<>();
    properties.put("switchboard.storage.providers", "s3");
    properties.put("switchboard.storage.s3.bucket", server.bucket());
    properties.put("switchboard.storage.s3.endpoint", server.endpoint().toString());
    properties.put("switchboard.storage.s3.access-key-id", LocalS3Server.ACCESS_KEY_ID);
    properties.put("switchboard.storage.s3.secret-access-key", LocalS3Server.SECRET_ACCESS_KEY);
    for (int i = 0; i < extra.length; i += 2) {
      properties.put("switchboard.storage.s3." + extra[i], extra[i + 1]);
    }
    return properties;
  }

  /** A one-shot stream that hands out a small chunk every few milliseconds: slow, never idle. */
  private static final class Throttled extends InputStream {
    static final int SIZE = 256 * 1024;
    private static final int CHUNK = 4 * 1024;
    private final long gapNanos;
    private int position;

    private Throttled(Duration total) {
      this.gapNanos = total.toNanos() / (SIZE / CHUNK);
    }

    static BlobContent content(Duration total) {
      return BlobContent.of(new Throttled(total), SIZE);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= SIZE) {
        return -1;
      }
      LockSupport.parkNanos(gapNanos);
      int n = Math.min(Math.min(len, CHUNK), SIZE - position);
      Arrays.fill(b, off, off + n, (byte) 'x');
      position += n;
      return n;
    }
  }
}
