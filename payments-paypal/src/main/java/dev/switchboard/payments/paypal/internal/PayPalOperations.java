package dev.switchboard.payments.paypal.internal;

import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The PayPal calls behind each port operation. The public gateway checks its arguments and
 * delegates here; this class decides which PayPal calls an operation takes and which {@code
 * PayPal-Request-Id} each one carries.
 *
 * <p>A charge is {@code POST /v2/checkout/orders}; PayPal completes an order paid by a vault id in
 * that call. When it answers {@code APPROVED} instead, a second call ({@code /capture} or {@code
 * /authorize} on the order) completes it. Each step has its own request id derived from the
 * charge's key ({@link #requestId}), so retrying the whole charge with the same key replays the
 * order's creation (the same order id, never a second order) and then replays or makes the second
 * call.
 *
 * <p>Each operation is written once for both {@link CallMode}s, its steps chained on futures: a
 * blocking call makes each request on the caller's thread and returns a completed future; a
 * non-blocking one enqueues each request with OkHttp and starts the next step when the answer
 * arrives, so no thread waits between the steps.
 *
 * <p>Each result quotes, as its vendor request id, the {@code Paypal-Debug-Id} of the answer to the
 * call which acted ({@code HttpExecutor} hands it over with the body, or returns it for a void
 * without one): the void's or the authorization capture's, not that of the order read that follows
 * it.
 */
public final class PayPalOperations {
  /** The longest {@code PayPal-Request-Id} sent as it is; longer keys are hashed to 36. */
  static final int REQUEST_ID_LIMIT = 108;

  private static final PayPalJson.Empty EMPTY = new PayPalJson.Empty();

  private record Mapped(PayPalJson.Order order, Payment payment) {}

  /** A parsed answer and its {@code Paypal-Debug-Id}, for a result built by a later order read. */
  private record Answered<T>(T body, String debugId) {}

  private final String provider;
  private final PayPalApi api;
  private final PayPalMapper mapper;
  private final HttpExecutor executor;
  private final PayPalAccessTokens tokens;

  @Inject
  PayPalOperations(
      PayPalSettings settings,
      PayPalApi api,
      PayPalMapper mapper,
      HttpExecutor executor,
      PayPalAccessTokens tokens) {
    this.provider = settings.provider();
    this.api = api;
    this.mapper = mapper;
    this.executor = executor;
    this.tokens = tokens;
  }

  /** Builds the graph for these settings. */
  public static PayPalOperations create(PayPalSettings settings) {
    return DaggerPayPalComponent.factory().create(settings).operations();
  }

  /** The token source of this gateway, to share with the module's webhook verifier. */
  public PayPalAccessTokens accessTokens() {
    return tokens;
  }

  /** Whether PayPal takes the currency. */
  public static boolean supportsCurrency(Money amount) {
    return PayPalMapper.supportsCurrency(amount.currency());
  }

  /**
   * The request id of one step of an operation: the key itself for the first (or only) step when it
   * fits PayPal's limit, else a stable key derived from it and the step's name.
   */
  static IdempotencyKey requestId(IdempotencyKey key, String step) {
    if (step == null) {
      return key.value().length() <= REQUEST_ID_LIMIT ? key : key.derive("paypal");
    }
    return key.derive("paypal-" + step);
  }

  /**
   * Charges by vault id, or (with a null vault id) starts a buyer-approval order.
   *
   * @return a future failed with a {@link dev.switchboard.SwitchboardException} as the port
   *     documents
   */
  public CompletableFuture<Payment> charge(CallMode mode, ChargeRequest request, String vaultId) {
    PayPalJson.OrderRequest body = mapper.toOrderRequest(request, vaultId);
    IdempotencyKey key = request.idempotencyKey();
    return executor
        .executeWithVendorRequestId(
            mode, "charge", api.createOrder(body, requestId(key, null)), this::map)
        .thenCompose(
            created -> {
              checkSameCharge(created.order(), body, key);
              if (vaultId != null && "APPROVED".equals(created.order().status())) {
                return complete(mode, created.order(), key);
              }
              return CompletableFuture.completedFuture(created);
            })
        .thenApply(done -> declineIfFailed(done.payment(), "charge", key));
  }

  /** The second step of a vault charge that PayPal did not complete in the first. */
  private CompletableFuture<Mapped> complete(
      CallMode mode, PayPalJson.Order order, IdempotencyKey key) {
    boolean authorize = "AUTHORIZE".equals(order.intent());
    CompletableFuture<Mapped> step =
        authorize
            ? executor.executeWithVendorRequestId(
                mode,
                "charge",
                api.authorizeOrder(order.id(), EMPTY, requestId(key, "order-authorize")),
                this::map)
            : executor.executeWithVendorRequestId(
                mode,
                "charge",
                api.captureOrder(order.id(), EMPTY, requestId(key, "order-capture")),
                this::map);
    return step.exceptionallyCompose(
        failure -> {
          Throwable cause = Futures.unwrap(failure);
          if (cause instanceof PaymentDeclinedException e) {
            if (e.vendorCode().filter(PayPalMapper.PAYER_ACTION_REQUIRED::equals).isPresent()) {
              return fetch(mode, "charge", order.id()).thenApply(PayPalOperations::awaitingPayer);
            }
            return Futures.failed(
                new PaymentDeclinedException(
                    e.context(), e.failure(), PaymentId.of(provider, order.id()), e));
          }
          if (cause instanceof OutcomeUnknownException e) {
            return Futures.failed(
                new OutcomeUnknownException(
                    e.reason()
                        + "; PayPal order "
                        + order.id()
                        + " exists: retry the charge with the same idempotency key to complete it",
                    e.context(),
                    e));
          }
          return Futures.failed(cause);
        });
  }

  /** The order as it stands, waiting for the buyer to act on PayPal's page. */
  private static Mapped awaitingPayer(Mapped current) {
    Payment payment =
        current.payment().toBuilder()
            .status(PaymentStatus.REQUIRES_ACTION)
            .nextActionUrl(PayPalMapper.buyerLink(current.order().links()).orElse(null))
            .build();
    return new Mapped(current.order(), payment);
  }

  /**
   * PayPal answers a reused {@code PayPal-Request-Id} with the first order, whatever the new body
   * says; an order of another amount or intent means the key belonged to another charge.
   */
  private void checkSameCharge(
      PayPalJson.Order order, PayPalJson.OrderRequest body, IdempotencyKey key) {
    PayPalJson.Amount asked = body.purchase_units().get(0).amount();
    PayPalJson.Amount got = PayPalMapper.unit(order).amount();
    if (!asked.equals(got) || !body.intent().equals(order.intent())) {
      throw new ConflictException(
          "PayPal answered with order "
              + order.id()
              + " of "
              + got.value()
              + " "
              + got.currency_code()
              + " ("
              + order.intent()
              + "): the idempotency key was already used for another charge",
          context("charge", key).build(),
          "idempotencyKey",
          null);
    }
  }

  /** Captures an authorized payment, or completes an order the buyer approved. */
  public CompletableFuture<Payment> capture(CallMode mode, CaptureRequest request) {
    String orderId = request.paymentId().value();
    IdempotencyKey key = request.idempotencyKey();
    return fetch(mode, "capture", orderId)
        .thenCompose(
            fetched -> {
              PayPalJson.Order order = fetched.order();
              if (!PayPalMapper.authorizations(order).isEmpty()
                  || !"APPROVED".equals(order.status())) {
                return captureAuthorization(mode, request, order);
              }
              if ("AUTHORIZE".equals(order.intent())) {
                return executor
                    .executeWithVendorRequestId(
                        mode,
                        "capture",
                        api.authorizeOrder(orderId, EMPTY, requestId(key, "order-authorize")),
                        this::map)
                    .thenCompose(
                        authorized -> captureAuthorization(mode, request, authorized.order()));
              }
              Money full = PayPalMapper.toMoney(PayPalMapper.unit(order).amount(), "amount");
              Optional<Money> amount = request.amount();
              if (amount.isPresent() && !amount.get().equals(full)) {
                throw stateError(
                    "capture",
                    "amount",
                    "an approved PayPal order of intent CAPTURE is captured in full ("
                        + full
                        + ")");
              }
              return executor
                  .executeWithVendorRequestId(
                      mode,
                      "capture",
                      api.captureOrder(orderId, EMPTY, requestId(key, null)),
                      this::map)
                  .thenApply(captured -> declineIfFailed(captured.payment(), "capture", key));
            });
  }

  /** Captures the order's authorization, then reads the order for the payment it now is. */
  private CompletableFuture<Payment> captureAuthorization(
      CallMode mode, CaptureRequest request, PayPalJson.Order order) {
    String orderId = request.paymentId().value();
    IdempotencyKey key = request.idempotencyKey();
    PayPalJson.Authorization authorization = firstAuthorization(order, "capture");
    PayPalJson.Amount wire =
        request.amount().map(m -> inCurrencyOf(order, m, "capture")).orElse(null);
    return executor
        .executeWithVendorRequestId(
            mode,
            "capture",
            api.captureAuthorization(
                authorization.id(),
                new PayPalJson.CaptureRequest(wire, true),
                requestId(key, null)),
            Answered<PayPalJson.Capture>::new)
        .thenCompose(
            captured ->
                fetch(mode, "capture", orderId)
                    .thenApply(
                        read -> {
                          Payment after =
                              read.payment().toBuilder()
                                  .vendorRequestId(captured.debugId())
                                  .build();
                          String status = captured.body().status();
                          if ("DECLINED".equals(status) || "FAILED".equals(status)) {
                            throw new PaymentDeclinedException(
                                context("capture", key).vendorRequestId(captured.debugId()).build(),
                                PayPalMapper.failureOf(captured.body()),
                                after.id(),
                                null);
                          }
                          return after;
                        }));
  }

  /** Voids the payment's authorization. */
  public CompletableFuture<Payment> cancel(CallMode mode, CancelRequest request) {
    String orderId = request.paymentId().value();
    return fetch(mode, "cancel", orderId)
        .thenCompose(
            fetched -> {
              PayPalJson.Authorization authorization =
                  firstAuthorization(fetched.order(), "cancel");
              return executor.executeWithoutBody(
                  mode,
                  "cancel",
                  api.voidAuthorization(
                      authorization.id(), requestId(request.idempotencyKey(), null)));
            })
        .thenCompose(
            debugId ->
                fetch(mode, "cancel", orderId)
                    .thenApply(
                        read -> read.payment().toBuilder().vendorRequestId(debugId).build()));
  }

  /** Refunds the payment's capture, in full (what is left) or in part. */
  public CompletableFuture<Refund> refund(CallMode mode, RefundRequest request) {
    PaymentId paymentId = request.paymentId();
    return fetch(mode, "refund", paymentId.value())
        .thenCompose(
            fetched -> {
              PayPalJson.Order order = fetched.order();
              PayPalJson.Capture capture =
                  PayPalMapper.captures(order).stream()
                      .filter(
                          c ->
                              List.of("COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED")
                                  .contains(c.status()))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              stateError(
                                  "refund",
                                  "paymentId",
                                  "payment "
                                      + paymentId
                                      + " has captured nothing, so nothing can be refunded"));
              PayPalJson.Amount wire =
                  request.amount().map(m -> inCurrencyOf(order, m, "refund")).orElse(null);
              return executor.executeWithVendorRequestId(
                  mode,
                  "refund",
                  api.refundCapture(
                      capture.id(),
                      new PayPalJson.RefundRequest(wire),
                      requestId(request.idempotencyKey(), null)),
                  (refund, debugId) -> mapper.toRefund(refund, paymentId, debugId));
            });
  }

  /** The order as a payment. */
  public CompletableFuture<Payment> get(CallMode mode, String orderId) {
    return fetch(mode, "get", orderId).thenApply(Mapped::payment);
  }

  private CompletableFuture<Mapped> fetch(CallMode mode, String operation, String orderId) {
    return executor.executeWithVendorRequestId(mode, operation, api.getOrder(orderId), this::map);
  }

  private Mapped map(PayPalJson.Order order, String debugId) {
    return new Mapped(order, mapper.toPayment(order, debugId));
  }

  private Payment declineIfFailed(Payment payment, String operation, IdempotencyKey key) {
    if (payment.status() != PaymentStatus.FAILED) {
      return payment;
    }
    ErrorContext.Builder context =
        context(operation, key).vendorRequestId(payment.vendorRequestId().orElse(null));
    payment.failure().ifPresent(f -> context.vendorCode(f.vendorCode()));
    throw new PaymentDeclinedException(
        context.build(), payment.failure().orElseThrow(), payment.id(), null);
  }

  private PayPalJson.Authorization firstAuthorization(PayPalJson.Order order, String operation) {
    List<PayPalJson.Authorization> authorizations = PayPalMapper.authorizations(order);
    if (authorizations.isEmpty() || authorizations.get(0).id() == null) {
      Payment payment = mapper.toPayment(order, null);
      throw stateError(
          operation,
          "paymentId",
          "payment " + payment.id() + " is " + payment.status() + ", not AUTHORIZED");
    }
    return authorizations.get(0);
  }

  private PayPalJson.Amount inCurrencyOf(PayPalJson.Order order, Money amount, String operation) {
    Money total = PayPalMapper.toMoney(PayPalMapper.unit(order).amount(), "amount");
    if (!total.currency().equals(amount.currency())) {
      throw stateError(
          operation,
          "amount",
          "the payment is in " + total.currency() + ", not " + amount.currency());
    }
    return PayPalMapper.toAmount(amount);
  }

  private InvalidRequestException stateError(String operation, String field, String reason) {
    return new InvalidRequestException(
        reason,
        ErrorContext.builder().provider(provider).operation(operation).build(),
        field,
        null);
  }

  private ErrorContext.Builder context(String operation, IdempotencyKey key) {
    return ErrorContext.builder()
        .provider(provider)
        .operation(operation)
        .idempotencyKey(key)
        .requestSent(true);
  }
}
