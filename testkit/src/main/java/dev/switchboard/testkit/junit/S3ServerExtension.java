package dev.switchboard.testkit.junit;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.LocalS3Server;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a real S3 server ({@link LocalS3Server}: s3proxy in this JVM, SigV4 enforced, fake
 * credentials) for a JUnit 5 test class: started on a free loopback port, emptied before each test
 * down to one empty {@linkplain #bucket() bucket}, and stopped at the end.
 *
 * <pre>{@code
 * @RegisterExtension static S3ServerExtension s3 = new S3ServerExtension();
 *
 * @Test
 * void stores() {
 *   try (Switchboard switchboard = Switchboard.fromConfig(s3.configBuilder().build())) {
 *     switchboard.storage().put(...);
 *   }
 * }
 * }</pre>
 *
 * <p>As with {@link SimulatorExtension}, a {@code static} field runs one server for the class and
 * an instance field one per test. s3proxy is an optional dependency of the testkit: add {@code
 * org.gaul:s3proxy} in test scope (its version and exclusions are in the Switchboard parent POM).
 */
public final class S3ServerExtension extends OwnedLifecycle {
  private LocalS3Server server;

  /** An extension whose server keeps blobs in memory. */
  public S3ServerExtension() {}

  /**
   * The running server, for {@link LocalS3Server#openMultipartUploads()} or its {@link
   * LocalS3Server#backend() blob store}.
   *
   * @throws IllegalStateException outside a test's lifecycle
   */
  public synchronized LocalS3Server server() {
    if (server == null) {
      throw new IllegalStateException("the S3 server runs only while a test class or test does");
    }
    return server;
  }

  /** {@code http://127.0.0.1:<port>}, for path-style addressing. */
  public URI endpoint() {
    return server().endpoint();
  }

  /** The bucket that exists, empty, at the start of each test. */
  public String bucket() {
    return LocalS3Server.BUCKET;
  }

  /**
   * The keys that point provider {@code s3} of port {@code storage} at the server: {@code
   * endpoint}, {@code bucket}, {@code access-key-id} and {@code secret-access-key} (fake, literal).
   */
  public Map<String, String> config() {
    return config("s3");
  }

  /**
   * The same keys for a provider of another name, with {@code switchboard.storage.<name>.type=s3}.
   */
  public Map<String, String> config(String providerName) {
    Objects.requireNonNull(providerName, "providerName == null");
    if (providerName.isBlank() || providerName.contains(".")) {
      throw new IllegalArgumentException(
          "a provider name is one non-blank segment without '.', was '" + providerName + "'");
    }
    String prefix = "switchboard.storage." + providerName + ".";
    Map<String, String> keys = new LinkedHashMap<>();
    if (!providerName.equals("s3")) {
      keys.put(prefix + "type", "s3");
    }
    keys.put(prefix + "endpoint", endpoint().toString());
    keys.put(prefix + "bucket", bucket());
    keys.put(prefix + "access-key-id", LocalS3Server.ACCESS_KEY_ID);
    keys.put(prefix + "secret-access-key", LocalS3Server.SECRET_ACCESS_KEY);
    return Map.copyOf(keys);
  }

  /**
   * A configuration builder with {@link #config()}, {@code switchboard.storage.providers=s3} and no
   * secret sources discovered from the classpath.
   */
  public SwitchboardConfig.Builder configBuilder() {
    return SwitchboardConfig.builder()
        .putAll(config())
        .put("switchboard.storage.providers", "s3")
        .discoverSecretSources(false);
  }

  @Override
  void open() {
    server = LocalS3Server.start();
  }

  @Override
  void resetState() {
    server().reset();
  }

  @Override
  void shut() {
    LocalS3Server stopping = server;
    server = null;
    stopping.close();
  }

  /** Where the server listens, never a credential. */
  @Override
  public synchronized String toString() {
    return "S3ServerExtension{" + (server == null ? "not started" : server.endpoint()) + "}";
  }
}
