package dev.switchboard.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.state.StateStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code switchboard.state.store=redis} from configuration, through the ServiceLoader factory. */
class RedisStateStoreFactoryTest {
  private static final String PASSWORD = "fake-factory-password";
  private static final String URL = "switchboard.state.redis.url";

  private static LocalRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = LocalRedis.start("requirepass " + PASSWORD);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void aPlainLoopbackUrlIsAccepted() {
    try (LocalRedis open = LocalRedis.start()) {
      long before = connectedClients(open);

      Switchboard.fromConfig(redisConfig(open.url()).build());

      assertThat(connectedClients(open)).isGreaterThan(before);
    }
  }

  @Test
  void theConfiguredStoreIsARedisStoreWithTheConfiguredPrefix() {
    try (LocalRedis open = LocalRedis.start()) {
      SwitchboardConfig config =
          redisConfig("redis://localhost:" + open.port())
              .put("switchboard.state.redis.key-prefix", "app1:")
              .put("switchboard.state.redis.timeout", "500ms")
              .build();

      try (StateStore store = ProviderRegistry.discover().configure(config).state().store()) {
        assertThat(store.name()).isEqualTo("redis");
        assertThat(store.shared()).isTrue();
        store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp");
      }

      assertThat(open.keys("app1:*")).containsExactly("app1:ledger:{payments.charge:order-1}");
    }
  }

  @Test
  void aSecretReferenceMayHoldAPassword() {
    SwitchboardConfig config =
        redisConfig("${env:REDIS_URL}")
            .environment(Map.of("REDIS_URL", "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port()))
            .build();

    try (StateStore store = ProviderRegistry.discover().configure(config).state().store()) {
      assertThat(store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp").won())
          .isTrue();
    }
  }

  @Test
  void aPlainUrlOfAnotherHostIsRefusedNamingTheKeyWithoutEchoingIt() {
    ConfigurationException e = refused("redis://cache.example.internal:6379");

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(URL);
    assertThat(e.getMessage()).contains("loopback").doesNotContain("cache.example.internal");
  }

  @Test
  void aPlainUrlThatLooksLikeLoopbackButIsNotIsRefused() {
    ConfigurationException e = refused("redis://127.0.0.1.example.net:6379");

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(URL);
  }

  @Test
  void aPlainUrlWithAPasswordIsRefusedWithoutEchoingIt() {
    ConfigurationException e = refused("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port());

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(URL);
    assertThat(e.getMessage()).contains("secret reference").doesNotContain(PASSWORD);
  }

  @Test
  void aUrlOfAnotherSchemeIsRefused() {
    ConfigurationException e = refused("http://127.0.0.1:6379");

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(URL);
    assertThat(e.getMessage()).doesNotContain("http://");
  }

  @Test
  void anUnreachableRedisIsAProblemOfTheStore() {
    ConfigurationException e = refused("redis://127.0.0.1:" + LocalRedis.freePort());

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.state.redis");
    assertThat(e.getMessage()).contains("cannot connect to Redis");
  }

  @Test
  void aClusterFlagThatIsNeitherTrueNorFalseIsAProblemNamingTheKey() {
    try (LocalRedis open = LocalRedis.start()) {
      ConfigurationException e =
          catchThrowableOfType(
              ConfigurationException.class,
              () ->
                  Switchboard.fromConfig(
                      redisConfig(open.url())
                          .put("switchboard.state.redis.cluster", "yes")
                          .build()));

      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactly("switchboard.state.redis.cluster");
      assertThat(e.getMessage()).contains("true or false");
    }
  }

  @Test
  void aMissingUrlIsAProblemNamingTheKey() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Switchboard.fromConfig(
                    SwitchboardConfig.builder().put("switchboard.state.store", "redis").build()));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(URL);
  }

  private static ConfigurationException refused(String url) {
    return catchThrowableOfType(
        ConfigurationException.class, () -> Switchboard.fromConfig(redisConfig(url).build()));
  }

  private static SwitchboardConfig.Builder redisConfig(String url) {
    return SwitchboardConfig.builder().put("switchboard.state.store", "redis").put(URL, url);
  }

  private static long connectedClients(LocalRedis server) {
    String info = server.direct(r -> r.info("clients"));
    return info.lines()
        .filter(line -> line.startsWith("connected_clients:"))
        .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
        .findFirst()
        .orElseThrow();
  }
}
