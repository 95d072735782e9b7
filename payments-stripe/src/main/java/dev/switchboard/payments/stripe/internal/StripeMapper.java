package dev.switchboard.payments.stripe.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.Redaction;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.http.VendorTimes;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundReason;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.payments.RefundStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The one place Stripe's vocabulary meets the SDK's: requests become Stripe's form fields, Stripe's
 * PaymentIntents and Refunds become {@link Payment} and {@link Refund}, and Stripe's errors become
 * the taxonomy. Webhook events have their own mapper, {@link StripeEventMapper}.
 *
 * <p>A success body that lacks a field the model needs, or holds an impossible value, is reported
 * as Moshi's {@link JsonDataException}, which the {@code HttpExecutor} turns into an "unparseable
 * success body" {@code OutcomeUnknownException}: Stripe answered 2xx, so the call may have acted.
 * Statuses and enum values Stripe adds later are tolerated (see {@link #status}).
 */
public final class StripeMapper implements ErrorMapper {
  /** The key under which a charge's {@code customerReference} is kept in Stripe's metadata. */
  public static final String CUSTOMER_REFERENCE_KEY = "customer_reference";

  private static final Set<String> CANCELLATION_REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

  private static final Map<String, FailureCode> FAILURE_CODES = failureCodes();

  /**
   * The ids in Stripe's messages that stand for a customer's card or bank account (PaymentMethods,
   * tokens, sources, cards, bank accounts, SetupIntents) and any client secret. Only an id with a
   * digit is taken, so that error codes such as {@code card_declined} are left alone.
   */
  private static final Pattern TOKEN_IDS =
      Pattern.compile(
          "\\b(?:(?:pm|tok|btok|src|card|ba|seti)_(?=[A-Za-z0-9_]*\\d)[A-Za-z0-9_]+"
              + "|[A-Za-z0-9]+_[A-Za-z0-9_]*_secret_[A-Za-z0-9_]+)");

  private final String provider;
  private final String returnUrl;
  private final Clock clock;
  private final JsonAdapter<StripeJson.ErrorEnvelope> errors;
  private final ErrorMapper fallback;

  StripeMapper(
      String provider,
      String returnUrl,
      Clock clock,
      JsonAdapter<StripeJson.ErrorEnvelope> errors,
      ErrorMapper fallback) {
    this.provider = provider;
    this.returnUrl = returnUrl;
    this.clock = clock;
    this.errors = errors;
    this.fallback = fallback;
  }

  private static Map<String, FailureCode> failureCodes() {
    Map<String, FailureCode> codes = new HashMap<>();
    for (String code :
        new String[] {
          "card_declined",
          "generic_decline",
          "do_not_honor",
          "call_issuer",
          "do_not_try_again",
          "no_action_taken",
          "not_permitted",
          "restricted_card",
          "revocation_of_authorization",
          "revocation_of_all_authorizations",
          "security_violation",
          "service_not_allowed",
          "stop_payment_order",
          "transaction_not_allowed",
          "new_account_information_available",
          "invalid_account",
          "approve_with_id"
        }) {
      codes.put(code, FailureCode.CARD_DECLINED);
    }
    codes.put("insufficient_funds", FailureCode.INSUFFICIENT_FUNDS);
    codes.put("expired_card", FailureCode.EXPIRED_CARD);
    codes.put("incorrect_cvc", FailureCode.INCORRECT_CVC);
    codes.put("invalid_cvc", FailureCode.INCORRECT_CVC);
    codes.put("incorrect_number", FailureCode.INCORRECT_NUMBER);
    codes.put("invalid_number", FailureCode.INCORRECT_NUMBER);
    codes.put("lost_card", FailureCode.LOST_OR_STOLEN);
    codes.put("stolen_card", FailureCode.LOST_OR_STOLEN);
    codes.put("pickup_card", FailureCode.LOST_OR_STOLEN);
    codes.put("fraudulent", FailureCode.FRAUD_SUSPECTED);
    codes.put("merchant_blacklist", FailureCode.FRAUD_SUSPECTED);
    codes.put("card_velocity_exceeded", FailureCode.LIMIT_EXCEEDED);
    codes.put("withdrawal_count_limit_exceeded", FailureCode.LIMIT_EXCEEDED);
    codes.put("authentication_required", FailureCode.AUTHENTICATION_REQUIRED);
    codes.put("payment_intent_authentication_failure", FailureCode.AUTHENTICATION_REQUIRED);
    codes.put("card_not_supported", FailureCode.INSTRUMENT_NOT_SUPPORTED);
    codes.put("currency_not_supported", FailureCode.INSTRUMENT_NOT_SUPPORTED);
    codes.put("processing_error", FailureCode.PROCESSING_ERROR);
    codes.put("issuer_not_available", FailureCode.PROCESSING_ERROR);
    codes.put("try_again_later", FailureCode.PROCESSING_ERROR);
    codes.put("reenter_transaction", FailureCode.PROCESSING_ERROR);
    return Map.copyOf(codes);
  }

  // --- requests ---

  /**
   * The form of {@code POST /v1/payment_intents}: a confirmed PaymentIntent for the token.
   *
   * @throws InvalidRequestException if Stripe cannot take the amount, a metadata key, or the
   *     customer reference
   */
  public StripeForm chargeForm(ChargeRequest request, String paymentMethod) {
    StripeForm form =
        StripeForm.create()
            .add("amount", Long.toString(StripeAmounts.toStripe(request.amount(), "amount")))
            .add("currency", request.amount().currency().getCurrencyCode().toLowerCase(Locale.ROOT))
            .add("payment_method", paymentMethod)
            .add("confirm", "true")
            .add(
                "capture_method",
                request.captureMode() == CaptureMode.MANUAL ? "manual" : "automatic");
    if (returnUrl != null) {
      form.add("return_url", returnUrl);
    } else {
      // Confirming on the server without a return URL is allowed only for methods that never
      // redirect; 3-D Secure then asks for Stripe's SDK (next_action use_stripe_sdk).
      form.add("automatic_payment_methods[enabled]", "true");
      form.add("automatic_payment_methods[allow_redirects]", "never");
    }
    request.description().ifPresent(d -> form.add("description", d));
    request.statementDescriptor().ifPresent(d -> form.add("statement_descriptor_suffix", d));
    putMetadata(request.metadata(), form::add);
    request
        .customerReference()
        .ifPresent(
            reference -> {
              String given = request.metadata().get(CUSTOMER_REFERENCE_KEY);
              if (given != null && !given.equals(reference)) {
                throw InvalidRequestException.invalidField(
                    "customerReference",
                    "the customer reference is sent as metadata["
                        + CUSTOMER_REFERENCE_KEY
                        + "], which the metadata already holds with another value");
              }
              if (given == null) {
                form.add("metadata[" + CUSTOMER_REFERENCE_KEY + "]", reference);
              }
            });
    return form.add("expand[0]", "latest_charge");
  }

  /** The form of {@code POST /v1/payment_intents/{id}/capture}. */
  public Map<String, String> captureForm(CaptureRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    request
        .amount()
        .ifPresent(
            amount ->
                form.put(
                    "amount_to_capture", Long.toString(StripeAmounts.toStripe(amount, "amount"))));
    form.put("expand[0]", "latest_charge");
    return form;
  }

  /**
   * The form of {@code POST /v1/payment_intents/{id}/cancel}. Stripe records only a reason from its
   * own list ({@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, {@code
   * abandoned}); any other free-text reason is not sent.
   */
  public Map<String, String> cancelForm(CancelRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    request
        .reason()
        .map(r -> r.trim().toLowerCase(Locale.ROOT))
        .filter(CANCELLATION_REASONS::contains)
        .ifPresent(r -> form.put("cancellation_reason", r));
    form.put("expand[0]", "latest_charge");
    return form;
  }

  /** The form of {@code POST /v1/refunds}; without an amount Stripe refunds all that is left. */
  public Map<String, String> refundForm(RefundRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("payment_intent", request.paymentId().value());
    request
        .amount()
        .ifPresent(a -> form.put("amount", Long.toString(StripeAmounts.toStripe(a, "amount"))));
    request.reason().ifPresent(r -> form.put("reason", r.name().toLowerCase(Locale.ROOT)));
    putMetadata(request.metadata(), form::put);
    return form;
  }

  /** Hands each metadata entry to {@code field} as {@code metadata[key]}. */
  private static void putMetadata(Map<String, String> metadata, BiConsumer<String, String> field) {
    metadata.forEach(
        (key, value) -> {
          if (key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
            throw InvalidRequestException.invalidField(
                "metadata", "Stripe metadata keys cannot contain '[' or ']': " + key);
          }
          field.accept("metadata[" + key + "]", value);
        });
  }

  // --- responses ---

  /**
   * The payment a PaymentIntent describes.
   *
   * @param vendorRequestId the answer's {@code Request-Id}, or null
   * @throws JsonDataException if a field the payment needs is missing or inconsistent
   */
  public Payment toPayment(StripeJson.PaymentIntent intent, String vendorRequestId) {
    if (intent.id() == null || intent.id().isBlank()) {
      throw new JsonDataException("a payment_intent needs an id");
    }
    String id = intent.id();
    Long amount = require(intent.amount(), id, "amount");
    String currency = require(intent.currency(), id, "currency");
    String status = require(intent.status(), id, "status");
    Long created = require(intent.created(), id, "created");
    PaymentStatus mapped = status(status);
    try {
      Money total = StripeAmounts.fromStripe(amount, currency);
      Money captured =
          StripeAmounts.fromStripe(
              intent.amountReceived() == null ? 0 : intent.amountReceived(), currency);
      Money refunded = StripeAmounts.fromStripe(amountRefunded(intent), currency);
      return Payment.builder()
          .id(PaymentId.of(provider, id))
          .status(mapped)
          .amount(total)
          .captured(captured)
          .refunded(refunded)
          .nextActionUrl(mapped == PaymentStatus.REQUIRES_ACTION ? nextActionUrl(intent) : null)
          .failure(mapped == PaymentStatus.FAILED ? failure(intent.lastPaymentError()) : null)
          .created(VendorTimes.epochSeconds(() -> "payment_intent " + id + " created", created))
          .metadata(intent.metadata() == null ? Map.of() : intent.metadata())
          .captureMode(
              "manual".equals(intent.captureMethod()) ? CaptureMode.MANUAL : CaptureMode.AUTOMATIC)
          .vendorRequestId(vendorRequestId)
          .build();
    } catch (InvalidRequestException e) {
      // Stripe's answer, not the caller's request, is what is wrong here.
      throw new JsonDataException("payment_intent " + id + " is inconsistent: " + e.reason());
    }
  }

  /**
   * The refund Stripe created.
   *
   * @throws JsonDataException if a field the refund needs is missing or inconsistent
   */
  public Refund toRefund(StripeJson.Refund refund, String vendorRequestId) {
    if (refund.id() == null || refund.id().isBlank()) {
      throw new JsonDataException("a refund needs an id");
    }
    String id = refund.id();
    Long amount = require(refund.amount(), id, "amount");
    String currency = require(refund.currency(), id, "currency");
    String paymentIntent = require(refund.paymentIntent(), id, "payment_intent");
    Long created = require(refund.created(), id, "created");
    try {
      return Refund.builder()
          .id(id)
          .paymentId(PaymentId.of(provider, paymentIntent))
          .amount(StripeAmounts.fromStripe(amount, currency))
          .status(refundStatus(refund.status()))
          .created(VendorTimes.epochSeconds(() -> "refund " + id + " created", created))
          .reason(refundReason(refund.reason()))
          .metadata(refund.metadata() == null ? Map.of() : refund.metadata())
          .vendorRequestId(vendorRequestId)
          .build();
    } catch (InvalidRequestException e) {
      throw new JsonDataException("refund " + id + " is inconsistent: " + e.reason());
    }
  }

  private static <T> T require(T value, String id, String field) {
    if (value == null) {
      throw new JsonDataException("Stripe object " + id + " has no " + field);
    }
    return value;
  }

  private static long amountRefunded(StripeJson.PaymentIntent intent) {
    StripeJson.ExpandableCharge latest = intent.latestCharge();
    if (latest == null || latest.charge() == null || latest.charge().amountRefunded() == null) {
      return 0;
    }
    return latest.charge().amountRefunded();
  }

  /**
   * A PaymentIntent status in neutral terms. {@code requires_payment_method} is where Stripe leaves
   * a PaymentIntent whose confirmation failed (a decline, a failed authentication): {@code FAILED}.
   * A status Stripe adds later is read as {@code PENDING}: the outcome is not known yet, so the
   * caller polls {@code get} or waits for a webhook rather than acting on a guess.
   */
  static PaymentStatus status(String status) {
    switch (status) {
      case "succeeded":
        return PaymentStatus.SUCCEEDED;
      case "requires_capture":
        return PaymentStatus.AUTHORIZED;
      case "requires_action":
      case "requires_confirmation":
        return PaymentStatus.REQUIRES_ACTION;
      case "processing":
        return PaymentStatus.PENDING;
      case "canceled":
        return PaymentStatus.CANCELED;
      case "requires_payment_method":
        return PaymentStatus.FAILED;
      default:
        return PaymentStatus.PENDING;
    }
  }

  private static URI nextActionUrl(StripeJson.PaymentIntent intent) {
    StripeJson.NextAction action = intent.nextAction();
    if (action == null
        || !"redirect_to_url".equals(action.type())
        || action.redirectToUrl() == null
        || action.redirectToUrl().url() == null) {
      // use_stripe_sdk and the like: the buyer acts through Stripe.js, there is no URL to visit.
      return null;
    }
    try {
      URI url = new URI(action.redirectToUrl().url());
      if (!url.isAbsolute() || url.getHost() == null) {
        throw new JsonDataException("next_action.redirect_to_url.url is not absolute: " + url);
      }
      return url;
    } catch (URISyntaxException e) {
      throw new JsonDataException("next_action.redirect_to_url.url is not a URL", e);
    }
  }

  private static PaymentFailure failure(StripeJson.PaymentError error) {
    if (error == null) {
      return new PaymentFailure(
          FailureCode.OTHER, "requires_payment_method", "the payment has no usable payment method");
    }
    return new PaymentFailure(
        failureCode(error.declineCode(), error.code()), vendorCode(error), message(error));
  }

  /** The neutral code for Stripe's {@code decline_code}, else its {@code code}, else OTHER. */
  static FailureCode failureCode(String declineCode, String code) {
    if (declineCode != null && FAILURE_CODES.containsKey(declineCode)) {
      return FAILURE_CODES.get(declineCode);
    }
    if (code != null && FAILURE_CODES.containsKey(code)) {
      return FAILURE_CODES.get(code);
    }
    return FailureCode.OTHER;
  }

  private static String vendorCode(StripeJson.PaymentError error) {
    return error.declineCode() != null ? error.declineCode() : error.code();
  }

  private static RefundStatus refundStatus(String status) {
    if (status == null) {
      return RefundStatus.PENDING;
    }
    switch (status) {
      case "succeeded":
        return RefundStatus.SUCCEEDED;
      case "failed":
        return RefundStatus.FAILED;
      case "canceled":
        return RefundStatus.CANCELED;
      default:
        // pending, requires_action, and any status Stripe adds later: not settled yet.
        return RefundStatus.PENDING;
    }
  }

  private static RefundReason refundReason(String reason) {
    if (reason == null) {
      return null;
    }
    switch (reason) {
      case "duplicate":
        return RefundReason.DUPLICATE;
      case "fraudulent":
        return RefundReason.FRAUDULENT;
      case "requested_by_customer":
        return RefundReason.REQUESTED_BY_CUSTOMER;
      default:
        return null;
    }
  }

  // --- errors ---

  /**
   * Stripe's error to the taxonomy; see the module's README for the table. The context always
   * carries Stripe's {@code Request-Id} and, when sent, its {@code Stripe-Should-Retry} hint.
   */
  @Override
  public SwitchboardException map(HttpFailure failure) {
    StripeJson.PaymentError error = parse(failure.body());
    int status = failure.status();
    ErrorContext context = failure.context();
    String suffix = failure.requestIdSuffix();
    if (error == null) {
      return fallback.map(failure);
    }
    String type = error.type() == null ? "" : error.type();
    if (error.code() != null) {
      context = context.toBuilder().vendorCode(error.code()).build();
    }
    if (type.equals("card_error")) {
      StripeJson.PaymentIntent intent = error.paymentIntent();
      PaymentId paymentId =
          intent == null || intent.id() == null || intent.id().isBlank()
              ? null
              : PaymentId.of(provider, intent.id());
      return new PaymentDeclinedException(
          context.toBuilder().vendorCode(vendorCode(error)).build(),
          new PaymentFailure(
              failureCode(error.declineCode(), error.code()), vendorCode(error), message(error)),
          paymentId,
          null);
    }
    if (status == 401 || status == 403) {
      // Stripe's message quotes part of the key; the status says enough.
      return new AuthenticationException(
          "HTTP " + status + ": Stripe rejected the API key" + suffix, context);
    }
    if (status == 429 || type.equals("rate_limit_error")) {
      // lock_timeout: another request holds the same object; the account is not throttled.
      return new RateLimitedException(
          "HTTP " + status + ": rate limited: " + describe(error) + suffix,
          context,
          DefaultErrorMapper.retryAfter(failure.header("Retry-After").orElse(null), clock)
              .orElse(null),
          null,
          "lock_timeout".equals(error.code())
              ? RateLimitedException.Scope.REQUEST
              : RateLimitedException.Scope.PROVIDER);
    }
    if (type.equals("idempotency_error") || status == 409) {
      return new ConflictException(
          "HTTP " + status + ": idempotency conflict: " + describe(error) + suffix,
          context,
          "idempotencyKey",
          null);
    }
    if (status == 404 && "resource_missing".equals(error.code())) {
      return new NotFoundException("HTTP 404: " + describe(error) + suffix, context);
    }
    if (type.equals("invalid_request_error") && status >= 400 && status < 500) {
      return new InvalidRequestException(
          "HTTP " + status + ": " + describe(error) + suffix, context, error.param(), null);
    }
    return fallback.map(
        HttpFailure.builder()
            .status(status)
            .headers(failure.headers())
            .body(failure.body())
            .bodyTruncated(failure.bodyTruncated())
            .requestId(failure.requestId().orElse(null))
            .context(context)
            .build());
  }

  private static String describe(StripeJson.PaymentError error) {
    StringBuilder s = new StringBuilder();
    if (error.code() != null) {
      s.append(error.code());
    }
    if (error.message() != null) {
      s.append(s.length() == 0 ? "" : ": ").append(message(error));
    }
    return s.length() == 0 ? "no details" : s.toString();
  }

  /** Stripe's message with its card and token ids masked as {@code PaymentSource} masks them. */
  private static String message(StripeJson.PaymentError error) {
    return Redaction.maskTokens(error.message(), TOKEN_IDS);
  }

  private StripeJson.PaymentError parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      StripeJson.ErrorEnvelope envelope = errors.fromJson(body);
      return envelope == null ? null : envelope.error();
    } catch (IOException | RuntimeException e) {
      // Not Stripe's error format (a proxy's HTML page, say): the status alone decides.
      return null;
    }
  }
}
