package dev.switchboard.webhooks.servlet;

import dev.switchboard.webhooks.http.WebhookEndpoint;
import dev.switchboard.webhooks.inbox.WebhookDecision;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves a {@link WebhookEndpoint} in any Jakarta Servlet 6 container (Jetty 12, Tomcat 10.1+,
 * Undertow). Map it at the endpoint's prefix followed by {@code /*}:
 *
 * <pre>{@code
 * WebhookEndpoint endpoint = WebhookEndpoint.create(inbox);
 * ServletContextHandler context = new ServletContextHandler();        // Jetty, for example
 * context.addServlet(new ServletHolder(new WebhookServlet(endpoint)), "/webhooks/*");
 * }</pre>
 *
 * <p>The path the endpoint sees is the request's path inside the web application (servlet path plus
 * path info), so a context path of its own does not matter. The body is read raw from the request's
 * input stream; do not put a filter that reads parameters in front of it, since a form body
 * (Mailgun's legacy webhooks) would then be consumed.
 */
public class WebhookServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient WebhookEndpoint endpoint;

  public WebhookServlet(WebhookEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    this.endpoint = endpoint;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    WebhookDecision decision =
        endpoint.handle(request.getMethod(), path, headers(request), request.getInputStream());
    response.setStatus(decision.status());
    response.setContentType("text/plain; charset=utf-8");
    if (decision.outcome() == WebhookDecision.Outcome.METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "POST");
    }
    byte[] answer = decision.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(answer.length);
    response.getOutputStream().write(answer);
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers
          .computeIfAbsent(name, n -> new ArrayList<>())
          .addAll(Collections.list(request.getHeaders(name)));
    }
    return headers;
  }
}
