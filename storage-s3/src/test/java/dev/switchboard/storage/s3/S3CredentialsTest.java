package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SecretSource;
import dev.switchboard.config.SwitchboardConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials that no request could carry are refused at start-up under their keys; a session token
 * that turns bad after a rotation is this provider's authentication failure.
 */
class S3CredentialsTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aMalformedSecretAndSessionTokenAreConfigurationProblemsNamingTheFullKeys() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.storage.providers", "s3")
            .put("switchboard.storage.s3.bucket", "receipts")
            .put("switchboard.storage.s3.access-key-id", "AKIAFAKEFAKEFAKE")
            .put("switchboard.storage.s3.secret-access-key", "${env:S3_SECRET}")
            .put("switchboard.storage.s3.session-token", "${env:S3_TOKEN}")
            .environment(Map.of("S3_SECRET", "fake secret", "S3_TOKEN", "fake\u0000token"))
            .discoverSecretSources(false)
            .build();

    assertThatThrownBy(() -> ProviderRegistry.discover().configure(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly(
                        "switchboard.storage.s3.secret-access-key",
                        "switchboard.storage.s3.session-token"))
        .hasMessageNotContaining("fake");
  }

  @Test
  void aSessionTokenRotatedIntoOneThatCannotBeSentIsThisProvidersAuthenticationFailure() {
    AtomicReference<String> token = new AtomicReference<>("fake-session-token");
    SecretSource rotating =
        new SecretSource() {
          @Override
          public String scheme() {
            return "rotating";
          }

          @Override
          public Optional<String> read(String reference) {
            return Optional.of(token.get());
          }
        };
    Secret sessionToken = Secret.read(rotating, "token", Clock.systemUTC(), Secret.DEFAULT_TTL);
    S3BlobStore store =
        S3BlobStore.builder()
            .provider("receipts")
            .endpoint(server.url("/").uri())
            .bucket("fake-bucket")
            .accessKeyId("AKIAFAKEFAKEFAKE")
            .secretAccessKey(Secret.of("fake-secret"))
            .sessionToken(sessionToken)
            .build();
    token.set("fake-session-token\r\nX-Injected: 1");
    sessionToken.invalidate();

    assertThatThrownBy(() -> store.stat("receipts/1.txt"))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.provider()).contains("receipts");
              assertThat(e.requestSent()).isFalse();
            })
        .hasMessageContaining("session token")
        .hasMessageNotContaining("fake-session-token");
    assertThat(server.getRequestCount()).isZero();
  }
}
