package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One local vendor for the side-by-side benchmarks: a JDK {@link HttpServer} on 127.0.0.1 that
 * reads each request whole and answers with the same canned response for its path. Start the JVM
 * with {@code -Dsun.net.httpserver.nodelay=true}, or its answers stall about 40 ms (Nagle and
 * delayed ACKs); the benchmarks' forks do.
 */
final class CannedVendorServer implements AutoCloseable {
  /** A canned answer: status, headers, body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer json(int status, String json, Map<String, String> headers) {
      Map<String, String> all = new java.util.LinkedHashMap<>(headers);
      all.put("Content-Type", "application/json");
      return new Answer(status, all, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final HttpServer server;
  private final ExecutorService workers;

  private CannedVendorServer(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /** Serves {@code answers} (keyed by {@code "METHOD /path"}) on an ephemeral loopback port. */
  static CannedVendorServer start(Map<String, Answer> answers) throws IOException {
    if (!Boolean.getBoolean("sun.net.httpserver.nodelay")) {
      throw new IllegalStateException(
          "run with -Dsun.net.httpserver.nodelay=true, or every answer stalls ~40 ms");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    ExecutorService workers = Executors.newFixedThreadPool(16);
    server.setExecutor(workers);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            drain(exchange.getRequestBody());
            Answer answer =
                answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (answer == null) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(
                answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
              exchange.getResponseBody().write(answer.body());
            }
          }
        });
    server.start();
    return new CannedVendorServer(server, workers);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
