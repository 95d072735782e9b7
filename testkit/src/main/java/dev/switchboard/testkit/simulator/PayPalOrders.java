package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.PayPalSimulator.VAULT_DECLINED;
import static dev.switchboard.testkit.simulator.PayPalSimulator.VAULT_INSUFFICIENT_FUNDS;
import static dev.switchboard.testkit.simulator.PayPalSimulator.VAULT_PAYER_ACTION;
import static dev.switchboard.testkit.simulator.PayPalWire.asList;
import static dev.switchboard.testkit.simulator.PayPalWire.asMap;
import static dev.switchboard.testkit.simulator.PayPalWire.ordered;
import static dev.switchboard.testkit.simulator.PayPalWire.putIfSet;

import dev.switchboard.testkit.simulator.PayPalWire.Answer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PayPal's Orders v2 and Payments v2 endpoints and the orders, authorizations, captures and refunds
 * behind them: vault ids decide a charge ({@link PayPalSimulator#VAULT_DECLINED} and the others),
 * amounts are checked against PayPal's currencies and exponents, captures and refunds against what
 * is left. Authentication and {@code PayPal-Request-Id} replay happen before, in {@link
 * PayPalSimulator}.
 */
final class PayPalOrders {
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

  static final class Order {
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

  static final class Auth {
    String id;
    String status;
    BigDecimal value;
    BigDecimal captured = BigDecimal.ZERO;
    Instant created;
    Order order;
  }

  static final class Cap {
    String id;
    String status;
    BigDecimal value;
    BigDecimal refunded = BigDecimal.ZERO;
    String processorCode;
    Instant created;
    Order order;
    final List<Ref> refunds = new ArrayList<>();
  }

  record Ref(String id, BigDecimal value, Instant created) {}

  private final Clock clock;
  private final PayPalWire wire;
  private final Supplier<String> selfBase;
  private final Map<String, Order> orders = new HashMap<>();
  private final Map<String, Auth> authorizations = new HashMap<>();
  private final Map<String, Cap> captures = new HashMap<>();
  private boolean completeOnCreate = true;

  /**
   * Endpoints on {@code clock}, answering through {@code wire}, whose self links start with what
   * {@code selfBase} gives (the server's base URL, ending in {@code /}).
   */
  PayPalOrders(Clock clock, PayPalWire wire, Supplier<String> selfBase) {
    this.clock = clock;
    this.wire = wire;
    this.selfBase = selfBase;
  }

  void completeVaultOrdersOnCreate(boolean complete) {
    this.completeOnCreate = complete;
  }

  int count() {
    return orders.size();
  }

  /** The status of the order, or null if there is none. */
  String status(String orderId) {
    Order order = orders.get(orderId);
    return order == null ? null : order.status;
  }

  /** Approves an order as its buyer would. */
  void approve(String orderId) {
    Order order = orders.get(orderId);
    if (order == null
        || !(order.status.equals("CREATED") || order.status.equals("PAYER_ACTION_REQUIRED"))) {
      throw new IllegalStateException("no order " + orderId + " waits for its buyer");
    }
    order.status = "APPROVED";
  }

  /** Forgets every order, authorization, capture and refund; vault orders complete on create. */
  void clear() {
    orders.clear();
    authorizations.clear();
    captures.clear();
    completeOnCreate = true;
  }

  /** Answers an authenticated request to Orders v2 or Payments v2; 404 for any other path. */
  Answer route(String method, String path, String body) {
    Map<String, Object> request;
    try {
      request = body.isBlank() ? Map.of() : asMap(wire.fromJson(body));
    } catch (IOException | RuntimeException e) {
      return wire.error(
          400, "MALFORMED_REQUEST_JSON", null, "The request JSON is not well formed.");
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
      return order == null ? wire.notFound() : new Answer(200, wire.toJson(orderJson(order)));
    }
    if (method.equals("POST") && (m = AUTHORIZATION_ACTION.matcher(path)).matches()) {
      return m.group(2).equals("capture")
          ? captureAuthorization(m.group(1), request)
          : voidAuthorization(m.group(1));
    }
    if (method.equals("POST") && (m = CAPTURE_REFUND.matcher(path)).matches()) {
      return refund(m.group(1), request);
    }
    return wire.notFound();
  }

  private Answer createOrder(Map<String, Object> request) {
    Object intent = request.get("intent");
    if (!"CAPTURE".equals(intent) && !"AUTHORIZE".equals(intent)) {
      return wire.error(
          400, "MISSING_REQUIRED_PARAMETER", "/intent", "intent must be CAPTURE or AUTHORIZE");
    }
    List<Object> units = asList(request.get("purchase_units"));
    if (units.size() != 1) {
      return wire.error(
          400, "INVALID_ARRAY_LENGTH", "/purchase_units", "one purchase unit expected");
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
      return wire.error(
          400,
          "INVALID_STRING_LENGTH",
          "/purchase_units/0/" + tooLong,
          "The value of a field is either too short or too long.");
    }
    Map<String, Object> paypal = asMap(asMap(request.get("payment_source")).get("paypal"));
    String vaultId = (String) paypal.get("vault_id");
    if (VAULT_DECLINED.equals(vaultId)) {
      return wire.error(
          422,
          "INSTRUMENT_DECLINED",
          null,
          "The instrument presented was either declined by the processor or bank, or it can't be"
              + " used for this payment.");
    }
    Order order = new Order();
    order.id = wire.nextId("ORDER");
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
    return new Answer(201, wire.toJson(orderJson(order)));
  }

  private Answer completeOrder(String orderId, String action) {
    Order order = orders.get(orderId);
    if (order == null) {
      return wire.notFound();
    }
    boolean capture = action.equals("capture");
    if (!order.intent.equals(capture ? "CAPTURE" : "AUTHORIZE")) {
      return wire.error(
          422, "ACTION_DOES_NOT_MATCH_INTENT", null, "The order's intent is " + order.intent + ".");
    }
    if (order.status.equals("COMPLETED")) {
      return wire.error(
          422,
          capture ? "ORDER_ALREADY_CAPTURED" : "ORDER_ALREADY_AUTHORIZED",
          null,
          "The order was already " + (capture ? "captured." : "authorized."));
    }
    if (order.status.equals("PAYER_ACTION_REQUIRED") && VAULT_PAYER_ACTION.equals(order.vaultId)) {
      return wire.error(422, "PAYER_ACTION_REQUIRED", null, "The payer must act first.");
    }
    if (!order.status.equals("APPROVED")) {
      return wire.error(422, "ORDER_NOT_APPROVED", null, "The payer has not approved the order.");
    }
    complete(order);
    return new Answer(201, wire.toJson(orderJson(order)));
  }

  private void complete(Order order) {
    boolean poor = VAULT_INSUFFICIENT_FUNDS.equals(order.vaultId);
    if (order.intent.equals("AUTHORIZE")) {
      Auth auth = new Auth();
      auth.id = wire.nextId("AUTH");
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
    cap.id = wire.nextId("CAPTURE");
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
      return wire.notFound();
    }
    switch (auth.status) {
      case "CAPTURED":
        return wire.error(
            422, "AUTHORIZATION_ALREADY_CAPTURED", null, "The authorization was already captured.");
      case "VOIDED":
        return wire.error(422, "AUTHORIZATION_VOIDED", null, "The authorization was voided.");
      case "DENIED":
        return wire.error(422, "AUTHORIZATION_DENIED", null, "The authorization was denied.");
      default:
        break;
    }
    Part part =
        part(
            request,
            auth.value.subtract(auth.captured),
            auth.order.currency,
            "CURRENCY_MISMATCH",
            "CAPTURE_AMOUNT_EXCEEDS_AUTHORIZED_AMOUNT",
            "The capture amount exceeds what remains authorized.");
    if (part.refusal() != null) {
      return part.refusal();
    }
    BigDecimal value = part.value();
    Cap cap = newCapture(auth.order, value);
    auth.captured = auth.captured.add(value);
    boolean fin = Boolean.TRUE.equals(request.get("final_capture"));
    auth.status =
        fin || auth.captured.compareTo(auth.value) == 0 ? "CAPTURED" : "PARTIALLY_CAPTURED";
    Map<String, Object> answer = captureJson(cap);
    answer.put("final_capture", fin);
    return new Answer(201, wire.toJson(answer));
  }

  /** The amount a capture or refund takes, or the vendor's refusal of it. */
  private record Part(BigDecimal value, Answer refusal) {}

  /**
   * What a capture of an authorization or a refund of a capture takes: all that is left ({@code
   * rest}) when the request names no {@code amount}, else that amount, refused when it is
   * malformed, in another currency or more than is left.
   */
  private Part part(
      Map<String, Object> request,
      BigDecimal rest,
      String currency,
      String currencyMismatch,
      String exceeded,
      String exceededMessage) {
    if (request.get("amount") == null) {
      return new Part(rest, null);
    }
    Map<String, Object> amount = asMap(request.get("amount"));
    Answer invalid = checkAmount(amount.get("currency_code"), amount.get("value"), "/amount");
    if (invalid != null) {
      return new Part(null, invalid);
    }
    if (!currency.equals(amount.get("currency_code"))) {
      return new Part(
          null, wire.error(422, currencyMismatch, "/amount/currency_code", "Currency mismatch."));
    }
    BigDecimal value = new BigDecimal((String) amount.get("value"));
    if (value.compareTo(rest) > 0) {
      return new Part(null, wire.error(422, exceeded, "/amount/value", exceededMessage));
    }
    return new Part(value, null);
  }

  private Answer voidAuthorization(String authorizationId) {
    Auth auth = authorizations.get(authorizationId);
    if (auth == null) {
      return wire.notFound();
    }
    switch (auth.status) {
      case "CAPTURED", "PARTIALLY_CAPTURED":
        return wire.error(422, "PREVIOUSLY_CAPTURED", null, "The authorization was captured.");
      case "VOIDED":
        return wire.error(422, "PREVIOUSLY_VOIDED", null, "The authorization was already voided.");
      case "DENIED":
        return wire.error(422, "AUTHORIZATION_DENIED", null, "The authorization was denied.");
      default:
        break;
    }
    auth.status = "VOIDED";
    auth.order.status = "VOIDED";
    return new Answer(200, wire.toJson(authorizationJson(auth)));
  }

  private Answer refund(String captureId, Map<String, Object> request) {
    Cap cap = captures.get(captureId);
    if (cap == null) {
      return wire.notFound();
    }
    if (!List.of("COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED").contains(cap.status)) {
      return wire.error(422, "CAPTURE_STATUS_NOT_VALID", null, "The capture cannot be refunded.");
    }
    BigDecimal rest = cap.value.subtract(cap.refunded);
    if (rest.signum() == 0) {
      return wire.error(
          422, "CAPTURE_FULLY_REFUNDED", null, "The capture was already fully refunded.");
    }
    Part part =
        part(
            request,
            rest,
            cap.order.currency,
            "REFUND_CURRENCY_MISMATCH",
            "REFUND_AMOUNT_EXCEEDED",
            "The refund amount must be at most the capture amount not yet refunded.");
    if (part.refusal() != null) {
      return part.refusal();
    }
    BigDecimal value = part.value();
    Ref ref = new Ref(wire.nextId("REFUND"), value, now());
    cap.refunds.add(ref);
    cap.refunded = cap.refunded.add(value);
    cap.status = cap.refunded.compareTo(cap.value) == 0 ? "REFUNDED" : "PARTIALLY_REFUNDED";
    return new Answer(201, wire.toJson(refundJson(ref, cap.order)));
  }

  private Answer checkAmount(Object currency, Object value, String field) {
    if (!(currency instanceof String code) || !CURRENCIES.contains(code)) {
      return wire.error(
          422, "CURRENCY_NOT_SUPPORTED", field + "/currency_code", "Currency code not supported.");
    }
    String pattern = NO_DECIMALS.contains(code) ? "[0-9]{1,32}" : "[0-9]{1,32}(\\.[0-9]{1,2})?";
    if (!(value instanceof String text) || !text.matches(pattern)) {
      return wire.error(
          422,
          "DECIMAL_PRECISION",
          field + "/value",
          "If the currency supports decimals, only two decimal place precision is supported.");
    }
    if (PayPalSimulatorLimits.valueTooLong(text)) {
      return wire.error(
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
    links.add(link(selfBase.get() + "v2/checkout/orders/" + order.id, "self", "GET"));
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

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
