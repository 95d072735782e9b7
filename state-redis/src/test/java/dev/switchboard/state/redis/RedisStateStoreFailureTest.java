package dev.switchboard.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis down or refusing: always a StateStoreException, and never a password in sight. */
class RedisStateStoreFailureTest {
  private static final String PASSWORD = "fake-redis-password-123";

  @Test
  void aStoppedServerIsAStateStoreExceptionWithoutThePassword() {
    LocalRedis redis = LocalRedis.start("requirepass " + PASSWORD);
    StateStore store =
        RedisStateStore.builder()
            .uri("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port())
            .timeout(Duration.ofMillis(300))
            .build();
    try {
      assertThat(store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp").won())
          .isTrue();

      redis.stop();

      assertNoPassword(
          catchThrowableOfType(
              StateStoreException.class,
              () -> store.ledger().claim("payments.charge", "order-2", "acme", "order-2", "fp")));
      assertNoPassword(
          catchThrowableOfType(
              StateStoreException.class, () -> store.replayGuard("hooks").claim("evt_1")));
      assertNoPassword(
          catchThrowableOfType(
              StateStoreException.class,
              () -> store.rates().tryAcquire("acme", 5, Duration.ofSeconds(1))));
    } finally {
      store.close();
      redis.stop();
    }
  }

  @Test
  void aWrongPasswordIsAStateStoreExceptionWithoutEitherPassword() {
    try (LocalRedis redis = LocalRedis.start("requirepass " + PASSWORD)) {
      StateStoreException e =
          catchThrowableOfType(
              StateStoreException.class,
              () ->
                  RedisStateStore.builder()
                      .uri("redis://:fake-wrong-password@127.0.0.1:" + redis.port())
                      .build());

      assertNoPassword(e);
      assertThat(e.getMessage()).doesNotContain("fake-wrong-password").contains("connect");
    }
  }

  @Test
  void nobodyListeningIsAStateStoreExceptionAtBuild() {
    StateStoreException e =
        catchThrowableOfType(
            StateStoreException.class,
            () ->
                RedisStateStore.builder()
                    .uri("redis://:" + PASSWORD + "@127.0.0.1:" + LocalRedis.freePort())
                    .timeout(Duration.ofMillis(500))
                    .build());

    assertThat(e.getMessage()).contains("state store 'redis' failed to connect");
    assertNoPassword(e);
  }

  /** Neither the message nor any cause's message or text holds the password. */
  private static void assertNoPassword(StateStoreException e) {
    assertThat(e).isNotNull();
    assertThat(e.provider()).contains("state.redis");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
      assertThat(t.toString()).doesNotContain(PASSWORD);
    }
  }
}
