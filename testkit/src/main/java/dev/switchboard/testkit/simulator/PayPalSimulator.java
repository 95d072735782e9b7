package dev.switchboard.testkit.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A stateful local PayPal: the OAuth2 token endpoint, Orders v2 and Payments v2, speaking PayPal's
 * JSON, with its {@code PayPal-Request-Id} idempotency and the faults of {@link VendorSimulator}.
 *
 * <pre>{@code
 * try (PayPalSimulator paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake")) {
 *   HttpUrl baseUrl = paypal.start();
 *   PaymentGateway gateway = PayPalPaymentGateway.builder()
 *       .baseUrl(baseUrl.toString()).clientId("client-id-fake").clientSecret(Secret.of("secret-fake"))
 *       .clock(clock).build();
 *   gateway.charge(... PaymentSource.token("paypal", PayPalSimulator.VAULT_OK) ...);
 *   assertThat(paypal.tokenRequests()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code POST /v1/oauth2/token} checks Basic {@code client_id:secret} and {@code
 *       grant_type=client_credentials}, and issues a token that expires after {@link
 *       #tokenLifetime(Duration)} (default 9 hours) on the simulator's clock. Every other endpoint
 *       answers 401 {@code invalid_token} to a missing, unknown or expired token. {@link
 *       #rotateClientSecret} changes the accepted secret; {@link #revokeAccessTokens()} forgets the
 *       issued tokens.
 *   <li>Vault ids decide a charge: {@link #VAULT_DECLINED} is refused with 422 {@code
 *       INSTRUMENT_DECLINED}; {@link #VAULT_INSUFFICIENT_FUNDS} completes the order with a {@code
 *       DECLINED} capture (processor code {@code 5120}); {@link #VAULT_PAYER_ACTION} leaves the
 *       order {@code PAYER_ACTION_REQUIRED}; any other id succeeds. Vault orders complete in the
 *       create call, or stay {@code APPROVED} for an explicit capture or authorize after {@link
 *       #completeVaultOrdersOnCreate(boolean) completeVaultOrdersOnCreate(false)}.
 *   <li>An order paid by buyer approval is {@code PAYER_ACTION_REQUIRED} with a {@code
 *       payer-action} link; {@link #approve(String)} approves it as the buyer would.
 *   <li>A POST with a {@code PayPal-Request-Id} seen before is answered with the first answer when
 *       method, path and body are the same, and with 422 {@code PAYPAL_REQUEST_ID_PREVIOUSLY_USED}
 *       otherwise.
 *   <li>Amounts are checked against PayPal's exponent table: HUF, JPY and TWD take no decimals.
 *       Captures may not exceed the authorization, refunds not the captured rest.
 *   <li>Other endpoints can be added with {@link #route}; they get the same Bearer check.
 * </ul>
 */
public class PayPalSimulator extends VendorSimulator {
  /** A vault id whose charges succeed (as does any id not listed here). */
  public static final String VAULT_OK = "vault_ok";

  /** A vault id whose charges PayPal refuses with 422 {@code INSTRUMENT_DECLINED}. */
  public static final String VAULT_DECLINED = "vault_declined";

  /** A vault id whose capture is {@code DECLINED} by the processor with code {@code 5120}. */
  public static final String VAULT_INSUFFICIENT_FUNDS = "vault_insufficient_funds";

  /** A vault id whose orders wait for the payer ({@code PAYER_ACTION_REQUIRED}). */
  public static final String VAULT_PAYER_ACTION = "vault_payer_action";

  /** PayPal's usual token lifetime, 9 hours. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(32400);

  private record Stored(String method, String path, String body, PayPalWire.Answer answer) {}

  private final Clock clock;
  private final String clientId;
  private final PayPalWire wire = new PayPalWire();
  private final PayPalOrders orders;
  private final Map<String, Instant> tokens = new HashMap<>();
  private final Map<String, Stored> requestIds = new HashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse.Builder>> routes =
      new HashMap<>();
  private final String initialClientSecret;
  private String clientSecret;
  private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
  private int tokenRequests;

  /**
   * A simulator that accepts one REST app's credentials.
   *
   * @param clock decides token expiry and the times of orders
   * @param clientId the accepted client id
   * @param clientSecret the accepted secret, until {@link #rotateClientSecret}
   */
  public PayPalSimulator(Clock clock, String clientId, String clientSecret) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
    this.initialClientSecret = clientSecret;
    this.orders = new PayPalOrders(clock, wire, this::selfBase);
  }

  /**
   * Forgets every order, authorization, capture, {@code PayPal-Request-Id} and issued token, and
   * undoes the knobs (client secret, token lifetime, completing vault orders on create). Routes
   * added with {@link #route} stay; ids keep counting.
   */
  @Override
  protected void resetState() {
    tokens.clear();
    orders.clear();
    requestIds.clear();
    clientSecret = initialClientSecret;
    tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    tokenRequests = 0;
  }

  /** Accepts only {@code newSecret} from now on; tokens already issued stay valid. */
  public synchronized void rotateClientSecret(String newSecret) {
    this.clientSecret = Objects.requireNonNull(newSecret, "newSecret == null");
  }

  /** Forgets every issued access token, so each next call is answered 401 until a new token. */
  public synchronized void revokeAccessTokens() {
    tokens.clear();
  }

  /** How long the tokens issued from now on live ({@code expires_in}). */
  public synchronized void tokenLifetime(Duration lifetime) {
    if (lifetime == null || lifetime.getSeconds() <= 0) {
      throw new IllegalArgumentException("lifetime must be at least a second: " + lifetime);
    }
    this.tokenLifetime = lifetime;
  }

  /** How many requests reached the token endpoint, refused ones included. */
  public synchronized int tokenRequests() {
    return tokenRequests;
  }

  /**
   * Whether an order paid by a vault id is captured or authorized in the create call (true, the
   * default, as PayPal does) or stays {@code APPROVED} until {@code /capture} or {@code
   * /authorize}.
   */
  public synchronized void completeVaultOrdersOnCreate(boolean complete) {
    orders.completeVaultOrdersOnCreate(complete);
  }

  /**
   * Approves an order as its buyer would on PayPal's page.
   *
   * @throws IllegalStateException if there is no such order waiting for the buyer
   */
  public synchronized void approve(String orderId) {
    orders.approve(orderId);
  }

  /** How many orders were created: a replayed {@code PayPal-Request-Id} creates none. */
  public synchronized int orderCount() {
    return orders.count();
  }

  /** An order's current status, such as {@code COMPLETED}. */
  public synchronized Optional<String> orderStatus(String orderId) {
    return Optional.ofNullable(orders.status(orderId));
  }

  /**
   * Serves another endpoint (say {@code POST /v1/notifications/verify-webhook-signature}) with
   * {@code handler}. Requests reach it only with a valid Bearer token (others are answered 401 as
   * elsewhere), after fault injection and before the built-in endpoints; {@code PayPal-Request-Id}
   * replay does not apply. The handler runs under the simulator's lock.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param path the exact encoded path, such as {@code /v1/notifications/verify-webhook-signature}
   */
  public synchronized void route(
      String method, String path, Function<RecordedRequest, MockResponse.Builder> handler) {
    Objects.requireNonNull(handler, "handler == null");
    routes.put(
        Objects.requireNonNull(method, "method == null")
            + " "
            + Objects.requireNonNull(path, "path == null"),
        handler);
  }

  /** Whether the request carries {@code Authorization: Bearer <token>} with a live token. */
  public synchronized boolean isValidBearer(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant expires = tokens.get(authorization.substring("Bearer ".length()));
    return expires != null && clock.instant().isBefore(expires);
  }

  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getUrl().encodedPath();
    if (method.equals("POST") && path.equals("/v1/oauth2/token")) {
      return wire.respond(token(request));
    }
    if (!isValidBearer(request)) {
      return wire.respond(
          new PayPalWire.Answer(
              401,
              wire.toJson(
                  PayPalWire.ordered(
                      "error", "invalid_token",
                      "error_description", "Access Token not found in cache"))));
    }
    Function<RecordedRequest, MockResponse.Builder> routed = routes.get(method + " " + path);
    if (routed != null) {
      return routed.apply(request);
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    String requestId = request.getHeaders().get("PayPal-Request-Id");
    if (method.equals("POST") && requestId != null) {
      Stored stored = requestIds.get(requestId);
      if (stored != null) {
        if (stored.method().equals(method)
            && stored.path().equals(path)
            && stored.body().equals(body)) {
          return wire.respond(stored.answer());
        }
        return wire.respond(
            wire.error(
                422,
                "PAYPAL_REQUEST_ID_PREVIOUSLY_USED",
                null,
                "The PayPal-Request-Id has already been used for another request."));
      }
    }
    PayPalWire.Answer answer = orders.route(method, path, body);
    if (method.equals("POST") && requestId != null) {
      requestIds.put(requestId, new Stored(method, path, body, answer));
    }
    return wire.respond(answer);
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    String name =
        switch (status) {
          case 429 -> "RATE_LIMIT_REACHED";
          case 503 -> "SERVICE_UNAVAILABLE";
          default -> "INTERNAL_SERVER_ERROR";
        };
    String debugId = wire.nextDebugId();
    Map<String, Object> body =
        PayPalWire.ordered(
            "name", name, "message", "The server could not answer.", "debug_id", debugId);
    body.put("links", List.of());
    return PayPalWire.json(status, wire.toJson(body), debugId);
  }

  // --- the token endpoint ---

  private PayPalWire.Answer token(RecordedRequest request) {
    tokenRequests++;
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (!expected.equals(request.getHeaders().get("Authorization"))) {
      return new PayPalWire.Answer(
          401,
          wire.toJson(
              PayPalWire.ordered(
                  "error", "invalid_client",
                  "error_description", "Client Authentication failed")));
    }
    if (!URLDecoder.decode(body, StandardCharsets.UTF_8).equals("grant_type=client_credentials")) {
      return new PayPalWire.Answer(
          400,
          wire.toJson(
              PayPalWire.ordered(
                  "error", "unsupported_grant_type",
                  "error_description", "Grant Type is NULL")));
    }
    String token = wire.nextToken();
    tokens.put(token, clock.instant().plus(tokenLifetime));
    Map<String, Object> answer =
        PayPalWire.ordered(
            "scope", "https://uri.paypal.com/services/payments/payment",
            "access_token", token,
            "token_type", "Bearer",
            "app_id", "APP-FAKE");
    answer.put("expires_in", tokenLifetime.getSeconds());
    return new PayPalWire.Answer(200, wire.toJson(answer));
  }

  /** The server's base URL for self links; PayPal's sandbox host on a server of the test's own. */
  private String selfBase() {
    try {
      return baseUrl().toString();
    } catch (IllegalStateException e) {
      // Dispatching for a server of the test's own: PayPal's own host is as good a self link.
      return "https://api-m.sandbox.paypal.com/";
    }
  }
}
