package dev.switchboard.webhooks.http;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifierContext;
import dev.switchboard.webhooks.inbox.WebhookConfigKeys;
import dev.switchboard.webhooks.inbox.WebhookDecision;
import dev.switchboard.webhooks.inbox.WebhookInbox;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP side of a {@link WebhookInbox}, free of any web framework: one path per provider ({@code
 * /webhooks/stripe}, {@code /webhooks/sendgrid}, ...), POST only, a limit on the body, and the raw
 * body handed to the verifier untouched. Adapters: {@link JdkWebhookHandler} for the JDK's {@code
 * HttpServer} and {@link dev.switchboard.webhooks.servlet.WebhookServlet} for any Jakarta Servlet 6
 * container; for another framework, call {@link #handle} from its route.
 *
 * <pre>{@code
 * WebhookEndpoint endpoint = WebhookEndpoint.builder(inbox).pathPrefix("/webhooks").build();
 * WebhookDecision decision = endpoint.handle("POST", "/webhooks/stripe", headers, bodyStream);
 * // answer decision.status(), text/plain decision.body()
 * }</pre>
 *
 * <p>Answers, besides the inbox's own ({@link WebhookDecision}): 404 for a path that names no
 * provider of the inbox, 405 (with {@code Allow: POST}) for another method, 413 for a body over the
 * limit (checked against {@code Content-Length} before reading, and while reading). Defaults: path
 * prefix {@value #DEFAULT_PATH_PREFIX}, body limit 1 MiB.
 */
public final class WebhookEndpoint {
  /** The default path prefix: providers are served under {@code /webhooks/<provider>}. */
  public static final String DEFAULT_PATH_PREFIX = "/webhooks";

  /** The default body limit: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final WebhookInbox inbox;
  private final String pathPrefix;
  private final long maxBodyBytes;

  private WebhookEndpoint(Builder b) {
    this.inbox = b.inbox;
    this.pathPrefix = b.pathPrefix;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** An endpoint with the defaults. */
  public static WebhookEndpoint create(WebhookInbox inbox) {
    return builder(inbox).build();
  }

  public static Builder builder(WebhookInbox inbox) {
    return new Builder(inbox);
  }

  /**
   * A builder set from {@code switchboard.webhooks.path-prefix} (default {@value
   * #DEFAULT_PATH_PREFIX}) and {@code switchboard.webhooks.max-body-bytes} (default 1048576).
   *
   * @throws ConfigurationException naming each bad key
   */
  public static Builder configure(WebhookInbox inbox, SwitchboardConfig config) {
    Objects.requireNonNull(config, "config == null");
    ConfigReader s = ConfigReader.of(config);
    Builder b = builder(inbox);
    String prefixKey = WebhookVerifierContext.PREFIX + WebhookConfigKeys.PATH_PREFIX.name();
    String sizeKey = WebhookVerifierContext.PREFIX + WebhookConfigKeys.MAX_BODY_BYTES.name();
    s.optionalString(prefixKey)
        .ifPresent(
            prefix -> {
              try {
                b.pathPrefix(prefix);
              } catch (InvalidRequestException e) {
                s.problem(prefixKey, e.reason());
              }
            });
    long size = s.get(WebhookVerifierContext.PREFIX, WebhookConfigKeys.MAX_BODY_BYTES);
    try {
      b.maxBodyBytes(size);
    } catch (InvalidRequestException e) {
      s.problem(sizeKey, e.reason());
    }
    s.throwIfProblems();
    return b;
  }

  /** The prefix every provider's path starts with, such as {@code /webhooks}. */
  public String pathPrefix() {
    return pathPrefix;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The path of each provider the inbox serves, such as {@code /webhooks/stripe}. */
  public List<String> paths() {
    return inbox.providers().stream().sorted().map(p -> pathPrefix + "/" + p).toList();
  }

  /**
   * The provider a path names, when it is one of the inbox's: {@code /webhooks/stripe} gives {@code
   * stripe}; a trailing slash is allowed.
   */
  public Optional<String> provider(String path) {
    if (path == null || !path.startsWith(pathPrefix + "/")) {
      return Optional.empty();
    }
    String rest = path.substring(pathPrefix.length() + 1);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return PROVIDER.matcher(rest).matches() && inbox.providers().contains(rest)
        ? Optional.of(rest)
        : Optional.empty();
  }

  /**
   * Answers one request, reading at most the body limit (and one byte more) from {@code body}.
   *
   * @param method the HTTP method
   * @param path the request's path, without the query
   * @param headers every header, any case
   * @param body the raw body; not closed here
   * @throws IOException if reading the body fails (the client went away); answer nothing
   */
  public WebhookDecision handle(
      String method, String path, Map<String, ? extends List<String>> headers, InputStream body)
      throws IOException {
    Optional<String> provider = provider(path);
    if (provider.isEmpty()) {
      return notFound();
    }
    if (!"POST".equals(method)) {
      return WebhookDecision.methodNotAllowed();
    }
    if (declaredLength(headers) > maxBodyBytes) {
      return WebhookDecision.tooLarge(maxBodyBytes);
    }
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    if (bytes.length > maxBodyBytes) {
      return WebhookDecision.tooLarge(maxBodyBytes);
    }
    return receive(provider.get(), headers, bytes);
  }

  /** {@link #handle(String, String, Map, InputStream)} for a body already read. */
  public WebhookDecision handle(
      String method, String path, Map<String, ? extends List<String>> headers, byte[] body) {
    Optional<String> provider = provider(path);
    if (provider.isEmpty()) {
      return notFound();
    }
    if (!"POST".equals(method)) {
      return WebhookDecision.methodNotAllowed();
    }
    if (body.length > maxBodyBytes) {
      return WebhookDecision.tooLarge(maxBodyBytes);
    }
    return receive(provider.get(), headers, body);
  }

  private WebhookDecision receive(
      String provider, Map<String, ? extends List<String>> headers, byte[] body) {
    WebhookRequest request;
    try {
      request = WebhookRequest.of(headers, body);
    } catch (InvalidRequestException e) {
      return WebhookDecision.malformed(e.reason());
    }
    return inbox.receive(provider, request);
  }

  private static WebhookDecision notFound() {
    return WebhookDecision.unknownProvider();
  }

  private static long declaredLength(Map<String, ? extends List<String>> headers) {
    for (Map.Entry<String, ? extends List<String>> h : headers.entrySet()) {
      if ("Content-Length".equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty()) {
        try {
          return Long.parseLong(h.getValue().get(0).trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "WebhookEndpoint{" + paths() + ", maxBodyBytes=" + maxBodyBytes + "}";
  }

  /** Builds a {@link WebhookEndpoint}. */
  public static final class Builder {
    private final WebhookInbox inbox;
    private String pathPrefix = DEFAULT_PATH_PREFIX;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(WebhookInbox inbox) {
      Objects.requireNonNull(inbox, "inbox == null");
      this.inbox = inbox;
    }

    /** The path before the provider's name, such as {@code /webhooks} or {@code /api/hooks}. */
    public Builder pathPrefix(String pathPrefix) {
      Objects.requireNonNull(pathPrefix, "pathPrefix == null");
      if (!PREFIX.matcher(pathPrefix).matches()) {
        throw InvalidRequestException.invalidField(
            "pathPrefix",
            "pathPrefix must be a path such as /webhooks: segments of letters, digits, '.', '_',"
                + " '~' or '-', no trailing slash");
      }
      this.pathPrefix = pathPrefix;
      return this;
    }

    /** The largest body accepted; a larger one is answered 413. Default 1 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 9) {
        throw InvalidRequestException.invalidField(
            "maxBodyBytes", "maxBodyBytes must be 1 to " + (Integer.MAX_VALUE - 9));
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public WebhookEndpoint build() {
      return new WebhookEndpoint(this);
    }
  }
}
