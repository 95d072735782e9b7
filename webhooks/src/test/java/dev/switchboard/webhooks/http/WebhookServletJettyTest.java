package dev.switchboard.webhooks.http;

import dev.switchboard.webhooks.servlet.WebhookServlet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The endpoint as a servlet in an embedded Jetty 12 (Jakarta EE 10), under a context path. */
class WebhookServletJettyTest extends WebhookEndpointContract {
  private final List<Server> servers = new ArrayList<>();

  @Override
  URI serve(WebhookEndpoint endpoint) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler("/shop");
    context.addServlet(
        new ServletHolder(new WebhookServlet(endpoint)), endpoint.pathPrefix() + "/*");
    server.setHandler(context);
    server.start();
    servers.add(server);
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + "/shop/");
  }

  @Override
  void stopServers() throws Exception {
    for (Server server : servers) {
      server.stop();
    }
    servers.clear();
  }
}
