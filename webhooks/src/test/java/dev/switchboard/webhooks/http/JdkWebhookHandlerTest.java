package dev.switchboard.webhooks.http;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The endpoint on the JDK's built-in HttpServer. */
class JdkWebhookHandlerTest extends WebhookEndpointContract {
  private final List<HttpServer> servers = new ArrayList<>();

  @Override
  URI serve(WebhookEndpoint endpoint) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    JdkWebhookHandler.register(server, endpoint);
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Override
  void stopServers() {
    servers.forEach(s -> s.stop(0));
    servers.clear();
  }
}
