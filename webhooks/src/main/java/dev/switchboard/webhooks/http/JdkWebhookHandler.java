package dev.switchboard.webhooks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.webhooks.inbox.WebhookDecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link WebhookEndpoint} on the JDK's built-in {@link HttpServer}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * JdkWebhookHandler.register(server, WebhookEndpoint.create(inbox));  // /webhooks/<provider>
 * server.setExecutor(Executors.newFixedThreadPool(8));
 * server.start();
 * }</pre>
 *
 * <p>Run the JVM with {@code -Dsun.net.httpserver.nodelay=true}: without it the JDK server's
 * answers can wait ~40 ms for a delayed ACK, which adds to every acknowledgement.
 */
public final class JdkWebhookHandler implements HttpHandler {
  private final WebhookEndpoint endpoint;

  public JdkWebhookHandler(WebhookEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    this.endpoint = endpoint;
  }

  /** Mounts a handler for {@code endpoint} at its path prefix on {@code server}. */
  public static JdkWebhookHandler register(HttpServer server, WebhookEndpoint endpoint) {
    JdkWebhookHandler handler = new JdkWebhookHandler(endpoint);
    server.createContext(endpoint.pathPrefix() + "/", handler);
    return handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      WebhookDecision decision =
          endpoint.handle(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders(),
              body);
      byte[] answer = decision.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if (decision.outcome() == WebhookDecision.Outcome.METHOD_NOT_ALLOWED) {
        exchange.getResponseHeaders().set("Allow", "POST");
      }
      exchange.sendResponseHeaders(decision.status(), answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }
}
