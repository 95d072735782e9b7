package dev.switchboard.state.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Function;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (the binary embedded-redis ships) on a free loopback port, without
 * persistence: one per test class.
 */
final class LocalRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private LocalRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server with these extra settings, such as {@code requirepass ...}. */
  static LocalRedis start(String... settings) {
    int port = freePort();
    try {
      var builder =
          RedisServer.newRedisServer()
              .bind("127.0.0.1")
              .port(port)
              .setting("save \"\"")
              .setting("appendonly no");
      for (String setting : settings) {
        builder.setting(setting);
      }
      RedisServer server = builder.build();
      server.start();
      return new LocalRedis(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Runs {@code work} on a connection of its own, outside any store. */
  <T> T direct(String url, Function<RedisCommands<String, String>, T> work) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return work.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }

  <T> T direct(Function<RedisCommands<String, String>, T> work) {
    return direct(url(), work);
  }

  List<String> keys(String pattern) {
    return direct(redis -> redis.keys(pattern));
  }

  void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
