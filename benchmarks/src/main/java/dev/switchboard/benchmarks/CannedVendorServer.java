package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One local vendor for the side-by-side benchmarks: a JDK {@link HttpServer} on 127.0.0.1 that
 * reads each request whole and answers with the same canned response for its path. Start the JVM
 * with {@code -Dsun.net.httpserver.nodelay=true}, or its answers stall about 40 ms (Nagle and
 * delayed ACKs); the benchmarks' forks do.
 *
 * <p>It counts the connections it was asked on ({@link #connections()}, by the client's address and
 * port), so a benchmark can tell whether a client reuses them, and {@link #s3} answers like one S3
 * bucket holding one object, multipart uploads included.
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

  /**
   * One drain buffer per server thread: the server's allocations count in every -prof gc figure.
   */
  private static final ThreadLocal<byte[]> DRAIN =
      ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private final HttpServer server;
  private final ExecutorService workers;
  private final Set<String> peers = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final Map<String, String> firstWrites = new ConcurrentHashMap<>();

  private CannedVendorServer(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /** Serves {@code answers} (keyed by {@code "METHOD /path"}) on an ephemeral loopback port. */
  static CannedVendorServer start(Map<String, Answer> answers) throws IOException {
    return start(
        (server, exchange) -> {
          server.drain(exchange);
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
        });
  }

  /**
   * Serves one S3 bucket, path-style, holding {@code object} under every key: {@code GET} and
   * {@code HEAD} answer it; {@code PutObject} and {@code UploadPart} read the body whole and answer
   * an ETag (a constant: the server computes no checksum, so that it costs every client the same);
   * {@code CreateMultipartUpload}, {@code CompleteMultipartUpload} and {@code AbortMultipartUpload}
   * answer as S3 does. The first write of each client (by {@code User-Agent}) is kept with its
   * headers, for {@link #firstWrites()}.
   */
  static CannedVendorServer s3(String bucket, byte[] object) throws IOException {
    AtomicInteger uploads = new AtomicInteger();
    return start(
        (server, exchange) -> {
          String method = exchange.getRequestMethod();
          String query = String.valueOf(exchange.getRequestURI().getRawQuery());
          String path = exchange.getRequestURI().getPath();
          if (!path.startsWith("/" + bucket + "/")) {
            server.drain(exchange);
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          String key = path.substring(bucket.length() + 2);
          var headers = exchange.getResponseHeaders();
          headers.set("x-amz-request-id", "canned-0001");
          switch (method) {
            case "PUT" -> {
              server.noteWrite(exchange);
              server.drain(exchange);
              headers.set("ETag", "\"canned-etag-0001\"");
              exchange.sendResponseHeaders(200, -1);
            }
            case "POST" -> {
              server.drain(exchange);
              String xml;
              if (query.equals("uploads") || query.startsWith("uploads=")) {
                xml =
                    "<InitiateMultipartUploadResult><Bucket>"
                        + bucket
                        + "</Bucket><Key>"
                        + key
                        + "</Key><UploadId>canned-upload-"
                        + uploads.incrementAndGet()
                        + "</UploadId></InitiateMultipartUploadResult>";
              } else {
                xml =
                    "<CompleteMultipartUploadResult><Bucket>"
                        + bucket
                        + "</Bucket><Key>"
                        + key
                        + "</Key><ETag>\"canned-etag-0001-2\"</ETag>"
                        + "</CompleteMultipartUploadResult>";
              }
              byte[] body = xml.getBytes(StandardCharsets.UTF_8);
              headers.set("Content-Type", "application/xml");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            }
            case "DELETE" -> {
              server.drain(exchange);
              exchange.sendResponseHeaders(204, -1);
            }
            case "GET", "HEAD" -> {
              server.drain(exchange);
              headers.set("ETag", "\"canned-etag-0001\"");
              headers.set("Last-Modified", "Sun, 06 Dec 2026 07:00:00 GMT");
              headers.set("Content-Type", "application/octet-stream");
              if (method.equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(object.length));
                exchange.sendResponseHeaders(200, -1);
              } else {
                exchange.sendResponseHeaders(200, object.length);
                exchange.getResponseBody().write(object);
              }
            }
            default -> {
              server.drain(exchange);
              exchange.sendResponseHeaders(405, -1);
            }
          }
        });
  }

  /** What answers one exchange, given the server to count on. */
  private interface Handler {
    void handle(CannedVendorServer server, HttpExchange exchange) throws IOException;
  }

  private static CannedVendorServer start(Handler handler) throws IOException {
    if (!Boolean.getBoolean("sun.net.httpserver.nodelay")) {
      throw new IllegalStateException(
          "run with -Dsun.net.httpserver.nodelay=true, or every answer stalls ~40 ms");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    ExecutorService workers = Executors.newFixedThreadPool(16);
    server.setExecutor(workers);
    CannedVendorServer canned = new CannedVendorServer(server, workers);
    HttpHandler counting =
        exchange -> {
          try (exchange) {
            canned.requests.incrementAndGet();
            canned.peers.add(exchange.getRemoteAddress().toString());
            handler.handle(canned, exchange);
          }
        };
    server.createContext("/", counting);
    server.start();
    return canned;
  }

  private void drain(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] buffer = DRAIN.get();
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    received.addAndGet(total);
  }

  private void noteWrite(HttpExchange exchange) {
    String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
    String client = agent.split("[ /]", 2)[0];
    if (!firstWrites.containsKey(client)) {
      Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> sorted.put(name, values.toString()));
      sorted.remove("Authorization");
      firstWrites.putIfAbsent(client, exchange.getRequestMethod() + " " + sorted);
    }
  }

  /** How many connections asked anything so far (distinct client address and port). */
  int connections() {
    return peers.size();
  }

  /** How many requests were answered so far. */
  long requests() {
    return requests.get();
  }

  /** How many request body bytes were read so far, as sent (chunk framing included). */
  long received() {
    return received.get();
  }

  /** The headers of each client's first write (by User-Agent product), Authorization left out. */
  Map<String, String> firstWrites() {
    return Map.copyOf(firstWrites);
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
