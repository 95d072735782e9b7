package dev.switchboard.webhooks.inbox;

import dev.switchboard.state.redis.RedisStateStore;
import dev.switchboard.webhooks.ReplayGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.embedded.RedisServer;

/**
 * The whole inbox contract with its claims in a real Redis (the {@code redis-server} that
 * embedded-redis ships), as a fleet shares them, and the events in H2.
 */
class WebhookInboxRedisGuardTest extends WebhookInboxH2Test {
  private static RedisServer server;
  private static int port;
  private static int namespaces;

  private RedisStateStore store;

  @BeforeAll
  static void startRedis() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    server =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    server.stop();
  }

  @Override
  ReplayGuard sharedGuard() {
    store = RedisStateStore.builder().uri("redis://127.0.0.1:" + port).clock(clock).build();
    return store.replayGuard("webhook-events-" + ++namespaces);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
