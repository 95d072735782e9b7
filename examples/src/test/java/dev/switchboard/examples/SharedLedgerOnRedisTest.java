package dev.switchboard.examples;

import dev.switchboard.state.StateStore;
import dev.switchboard.state.redis.RedisStateStore;
import dev.switchboard.testkit.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.embedded.RedisServer;

/**
 * The shared-ledger scenarios on a real standalone Redis (the {@code redis-server} embedded-redis
 * ships), started once for the class on a loopback port without persistence: each instance opens
 * its own {@link RedisStateStore}, with its own client, on the same server.
 */
class SharedLedgerOnRedisTest extends SharedLedgerContract {
  private static RedisServer server;
  private static int port;

  @BeforeAll
  static void startServer() throws IOException {
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
  static void stopServer() throws IOException {
    server.stop();
  }

  @Override
  protected StateStore openStore(TestClock clock) {
    return RedisStateStore.builder().uri("redis://127.0.0.1:" + port).clock(clock).build();
  }
}
