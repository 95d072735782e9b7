package dev.switchboard.testkit.simulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Set<String> NO_DECIMALS = Set.of("HUF", "JPY", "TWD");
  private static final Set<String> CURRENCIES =
      Set.of(
          "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR", "MXN",
          "TWD", "NZD", "NOK", "PHP", "PLN", "GBP", "RUB", "SGD", "SEK", "CHF", "THB", "USD");
  private static final Pattern ORDER_ACTION =
      Pattern.compile("/v2/checkout/orders/([^/]+)/(capture|authorize)");
  private static final Pattern ORDER = Pattern.compile("/v2/checkout/orders/([^/]+)");
  private static final Pattern AUTHORIZATION_ACTION =
      Pattern.compile("/v2/payments/authorizations/([^/]+)/(capture|void)");
  private static final Pattern CAPTURE_REFUND =
      Pattern.compile("/v2/payments/captures/([^/]+)/refund");

  private record Answer(int code, String json) {}

  private record Stored(String method, String path, String body, Answer answer) {}

  private static final class Order {
    String id;
    String intent;
    String status;
    String currency;
    BigDecimal value;
    String vaultId;
    String referenceId;
    String customId;
    String description;
    String softDescriptor;
    Instant created;
    Auth authorization;
    final List<Cap> captures = new ArrayList<>();
  }

  private static final class Auth {
    String id;
    String status;
    BigDecimal value;
    BigDecimal captured = BigDecimal.ZERO;
    Instant created;
    Order order;
  }

  private static final class Cap {
    String id;
    String status;
    BigDecimal value;
    BigDecimal refunded = BigDecimal.ZERO;
    String processorCode;
    Instant created;
    Order order;
    final List<Ref> refunds = new ArrayList<>();
  }

  private record Ref(String id, BigDecimal value, Instant created) {}

  private final Clock clock;
  private final String clientId;
  private final JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
  private final Map<String, Instant> tokens = new HashMap<>();
  private final Map<String, Order> orders = new HashMap<>();
  private final Map<String, Auth> authorizations = new HashMap<>();
  private final Map<String, Cap> captures = new HashMap<>();
  private final Map<String, Stored> requestIds = new HashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse.Builder>> routes =
      new HashMap<>();
  private final String initialClientSecret;
  private String clientSecret;
  private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
  private boolean completeOnCreate = true;
  private int tokenRequests;
  private long sequence;

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
    authorizations.clear();
    captures.clear();
    requestIds.clear();
    clientSecret = initialClientSecret;
    tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    completeOnCreate = true;
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
    this.completeOnCreate = complete;
  }

  /**
   * Approves an order as its buyer would on PayPal's page.
   *
   * @throws IllegalStateException if there is no such order waiting for the buyer
   */
  public synchronized void approve(String orderId) {
    Order order = orders.get(orderId);
    if (order == null
        || !(order.status.equals("CREATED") || order.status.equals("PAYER_ACTION_REQUIRED"))) {
      throw new IllegalStateException("no order " + orderId + " waits for its buyer");
    }
    order.status = "APPROVED";
  }

  /** An order's current status, such as {@code COMPLETED}. */
  /** How many orders were created: a replayed {@code PayPal-Request-Id} creates none. */
  public synchronized int orderCount() {
    return orders.size();
  }

  public synchronized Optional<String> orderStatus(String orderId) {
    return Optional.ofNullable(orders.get(orderId)).map(o -> o.status);
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
      return respond(token(request));
    }
    if (!isValidBearer(request)) {
      return respond(
          new Answer(
              401,
              json.toJson(
                  ordered(
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
          return respond(stored.answer());
        }
        return respond(
            error(
                422,
                "PAYPAL_REQUEST_ID_PREVIOUSLY_USED",
                null,
                "The PayPal-Request-Id has already been used for another request."));
      }
    }
    Answer answer = route(method, path, body);
    if (method.equals("POST") && requestId != null) {
      requestIds.put(requestId, new Stored(method, path, body, answer));
    }
    return respond(answer);
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    String name =
        switch (status) {
          case 429 -> "RATE_LIMIT_REACHED";
          case 503 -> "SERVICE_UNAVAILABLE";
          default -> "INTERNAL_SERVER_ERROR";
        };
    String debugId = nextDebugId();
    Map<String, Object> body =
        ordered("name", name, "message", "The server could not answer.", "debug_id", debugId);
    body.put("links", List.of());
    return json(status, json.toJson(body), debugId);
  }

  // --- routing ---

  private Answer route(String method, String path, String body) {
    Map<String, Object> request;
    try {
      request = body.isBlank() ? Map.of() : asMap(json.fromJson(body));
    } catch (IOException | RuntimeException e) {
      return error(400, "MALFORMED_REQUEST_JSON", null, "The request JSON is not well formed.");
    }
    Matcher m;
    if (method.equals("POST") && path.equals("/v2/checkout/orders")) {
      return createOrder(request);
    }
    if (method.equals("POST") && (m = ORDER_ACTION.matcher(path)).matches()) {
      return completeOrder(m.group(1), m.group(2));
    }
    if (method.equals("GET") && (m = ORDER.matcher(path)).matches()) {
      Order order = orders.get(m.group(1));
      return order == null ? notFound() : new Answer(200, json.toJson(orderJson(order)));
    }
    if (method.equals("POST") && (m = AUTHORIZATION_ACTION.matcher(path)).matches()) {
      return m.group(2).equals("capture")
          ? captureAuthorization(m.group(1), request)
          : voidAuthorization(m.group(1));
    }
    if (method.equals("POST") && (m = CAPTURE_REFUND.matcher(path)).matches()) {
      return refund(m.group(1), request);
    }
    return notFound();
  }

  private Answer token(RecordedRequest request) {
    tokenRequests++;
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (!expected.equals(request.getHeaders().get("Authorization"))) {
      return new Answer(
          401,
          json.toJson(
              ordered(
                  "error", "invalid_client",
                  "error_description", "Client Authentication failed")));
    }
    if (!URLDecoder.decode(body, StandardCharsets.UTF_8).equals("grant_type=client_credentials")) {
      return new Answer(
          400,
          json.toJson(
              ordered(
                  "error", "unsupported_grant_type",
                  "error_description", "Grant Type is NULL")));
    }
    String token = "A21AA-fake-" + (++sequence);
    tokens.put(token, clock.instant().plus(tokenLifetime));
    Map<String, Object> answer =
        ordered(
            "scope", "https://uri.paypal.com/services/payments/payment",
            "access_token", token,
            "token_type", "Bearer",
            "app_id", "APP-FAKE");
    answer.put("expires_in", tokenLifetime.getSeconds());
    return new Answer(200, json.toJson(answer));
  }

  private Answer createOrder(Map<String, Object> request) {
    Object intent = request.get("intent");
    if (!"CAPTURE".equals(intent) && !"AUTHORIZE".equals(intent)) {
      return error(
          400, "MISSING_REQUIRED_PARAMETER", "/intent", "intent must be CAPTURE or AUTHORIZE");
    }
    List<Object> units = asList(request.get("purchase_units"));
    if (units.size() != 1) {
      return error(400, "INVALID_ARRAY_LENGTH", "/purchase_units", "one purchase unit expected");
    }
    Map<String, Object> unit = asMap(units.get(0));
    Map<String, Object> amount = asMap(unit.get("amount"));
    Object currency = amount.get("currency_code");
    Object value = amount.get("value");
    Answer invalid = checkAmount(currency, value, "/purchase_units/0/amount");
    if (invalid != null) {
      return invalid;
    }
    String tooLong = PayPalSimulatorLimits.tooLong(unit);
    if (tooLong != null) {
      return error(
          400,
          "INVALID_STRING_LENGTH",
          "/purchase_units/0/" + tooLong,
          "The value of a field is either too short or too long.");
    }
    Map<String, Object> paypal = asMap(asMap(request.get("payment_source")).get("paypal"));
    String vaultId = (String) paypal.get("vault_id");
    if (VAULT_DECLINED.equals(vaultId)) {
      return error(
          422,
          "INSTRUMENT_DECLINED",
          null,
          "The instrument presented was either declined by the processor or bank, or it can't be"
              + " used for this payment.");
    }
    Order order = new Order();
    order.id = nextId("ORDER");
    order.intent = (String) intent;
    order.currency = (String) currency;
    order.value = new BigDecimal((String) value);
    order.vaultId = vaultId;
    order.referenceId = (String) unit.get("reference_id");
    order.customId = (String) unit.get("custom_id");
    order.description = (String) unit.get("description");
    order.softDescriptor = (String) unit.get("soft_descriptor");
    order.created = now();
    if (vaultId == null) {
      order.status = paypal.isEmpty() ? "CREATED" : "PAYER_ACTION_REQUIRED";
    } else if (VAULT_PAYER_ACTION.equals(vaultId)) {
      order.status = "PAYER_ACTION_REQUIRED";
    } else {
      order.status = "APPROVED";
      if (completeOnCreate) {
        complete(order);
      }
    }
    orders.put(order.id, order);
    return new Answer(201, json.toJson(orderJson(order)));
  }

  private Answer completeOrder(String orderId, String action) {
    Order order = orders.get(orderId);
    if (order == null) {
      return notFound();
    }
    boolean capture = action.equals("capture");
    if (!order.intent.equals(capture ? "CAPTURE" : "AUTHORIZE")) {
      return error(
          422, "ACTION_DOES_NOT_MATCH_INTENT", null, "The order's intent is " + order.intent + ".");
    }
    if (order.status.equals("COMPLETED")) {
      return error(
          422,
          capture ? "ORDER_ALREADY_CAPTURED" : "ORDER_ALREADY_AUTHORIZED",
          null,
          "The order was already " + (capture ? "captured." : "authorized."));
    }
    if (order.status.equals("PAYER_ACTION_REQUIRED") && VAULT_PAYER_ACTION.equals(order.vaultId)) {
      return error(422, "PAYER_ACTION_REQUIRED", null, "The payer must act first.");
    }
    if (!order.status.equals("APPROVED")) {
      return error(422, "ORDER_NOT_APPROVED", null, "The payer has not approved the order.");
    }
    complete(order);
    return new Answer(201, json.toJson(orderJson(order)));
  }

  private void complete(Order order) {
    boolean poor = VAULT_INSUFFICIENT_FUNDS.equals(order.vaultId);
    if (order.intent.equals("AUTHORIZE")) {
      Auth auth = new Auth();
      auth.id = nextId("AUTH");
      auth.status = poor ? "DENIED" : "CREATED";
      auth.value = order.value;
      auth.created = now();
      auth.order = order;
      order.authorization = auth;
      authorizations.put(auth.id, auth);
    } else {
      Cap cap = newCapture(order, order.value);
      if (poor) {
        cap.status = "DECLINED";
        cap.processorCode = "5120";
      }
    }
    order.status = "COMPLETED";
  }

  private Cap newCapture(Order order, BigDecimal value) {
    Cap cap = new Cap();
    cap.id = nextId("CAPTURE");
    cap.status = "COMPLETED";
    cap.value = value;
    cap.created = now();
    cap.order = order;
    order.captures.add(cap);
    captures.put(cap.id, cap);
    return cap;
  }

  private Answer captureAuthorization(String authorizationId, Map<String, Object> request) {
    Auth auth = authorizations.get(authorizationId);
    if (auth == null) {
      return notFound();
    }
    switch (auth.status) {
      case "CAPTURED":
        return error(
            422, "AUTHORIZATION_ALREADY_CAPTURED", null, "The authorization was already captured.");
      case "VOIDED":
        return error(422, "AUTHORIZATION_VOIDED", null, "The authorization was voided.");
      case "DENIED":
        return error(422, "AUTHORIZATION_DENIED", null, "The authorization was denied.");
      default:
        break;
    }
    BigDecimal rest = auth.value.subtract(auth.captured);
    BigDecimal value = rest;
    if (request.get("amount") != null) {
      Map<String, Object> amount = asMap(request.get("amount"));
      Answer invalid = checkAmount(amount.get("currency_code"), amount.get("value"), "/amount");
      if (invalid != null) {
        return invalid;
      }
      if (!auth.order.currency.equals(amount.get("currency_code"))) {
        return error(422, "CURRENCY_MISMATCH", "/amount/currency_code", "Currency mismatch.");
      }
      value = new BigDecimal((String) amount.get("value"));
      if (value.compareTo(rest) > 0) {
        return error(
            422,
            "CAPTURE_AMOUNT_EXCEEDS_AUTHORIZED_AMOUNT",
            "/amount/value",
            "The capture amount exceeds what remains authorized.");
      }
    }
    Cap cap = newCapture(auth.order, value);
    auth.captured = auth.captured.add(value);
    boolean fin = Boolean.TRUE.equals(request.get("final_capture"));
    auth.status =
        fin || auth.captured.compareTo(auth.value) == 0 ? "CAPTURED" : "PARTIALLY_CAPTURED";
    Map<String, Object> answer = captureJson(cap);
    answer.put("final_capture", fin);
    return new Answer(201, json.toJson(answer));
  }

  private Answer voidAuthorization(String authorizationId) {
    Auth auth = authorizations.get(authorizationId);
    if (auth == null) {
      return notFound();
    }
    switch (auth.status) {
      case "CAPTURED", "PARTIALLY_CAPTURED":
        return error(422, "PREVIOUSLY_CAPTURED", null, "The authorization was captured.");
      case "VOIDED":
        return error(422, "PREVIOUSLY_VOIDED", null, "The authorization was already voided.");
      case "DENIED":
        return error(422, "AUTHORIZATION_DENIED", null, "The authorization was denied.");
      default:
        break;
    }
    auth.status = "VOIDED";
    auth.order.status = "VOIDED";
    return new Answer(200, json.toJson(authorizationJson(auth)));
  }

  private Answer refund(String captureId, Map<String, Object> request) {
    Cap cap = captures.get(captureId);
    if (cap == null) {
      return notFound();
    }
    if (!List.of("COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED").contains(cap.status)) {
      return error(422, "CAPTURE_STATUS_NOT_VALID", null, "The capture cannot be refunded.");
    }
    BigDecimal rest = cap.value.subtract(cap.refunded);
    if (rest.signum() == 0) {
      return error(422, "CAPTURE_FULLY_REFUNDED", null, "The capture was already fully refunded.");
    }
    BigDecimal value = rest;
    if (request.get("amount") != null) {
      Map<String, Object> amount = asMap(request.get("amount"));
      Answer invalid = checkAmount(amount.get("currency_code"), amount.get("value"), "/amount");
      if (invalid != null) {
        return invalid;
      }
      if (!cap.order.currency.equals(amount.get("currency_code"))) {
        return error(
            422, "REFUND_CURRENCY_MISMATCH", "/amount/currency_code", "Currency mismatch.");
      }
      value = new BigDecimal((String) amount.get("value"));
      if (value.compareTo(rest) > 0) {
        return error(
            422,
            "REFUND_AMOUNT_EXCEEDED",
            "/amount/value",
            "The refund amount must be at most the capture amount not yet refunded.");
      }
    }
    Ref ref = new Ref(nextId("REFUND"), value, now());
    cap.refunds.add(ref);
    cap.refunded = cap.refunded.add(value);
    cap.status = cap.refunded.compareTo(cap.value) == 0 ? "REFUNDED" : "PARTIALLY_REFUNDED";
    return new Answer(201, json.toJson(refundJson(ref, cap.order)));
  }

  private Answer checkAmount(Object currency, Object value, String field) {
    if (!(currency instanceof String code) || !CURRENCIES.contains(code)) {
      return error(
          422, "CURRENCY_NOT_SUPPORTED", field + "/currency_code", "Currency code not supported.");
    }
    String pattern = NO_DECIMALS.contains(code) ? "[0-9]{1,32}" : "[0-9]{1,32}(\\.[0-9]{1,2})?";
    if (!(value instanceof String text) || !text.matches(pattern)) {
      return error(
          422,
          "DECIMAL_PRECISION",
          field + "/value",
          "If the currency supports decimals, only two decimal place precision is supported.");
    }
    if (PayPalSimulatorLimits.valueTooLong(text)) {
      return error(
          400,
          "INVALID_PARAMETER_SYNTAX",
          field + "/value",
          "The value of a field does not conform to the expected format.");
    }
    return null;
  }

  // --- JSON ---

  private Map<String, Object> orderJson(Order order) {
    Map<String, Object> payments = new LinkedHashMap<>();
    if (order.authorization != null) {
      payments.put("authorizations", List.of(authorizationJson(order.authorization)));
    }
    if (!order.captures.isEmpty()) {
      List<Object> caps = new ArrayList<>();
      List<Object> refunds = new ArrayList<>();
      for (Cap cap : order.captures) {
        caps.add(captureJson(cap));
        cap.refunds.forEach(r -> refunds.add(refundJson(r, order)));
      }
      payments.put("captures", caps);
      if (!refunds.isEmpty()) {
        payments.put("refunds", refunds);
      }
    }
    Map<String, Object> unit = new LinkedHashMap<>();
    unit.put("reference_id", order.referenceId == null ? "default" : order.referenceId);
    unit.put("amount", amount(order.currency, order.value));
    putIfSet(unit, "custom_id", order.customId);
    putIfSet(unit, "description", order.description);
    putIfSet(unit, "soft_descriptor", order.softDescriptor);
    if (!payments.isEmpty()) {
      unit.put("payments", payments);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", order.id);
    body.put("intent", order.intent);
    body.put("status", order.status);
    body.put("purchase_units", List.of(unit));
    body.put("create_time", order.created.toString());
    body.put("update_time", now().toString());
    List<Object> links = new ArrayList<>();
    links.add(link(baseUrlText() + "v2/checkout/orders/" + order.id, "self", "GET"));
    if (order.status.equals("PAYER_ACTION_REQUIRED")) {
      links.add(
          link(
              "https://www.sandbox.paypal.com/checkoutnow?token=" + order.id,
              "payer-action",
              "GET"));
    } else if (order.status.equals("CREATED")) {
      links.add(
          link("https://www.sandbox.paypal.com/checkoutnow?token=" + order.id, "approve", "GET"));
    }
    body.put("links", links);
    return body;
  }

  private Map<String, Object> authorizationJson(Auth auth) {
    Map<String, Object> body = ordered("id", auth.id, "status", auth.status);
    body.put("amount", amount(auth.order.currency, auth.value));
    body.put("create_time", auth.created.toString());
    body.put("expiration_time", auth.created.plus(Duration.ofDays(29)).toString());
    return body;
  }

  private Map<String, Object> captureJson(Cap cap) {
    Map<String, Object> body = ordered("id", cap.id, "status", cap.status);
    body.put("amount", amount(cap.order.currency, cap.value));
    body.put("create_time", cap.created.toString());
    if (cap.processorCode != null) {
      body.put("processor_response", ordered("response_code", cap.processorCode));
    }
    return body;
  }

  private Map<String, Object> refundJson(Ref ref, Order order) {
    Map<String, Object> body = ordered("id", ref.id(), "status", "COMPLETED");
    body.put("amount", amount(order.currency, ref.value()));
    body.put("create_time", ref.created().toString());
    return body;
  }

  private static Map<String, Object> amount(String currency, BigDecimal value) {
    int scale = NO_DECIMALS.contains(currency) ? 0 : 2;
    return ordered("currency_code", currency, "value", value.setScale(scale).toPlainString());
  }

  private static Map<String, Object> link(String href, String rel, String method) {
    return ordered("href", href, "rel", rel, "method", method);
  }

  private String baseUrlText() {
    try {
      return baseUrl().toString();
    } catch (IllegalStateException e) {
      // Dispatching for a server of the test's own: PayPal's own host is as good a self link.
      return "https://api-m.sandbox.paypal.com/";
    }
  }

  private Answer notFound() {
    return error(
        404,
        "INVALID_RESOURCE_ID",
        null,
        "Specified resource ID does not exist.",
        "RESOURCE_NOT_FOUND");
  }

  private Answer error(int status, String issue, String field, String description) {
    return error(
        status,
        issue,
        field,
        description,
        status == 400 ? "INVALID_REQUEST" : "UNPROCESSABLE_ENTITY");
  }

  private Answer error(int status, String issue, String field, String description, String name) {
    Map<String, Object> detail = new LinkedHashMap<>();
    putIfSet(detail, "field", field);
    detail.put("issue", issue);
    detail.put("description", description);
    Map<String, Object> body =
        ordered(
            "name", name,
            "message", "The requested action could not be performed.",
            "debug_id", "pending");
    body.put("details", List.of(detail));
    body.put("links", List.of());
    return new Answer(status, json.toJson(body));
  }

  private MockResponse.Builder respond(Answer answer) {
    String debugId = nextDebugId();
    return json(
        answer.code(),
        answer.json().replace("\"debug_id\":\"pending\"", "\"debug_id\":\"" + debugId + "\""),
        debugId);
  }

  private static MockResponse.Builder json(int code, String body, String debugId) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("Paypal-Debug-Id", debugId)
        .body(body);
  }

  private String nextDebugId() {
    return String.format("f%012x", ++sequence);
  }

  private String nextId(String kind) {
    return kind.charAt(0) + String.format("%016X", ++sequence);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static Map<String, Object> ordered(String... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }
}
