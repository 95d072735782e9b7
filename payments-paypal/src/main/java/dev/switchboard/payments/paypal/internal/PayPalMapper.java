package dev.switchboard.payments.paypal.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundStatus;
import dev.switchboard.payments.paypal.PayPalLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one place PayPal's vocabulary meets the SDK's: charge requests become order bodies, orders
 * become {@link Payment}s, refunds become {@link Refund}s, and PayPal's error bodies become the
 * taxonomy. A success body missing what a payment needs (an id, a status, an amount, a creation
 * time) is reported as Moshi's {@link JsonDataException}, which the executor turns into an
 * "unparseable success body"; statuses PayPal adds later are tolerated.
 */
final class PayPalMapper implements ErrorMapper {
  /** PayPal's currencies (its "Currency codes" reference). */
  static final Set<String> CURRENCIES =
      Set.of(
          "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR", "MXN",
          "TWD", "NZD", "NOK", "PHP", "PLN", "GBP", "RUB", "SGD", "SEK", "CHF", "THB", "USD");

  /** The currencies PayPal takes without decimals; HUF and TWD differ from ISO 4217 here. */
  static final Set<String> NO_DECIMALS = Set.of("HUF", "JPY", "TWD");

  /** The 422 issue that means the buyer must act before the order can be completed. */
  static final String PAYER_ACTION_REQUIRED = "PAYER_ACTION_REQUIRED";

  private static final Map<String, FailureCode> DECLINE_ISSUES =
      Map.ofEntries(
          Map.entry("INSTRUMENT_DECLINED", FailureCode.CARD_DECLINED),
          Map.entry("TRANSACTION_REFUSED", FailureCode.CARD_DECLINED),
          Map.entry("PAYER_ACCOUNT_RESTRICTED", FailureCode.CARD_DECLINED),
          Map.entry("PAYER_ACCOUNT_LOCKED_OR_CLOSED", FailureCode.CARD_DECLINED),
          Map.entry("REDIRECT_PAYER_FOR_ALTERNATE_FUNDING", FailureCode.CARD_DECLINED),
          Map.entry("CARD_EXPIRED", FailureCode.EXPIRED_CARD),
          Map.entry("PAYER_CANNOT_PAY", FailureCode.INSTRUMENT_NOT_SUPPORTED),
          Map.entry("AGREEMENT_ALREADY_CANCELLED", FailureCode.INSTRUMENT_NOT_SUPPORTED),
          Map.entry("PAYEE_BLOCKED_TRANSACTION", FailureCode.FRAUD_SUSPECTED),
          Map.entry("COMPLIANCE_VIOLATION", FailureCode.FRAUD_SUSPECTED),
          Map.entry("TRANSACTION_LIMIT_EXCEEDED", FailureCode.LIMIT_EXCEEDED),
          Map.entry("TRANSACTION_RECEIVING_LIMIT_EXCEEDED", FailureCode.LIMIT_EXCEEDED),
          Map.entry("MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED", FailureCode.LIMIT_EXCEEDED),
          Map.entry(PAYER_ACTION_REQUIRED, FailureCode.AUTHENTICATION_REQUIRED));

  private static final Map<String, FailureCode> PROCESSOR_CODES =
      Map.of(
          "0500", FailureCode.CARD_DECLINED,
          "5120", FailureCode.INSUFFICIENT_FUNDS,
          "5400", FailureCode.EXPIRED_CARD,
          "00N7", FailureCode.INCORRECT_CVC,
          "9500", FailureCode.FRAUD_SUSPECTED);

  private static final Set<String> CONFLICT_ISSUES =
      Set.of("DUPLICATE_INVOICE_ID", "PAYPAL_REQUEST_ID_PREVIOUSLY_USED", "DUPLICATE_REQUEST_ID");

  private final String provider;
  private final JsonAdapter<PayPalJson.Error> errors;
  private final JsonAdapter<Map<String, String>> metadata;
  private final ErrorMapper fallback;

  PayPalMapper(String provider, Moshi moshi, ErrorMapper fallback) {
    this.provider = provider;
    this.errors = moshi.adapter(PayPalJson.Error.class);
    this.metadata =
        moshi.adapter(Types.newParameterizedType(Map.class, String.class, String.class));
    this.fallback = fallback;
  }

  // --- requests ---

  /** Whether PayPal takes the currency at all. */
  static boolean supportsCurrency(Currency currency) {
    return CURRENCIES.contains(currency.getCurrencyCode());
  }

  /**
   * The amount as PayPal writes it: two decimals, or none for {@link #NO_DECIMALS}.
   *
   * @throws InvalidRequestException (field {@code amount}) for a currency PayPal does not take, or
   *     a fraction of a currency it takes in whole units only
   */
  static PayPalJson.Amount toAmount(Money money) {
    String code = money.currency().getCurrencyCode();
    if (!CURRENCIES.contains(code)) {
      throw InvalidRequestException.invalidField(
          "amount",
          "PayPal does not take "
              + code
              + "; it takes "
              + CURRENCIES.size()
              + " currencies, see its currency codes");
    }
    BigDecimal value = money.toDecimal();
    if (NO_DECIMALS.contains(code)) {
      if (value.stripTrailingZeros().scale() > 0) {
        throw InvalidRequestException.invalidField(
            "amount", "PayPal takes " + code + " in whole units only, got " + money);
      }
      return new PayPalJson.Amount(
          code, value.setScale(0, RoundingMode.UNNECESSARY).toPlainString());
    }
    return new PayPalJson.Amount(code, value.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
  }

  /** The body of {@code POST /v2/checkout/orders} for a charge, by vault id or buyer approval. */
  PayPalJson.OrderRequest toOrderRequest(ChargeRequest request, String vaultId) {
    PayPalJson.PayPalWallet wallet;
    if (request.source().kind() == PaymentSource.Kind.APPROVAL) {
      wallet =
          new PayPalJson.PayPalWallet(
              null,
              new PayPalJson.ExperienceContext(
                  request.source().returnUrl().orElseThrow().toString(),
                  request.source().cancelUrl().orElseThrow().toString(),
                  "PAY_NOW"));
    } else {
      wallet = new PayPalJson.PayPalWallet(vaultId, null);
    }
    PayPalJson.PurchaseUnitRequest unit =
        new PayPalJson.PurchaseUnitRequest(
            request.customerReference().orElse(null),
            toAmount(request.amount()),
            request.description().orElse(null),
            PayPalLimits.customId(request.metadata()),
            request.statementDescriptor().orElse(null));
    return new PayPalJson.OrderRequest(
        request.captureMode() == CaptureMode.MANUAL ? "AUTHORIZE" : "CAPTURE",
        List.of(unit),
        new PayPalJson.PaymentSource(wallet));
  }

  // --- answers ---

  /** The order's first purchase unit, which this adapter always creates alone. */
  static PayPalJson.PurchaseUnit unit(PayPalJson.Order order) {
    if (order.purchase_units() == null || order.purchase_units().isEmpty()) {
      throw new JsonDataException("order " + order.id() + " has no purchase_units");
    }
    return order.purchase_units().get(0);
  }

  static List<PayPalJson.Authorization> authorizations(PayPalJson.Order order) {
    PayPalJson.Payments payments = unit(order).payments();
    return payments == null || payments.authorizations() == null
        ? List.of()
        : payments.authorizations();
  }

  static List<PayPalJson.Capture> captures(PayPalJson.Order order) {
    PayPalJson.Payments payments = unit(order).payments();
    return payments == null || payments.captures() == null ? List.of() : payments.captures();
  }

  static List<PayPalJson.RefundResource> refunds(PayPalJson.Order order) {
    PayPalJson.Payments payments = unit(order).payments();
    return payments == null || payments.refunds() == null ? List.of() : payments.refunds();
  }

  /** The link the buyer must follow: {@code payer-action}, or the older {@code approve}. */
  static Optional<URI> buyerLink(List<PayPalJson.Link> links) {
    if (links == null) {
      return Optional.empty();
    }
    for (String rel : List.of("payer-action", "approve")) {
      for (PayPalJson.Link link : links) {
        if (link != null && rel.equals(link.rel()) && link.href() != null) {
          try {
            return Optional.of(URI.create(link.href()));
          } catch (IllegalArgumentException e) {
            throw new JsonDataException("link " + rel + " is not a URL");
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The order as a payment. */
  Payment toPayment(PayPalJson.Order order, String debugId) {
    if (order.id() == null || order.status() == null) {
      throw new JsonDataException("an order needs id and status");
    }
    PayPalJson.PurchaseUnit unit = unit(order);
    Money amount = toMoney(unit.amount(), "purchase_units[0].amount");
    Money zero = Money.zero(amount.currency());
    Money captured = zero;
    boolean capturePending = false;
    PayPalJson.Capture declined = null;
    for (PayPalJson.Capture capture : captures(order)) {
      String status = Objects.requireNonNullElse(capture.status(), "");
      switch (status) {
        case "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED" ->
            captured = captured.plus(toMoney(capture.amount(), "capture.amount"));
        case "PENDING" -> capturePending = true;
        case "DECLINED", "FAILED" -> declined = capture;
        default -> capturePending = true;
      }
    }
    Money refunded = zero;
    for (PayPalJson.RefundResource refund : refunds(order)) {
      String status = Objects.requireNonNullElse(refund.status(), "");
      if (status.equals("COMPLETED") || status.equals("PENDING")) {
        refunded = refunded.plus(toMoney(refund.amount(), "refund.amount"));
      }
    }
    PaymentStatus status;
    PaymentFailure failure = null;
    URI next = null;
    if (captured.isGreaterThan(zero)) {
      status = PaymentStatus.SUCCEEDED;
    } else if (capturePending) {
      status = PaymentStatus.PENDING;
    } else if (declined != null) {
      status = PaymentStatus.FAILED;
      failure = failureOf(declined);
    } else {
      status = fromAuthorizationsOrOrder(order);
      if (status == PaymentStatus.FAILED) {
        failure = new PaymentFailure(FailureCode.CARD_DECLINED, "DENIED", "authorization denied");
      } else if (status == PaymentStatus.REQUIRES_ACTION) {
        next = buyerLink(order.links()).orElse(null);
      }
    }
    if (refunded.isGreaterThan(captured)) {
      throw new JsonDataException("order " + order.id() + " refunded more than it captured");
    }
    return Payment.builder()
        .id(PaymentId.of(provider, order.id()))
        .status(status)
        .amount(amount)
        .captured(captured)
        .refunded(refunded)
        .failure(failure)
        .nextActionUrl(next)
        .created(instant(order.create_time(), "create_time"))
        .metadata(metadataOf(unit.custom_id()))
        .captureMode(
            "AUTHORIZE".equals(order.intent()) ? CaptureMode.MANUAL : CaptureMode.AUTOMATIC)
        .vendorRequestId(debugId)
        .build();
  }

  private static PaymentStatus fromAuthorizationsOrOrder(PayPalJson.Order order) {
    for (PayPalJson.Authorization authorization : authorizations(order)) {
      String status = Objects.requireNonNullElse(authorization.status(), "");
      switch (status) {
        case "CREATED":
          return PaymentStatus.AUTHORIZED;
        case "VOIDED", "EXPIRED":
          return PaymentStatus.CANCELED;
        case "DENIED":
          return PaymentStatus.FAILED;
        default:
          return PaymentStatus.PENDING;
      }
    }
    return switch (order.status()) {
      case "CREATED", "SAVED", "PAYER_ACTION_REQUIRED" -> PaymentStatus.REQUIRES_ACTION;
      // The buyer approved: capture() completes the order.
      case "APPROVED" -> PaymentStatus.AUTHORIZED;
      case "VOIDED" -> PaymentStatus.CANCELED;
      default -> PaymentStatus.PENDING;
    };
  }

  /** Why a capture was declined, from the card processor's code when there is one. */
  static PaymentFailure failureOf(PayPalJson.Capture capture) {
    String processor =
        capture.processor_response() == null ? null : capture.processor_response().response_code();
    if (processor != null) {
      return new PaymentFailure(
          PROCESSOR_CODES.getOrDefault(processor, FailureCode.CARD_DECLINED),
          processor,
          "capture " + capture.status());
    }
    String reason = capture.status_details() == null ? null : capture.status_details().reason();
    return new PaymentFailure(
        FailureCode.CARD_DECLINED,
        reason == null ? capture.status() : reason,
        "capture " + capture.status());
  }

  /** The refund as the SDK's model. */
  Refund toRefund(PayPalJson.RefundResource refund, PaymentId paymentId, String debugId) {
    if (refund.id() == null || refund.status() == null) {
      throw new JsonDataException("a refund needs id and status");
    }
    RefundStatus status =
        switch (refund.status()) {
          case "COMPLETED" -> RefundStatus.SUCCEEDED;
          case "FAILED" -> RefundStatus.FAILED;
          case "CANCELLED" -> RefundStatus.CANCELED;
          default -> RefundStatus.PENDING;
        };
    return Refund.builder()
        .id(refund.id())
        .paymentId(paymentId)
        .amount(toMoney(refund.amount(), "refund.amount"))
        .status(status)
        .created(instant(refund.create_time(), "create_time"))
        .vendorRequestId(debugId)
        .build();
  }

  static Money toMoney(PayPalJson.Amount amount, String field) {
    if (amount == null || amount.currency_code() == null || amount.value() == null) {
      throw new JsonDataException(field + " needs currency_code and value");
    }
    try {
      return Money.of(amount.value(), amount.currency_code());
    } catch (InvalidRequestException e) {
      // PayPal's answer, not the caller's request, is what is wrong here.
      throw new JsonDataException(field + " is not an amount: " + e.reason());
    }
  }

  private static Instant instant(String value, String field) {
    if (value == null) {
      throw new JsonDataException(field + " is missing");
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new JsonDataException(field + " is not a date-time: " + value);
    }
  }

  private Map<String, String> metadataOf(String customId) {
    if (customId == null || !customId.startsWith("{")) {
      return Map.of();
    }
    try {
      Map<String, String> values = metadata.fromJson(customId);
      return values == null ? Map.of() : values;
    } catch (IOException | JsonDataException e) {
      // A custom_id someone else set (in PayPal's dashboard, say): not this SDK's metadata.
      return Map.of();
    }
  }

  // --- errors ---

  @Override
  public SwitchboardException map(HttpFailure failure) {
    PayPalJson.Error error = parse(failure.body());
    ErrorContext.Builder context = failure.context().toBuilder();
    if (error != null
        && failure.context().vendorRequestId().isEmpty()
        && error.debug_id() != null) {
      context.vendorRequestId(error.debug_id());
    }
    PayPalJson.ErrorDetail detail = firstDetail(error);
    String issue = detail == null ? null : detail.issue();
    String code =
        issue != null ? issue : error == null ? null : firstNonNull(error.name(), error.error());
    context.vendorCode(code);
    String message = describe(failure, error, detail);
    int status = failure.status();
    if (status == 401) {
      return new AuthenticationException(
          "HTTP 401: PayPal rejected the access token twice" + message, context.build());
    }
    if (issue != null && DECLINE_ISSUES.containsKey(issue)) {
      return new PaymentDeclinedException(
          context.build(),
          new PaymentFailure(DECLINE_ISSUES.get(issue), issue, detail.description()));
    }
    if (issue != null && CONFLICT_ISSUES.contains(issue)) {
      return new ConflictException(
          "HTTP " + status + ": " + issue + message, context.build(), detail.field(), null);
    }
    if ((status == 400 || status == 422) && error != null) {
      return new InvalidRequestException(
          "HTTP " + status + ": " + Objects.requireNonNullElse(code, "rejected") + message,
          context.build(),
          detail == null || detail.field() == null ? null : detail.field(),
          null);
    }
    return fallback.map(rebuilt(failure, context.build()));
  }

  private static HttpFailure rebuilt(HttpFailure failure, ErrorContext context) {
    return HttpFailure.builder()
        .status(failure.status())
        .headers(failure.headers())
        .body(failure.body())
        .bodyTruncated(failure.bodyTruncated())
        .requestId(failure.requestId().orElse(null))
        .context(context)
        .build();
  }

  private static String describe(
      HttpFailure failure, PayPalJson.Error error, PayPalJson.ErrorDetail detail) {
    StringBuilder s = new StringBuilder();
    if (detail != null && detail.description() != null) {
      s.append(" (").append(detail.description()).append(')');
    } else if (error != null && error.message() != null) {
      s.append(" (").append(error.message()).append(')');
    }
    if (detail != null && detail.field() != null) {
      s.append(" at ").append(detail.field());
    }
    return s.append(failure.requestIdSuffix()).toString();
  }

  private static PayPalJson.ErrorDetail firstDetail(PayPalJson.Error error) {
    if (error == null || error.details() == null) {
      return null;
    }
    return error.details().stream().filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private PayPalJson.Error parse(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      return errors.fromJson(body);
    } catch (IOException | JsonDataException e) {
      // Not PayPal's error format (a proxy's HTML page, say): the status alone decides.
      return null;
    }
  }
}
