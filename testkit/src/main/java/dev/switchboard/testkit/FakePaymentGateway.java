package dev.switchboard.testkit;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.AsyncViews;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.payments.RefundStatus;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An in-memory {@link PaymentGateway} with a provider's state machine, for tests that must not
 * reach a vendor.
 *
 * <p>What a charge does depends on the token the source holds for this fake's provider: {@link
 * #TOKEN_SUCCEEDS} (and any token not listed here) succeeds, each {@code TOKEN_…} decline constant
 * fails with {@link PaymentDeclinedException} and leaves a {@code FAILED} payment behind, and
 * {@link #TOKEN_REQUIRES_ACTION} stops at {@code REQUIRES_ACTION} until the test calls {@link
 * #completeAction} or {@link #failAction}. An {@linkplain PaymentSource#approval approval} source
 * requires action the same way. Capture, cancel and refund follow the rules in {@link
 * PaymentGateway}; idempotency keys are remembered for the whole gateway, so a repeat with the same
 * key replays the first result and a reuse with other parameters throws {@link ConflictException}.
 *
 * <pre>{@code
 * FakePaymentGateway payments = FakePaymentGateway.builder().clock(clock).seed(42).build();
 * Payment paid = payments.charge(ChargeRequest.builder()
 *     .amount(Money.of("12.34", "EUR"))
 *     .source(payments.source(FakePaymentGateway.TOKEN_SUCCEEDS))
 *     .build());
 * payments.failures().failNext(1, Failure.outcomeUnknownAfterActing());
 * }</pre>
 *
 * <p>Defaults: provider {@code "fake"}, the system UTC clock, seed 0, every currency, approval
 * flows supported. Thread-safe. Every port call goes through {@link #failures()}; {@link
 * #provider()} and {@link #supports} are local answers and do not.
 */
public final class FakePaymentGateway implements PaymentGateway {
  /** The provider name a fake has unless its builder names another. */
  public static final String DEFAULT_PROVIDER = "fake";

  /** Charges succeed. Tokens not listed in these constants behave the same. */
  public static final String TOKEN_SUCCEEDS = "tok_succeeds";

  /** Declined: {@link FailureCode#INSUFFICIENT_FUNDS}, vendor code {@code insufficient_funds}. */
  public static final String TOKEN_INSUFFICIENT_FUNDS = "tok_insufficient_funds";

  /** Declined: {@link FailureCode#CARD_DECLINED}, vendor code {@code generic_decline}. */
  public static final String TOKEN_CARD_DECLINED = "tok_card_declined";

  /** Declined: {@link FailureCode#EXPIRED_CARD}, vendor code {@code expired_card}. */
  public static final String TOKEN_EXPIRED_CARD = "tok_expired_card";

  /** Declined: {@link FailureCode#INCORRECT_CVC}, vendor code {@code incorrect_cvc}. */
  public static final String TOKEN_INCORRECT_CVC = "tok_incorrect_cvc";

  /** Declined: {@link FailureCode#LOST_OR_STOLEN}, vendor code {@code lost_card}. */
  public static final String TOKEN_LOST_CARD = "tok_lost_card";

  /** Declined: {@link FailureCode#FRAUD_SUSPECTED}, vendor code {@code fraudulent}. */
  public static final String TOKEN_FRAUDULENT = "tok_fraudulent";

  /**
   * The charge stops at {@code REQUIRES_ACTION} (3-D Secure) with a next-action URL under {@link
   * #ACTION_URL_BASE}; {@link #completeAction} lets it go on.
   */
  public static final String TOKEN_REQUIRES_ACTION = "tok_requires_action";

  /** Every next-action URL the fake hands out starts with this. */
  public static final URI ACTION_URL_BASE = URI.create("https://fake-payments.invalid/");

  private static final Map<String, PaymentFailure> DECLINES =
      Map.of(
          TOKEN_INSUFFICIENT_FUNDS,
          new PaymentFailure(
              FailureCode.INSUFFICIENT_FUNDS,
              "insufficient_funds",
              "Your card has insufficient funds."),
          TOKEN_CARD_DECLINED,
          new PaymentFailure(
              FailureCode.CARD_DECLINED, "generic_decline", "Your card was declined."),
          TOKEN_EXPIRED_CARD,
          new PaymentFailure(FailureCode.EXPIRED_CARD, "expired_card", "Your card has expired."),
          TOKEN_INCORRECT_CVC,
          new PaymentFailure(
              FailureCode.INCORRECT_CVC,
              "incorrect_cvc",
              "Your card's security code is incorrect."),
          TOKEN_LOST_CARD,
          new PaymentFailure(FailureCode.LOST_OR_STOLEN, "lost_card", "Your card was declined."),
          TOKEN_FRAUDULENT,
          new PaymentFailure(FailureCode.FRAUD_SUSPECTED, "fraudulent", "Your card was declined."));

  private static final PaymentFailure ACTION_FAILED =
      new PaymentFailure(
          FailureCode.AUTHENTICATION_REQUIRED,
          "authentication_failed",
          "The buyer did not complete the required action.");

  private static final Set<PaymentStatus> CANCELABLE =
      EnumSet.of(PaymentStatus.REQUIRES_ACTION, PaymentStatus.PENDING, PaymentStatus.AUTHORIZED);

  private static final String CHARGE = "charge";
  private static final String CAPTURE = "capture";
  private static final String CANCEL = "cancel";
  private static final String REFUND = "refund";
  private static final String GET = "get";
  private static final char[] ID_CHARACTERS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private final String provider;
  private final Clock clock;
  private final Set<Currency> currencies;
  private final boolean approvalFlow;
  private final FailureInjector failures;
  private final AsyncPaymentGateway async;

  private final Object lock = new Object();
  private final Random ids;
  private final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
  private final List<Refund> refunds = new ArrayList<>();
  private final Map<IdempotencyKey, Remembered> remembered = new HashMap<>();

  /** What the first call with a key did, so that a repeat can do the same. */
  private record Remembered(
      String operation,
      Object request,
      Object result,
      PaymentFailure decline,
      PaymentId declinedPayment) {}

  /** Why this provider cannot serve a charge: the field at fault and the reason. */
  private record Unsupported(String field, String reason) {}

  private FakePaymentGateway(Builder b) {
    this.provider = b.provider;
    this.clock = b.clock;
    this.currencies = b.currencies == null ? null : Set.copyOf(b.currencies);
    this.approvalFlow = b.approvalFlow;
    this.failures = new FailureInjector(b.provider, b.seed);
    this.ids = new Random(b.seed);
    this.async =
        AsyncViews.payments(
            this,
            provider,
            this::supports,
            this::charge,
            this::capture,
            this::cancel,
            this::refund,
            this::get);
  }

  /** A fake with every default. */
  public static FakePaymentGateway create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Makes this fake misbehave on purpose; consulted on every port call. */
  public FailureInjector failures() {
    return failures;
  }

  /** A source holding {@code token} for this fake's provider, such as {@link #TOKEN_SUCCEEDS}. */
  public PaymentSource source(String token) {
    return PaymentSource.token(provider, token);
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public Payment charge(ChargeRequest request) {
    return Futures.join(charge(request, CallMode.BLOCKING));
  }

  @Override
  public Payment capture(CaptureRequest request) {
    return Futures.join(capture(request, CallMode.BLOCKING));
  }

  @Override
  public Payment cancel(CancelRequest request) {
    return Futures.join(cancel(request, CallMode.BLOCKING));
  }

  @Override
  public Refund refund(RefundRequest request) {
    return Futures.join(refund(request, CallMode.BLOCKING));
  }

  @Override
  public Payment get(PaymentId id) {
    return Futures.join(get(id, CallMode.BLOCKING));
  }

  /**
   * The same fake without blocking: the same payments and failures, with injected latency scheduled
   * and a hang waited for on a future instead of a thread ({@link FailureInjector#scheduler}).
   */
  @Override
  public AsyncPaymentGateway async() {
    return async;
  }

  private CompletableFuture<Payment> charge(ChargeRequest request, CallMode mode) {
    requireRequest(request);
    return idempotently(
        mode,
        CHARGE,
        request.idempotencyKey(),
        request::sameParametersAs,
        () -> createPayment(request));
  }

  private CompletableFuture<Payment> capture(CaptureRequest request, CallMode mode) {
    requireRequest(request);
    return idempotently(
        mode,
        CAPTURE,
        request.idempotencyKey(),
        request::sameParametersAs,
        () -> capturePayment(request));
  }

  private CompletableFuture<Payment> cancel(CancelRequest request, CallMode mode) {
    requireRequest(request);
    return idempotently(
        mode,
        CANCEL,
        request.idempotencyKey(),
        request::sameParametersAs,
        () -> cancelPayment(request));
  }

  private CompletableFuture<Refund> refund(RefundRequest request, CallMode mode) {
    requireRequest(request);
    return idempotently(
        mode,
        REFUND,
        request.idempotencyKey(),
        request::sameParametersAs,
        () -> refundPayment(request));
  }

  private CompletableFuture<Payment> get(PaymentId id, CallMode mode) {
    Objects.requireNonNull(id, "id == null");
    return failures.run(
        mode,
        GET,
        null,
        () -> {
          synchronized (lock) {
            return find(id, GET, null);
          }
        });
  }

  @Override
  public boolean supports(ChargeRequest request) {
    requireRequest(request);
    return unsupported(request) == null;
  }

  /**
   * Plays the buyer who completes the action a {@code REQUIRES_ACTION} payment waits for: the
   * payment becomes {@code SUCCEEDED} (fully captured) or, for a manual capture, {@code
   * AUTHORIZED}. A test hook, not a port call: failure injection does not apply.
   *
   * @throws InvalidRequestException if the payment does not require action
   * @throws NotFoundException if there is no such payment
   */
  public Payment completeAction(PaymentId id) {
    synchronized (lock) {
      Payment payment = awaitingAction(id, "completeAction");
      Payment.Builder next = payment.toBuilder().nextActionUrl(null);
      if (payment.captureMode() == CaptureMode.MANUAL) {
        next.status(PaymentStatus.AUTHORIZED);
      } else {
        next.status(PaymentStatus.SUCCEEDED).captured(payment.amount());
      }
      return store(next.build());
    }
  }

  /**
   * Plays the buyer who fails or abandons the action: the payment becomes {@code FAILED} with
   * {@link FailureCode#AUTHENTICATION_REQUIRED}. A test hook, like {@link #completeAction}.
   */
  public Payment failAction(PaymentId id) {
    synchronized (lock) {
      Payment payment = awaitingAction(id, "failAction");
      return store(
          payment.toBuilder()
              .status(PaymentStatus.FAILED)
              .failure(ACTION_FAILED)
              .nextActionUrl(null)
              .build());
    }
  }

  /** Every payment this fake holds, declined ones included, in the order they were created. */
  public List<Payment> payments() {
    synchronized (lock) {
      return List.copyOf(payments.values());
    }
  }

  /** Every refund this fake made, in order. */
  public List<Refund> refunds() {
    synchronized (lock) {
      return List.copyOf(refunds);
    }
  }

  /** The payment as the fake holds it now, without going through failure injection. */
  public Optional<Payment> payment(PaymentId id) {
    synchronized (lock) {
      return Optional.ofNullable(payments.get(id));
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakePaymentGateway[provider="
          + provider
          + ", payments="
          + payments.size()
          + ", refunds="
          + refunds.size()
          + "]";
    }
  }

  private Payment createPayment(ChargeRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    Unsupported unsupported = unsupported(request);
    if (unsupported != null) {
      throw invalid(CHARGE, key, unsupported.field(), unsupported.reason());
    }
    PaymentId id = newPaymentId();
    Payment.Builder payment =
        Payment.builder()
            .id(id)
            .amount(request.amount())
            .created(clock.instant())
            .metadata(request.metadata())
            .captureMode(request.captureMode())
            .vendorRequestId(newId("req_"));
    Optional<String> token = request.source().tokenFor(provider);
    PaymentFailure decline = token.map(DECLINES::get).orElse(null);
    if (decline != null) {
      store(payment.status(PaymentStatus.FAILED).failure(decline).build());
      remembered.put(key, new Remembered(CHARGE, request, null, decline, id));
      throw declined(key, decline, id);
    }
    if (token.isEmpty()) {
      payment.status(PaymentStatus.REQUIRES_ACTION).nextActionUrl(actionUrl("approve/", id));
    } else if (token.get().equals(TOKEN_REQUIRES_ACTION)) {
      payment.status(PaymentStatus.REQUIRES_ACTION).nextActionUrl(actionUrl("3ds/", id));
    } else if (request.captureMode() == CaptureMode.MANUAL) {
      payment.status(PaymentStatus.AUTHORIZED);
    } else {
      payment.status(PaymentStatus.SUCCEEDED).captured(request.amount());
    }
    return remember(key, CHARGE, request, store(payment.build()));
  }

  private Payment capturePayment(CaptureRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    Payment payment = find(request.paymentId(), CAPTURE, key);
    if (payment.status() != PaymentStatus.AUTHORIZED) {
      throw invalid(
          CAPTURE,
          key,
          "paymentId",
          "payment "
              + payment.id()
              + " is "
              + payment.status()
              + "; only AUTHORIZED payments can be captured");
    }
    Money amount = request.amount().orElse(payment.amount());
    requireCurrency(CAPTURE, key, amount, payment);
    if (amount.isGreaterThan(payment.amount())) {
      throw invalid(
          CAPTURE,
          key,
          "amount",
          "cannot capture "
              + amount
              + " on payment "
              + payment.id()
              + ": only "
              + payment.amount()
              + " is authorized");
    }
    Payment captured =
        payment.toBuilder()
            .status(PaymentStatus.SUCCEEDED)
            .captured(amount)
            .vendorRequestId(newId("req_"))
            .build();
    return remember(key, CAPTURE, request, store(captured));
  }

  private Payment cancelPayment(CancelRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    Payment payment = find(request.paymentId(), CANCEL, key);
    if (!CANCELABLE.contains(payment.status())) {
      String hint =
          payment.status() == PaymentStatus.SUCCEEDED ? "; refund captured money instead" : "";
      throw invalid(
          CANCEL,
          key,
          "paymentId",
          "payment "
              + payment.id()
              + " is "
              + payment.status()
              + "; only payments not yet captured can be canceled"
              + hint);
    }
    Payment canceled =
        payment.toBuilder()
            .status(PaymentStatus.CANCELED)
            .nextActionUrl(null)
            .vendorRequestId(newId("req_"))
            .build();
    return remember(key, CANCEL, request, store(canceled));
  }

  private Refund refundPayment(RefundRequest request) {
    IdempotencyKey key = request.idempotencyKey();
    Payment payment = find(request.paymentId(), REFUND, key);
    if (payment.status() != PaymentStatus.SUCCEEDED) {
      String reason =
          payment.status() == PaymentStatus.AUTHORIZED
              ? "; nothing is captured yet, cancel it instead"
              : "; only SUCCEEDED payments can be refunded";
      throw invalid(
          REFUND, key, "paymentId", "payment " + payment.id() + " is " + payment.status() + reason);
    }
    Money refundable = payment.refundable();
    Money amount = request.amount().orElse(refundable);
    requireCurrency(REFUND, key, amount, payment);
    if (amount.isZero()) {
      throw invalid(
          REFUND,
          key,
          "amount",
          "nothing left to refund on payment "
              + payment.id()
              + ": all "
              + payment.captured()
              + " captured is already refunded");
    }
    if (amount.isGreaterThan(refundable)) {
      throw invalid(
          REFUND,
          key,
          "amount",
          "cannot refund "
              + amount
              + " on payment "
              + payment.id()
              + ": only "
              + refundable
              + " of the "
              + payment.captured()
              + " captured is still refundable");
    }
    Refund refund =
        Refund.builder()
            .id(newId("re_"))
            .paymentId(payment.id())
            .amount(amount)
            .status(RefundStatus.SUCCEEDED)
            .created(clock.instant())
            .reason(request.reason().orElse(null))
            .metadata(request.metadata())
            .vendorRequestId(newId("req_"))
            .build();
    store(payment.toBuilder().refunded(payment.refunded().plus(amount)).build());
    refunds.add(refund);
    return remember(key, REFUND, request, refund);
  }

  private Unsupported unsupported(ChargeRequest request) {
    PaymentSource source = request.source();
    if (source.kind() == PaymentSource.Kind.APPROVAL) {
      if (!approvalFlow) {
        return new Unsupported(
            "source", "provider \"" + provider + "\" does not offer an approval flow");
      }
    } else if (source.tokenFor(provider).isEmpty()) {
      return new Unsupported(
          "source",
          "the source holds no token for provider \""
              + provider
              + "\", only for "
              + source.providers());
    }
    Currency currency = request.amount().currency();
    if (currencies != null && !currencies.contains(currency)) {
      return new Unsupported(
          "amount",
          "provider \""
              + provider
              + "\" does not accept "
              + currency.getCurrencyCode()
              + " (it accepts "
              + currencies
              + ")");
    }
    return null;
  }

  /**
   * The first result for {@code key}, or null when the key is new. A repeat of a declined charge
   * throws the decline again; a key reused for another operation or other parameters throws {@link
   * ConflictException}.
   */
  /**
   * Runs a mutating call the way a vendor does: through the failure injector, then either replays
   * what the key already produced or performs the call and remembers it.
   */
  @SuppressWarnings("unchecked")
  private <R, T> CompletableFuture<T> idempotently(
      CallMode mode,
      String operation,
      IdempotencyKey key,
      Predicate<R> sameParameters,
      Supplier<T> action) {
    return failures.run(
        mode,
        operation,
        key,
        () -> {
          synchronized (lock) {
            Remembered prior = recall(operation, key, p -> sameParameters.test((R) p));
            return prior != null ? (T) prior.result() : action.get();
          }
        });
  }

  private Remembered recall(
      String operation, IdempotencyKey key, Predicate<Object> sameParameters) {
    Remembered prior = remembered.get(key);
    if (prior == null) {
      return null;
    }
    if (!prior.operation().equals(operation)) {
      throw new ConflictException(
          "idempotency key " + key + " was already used for a " + prior.operation(),
          context(operation, key),
          "idempotencyKey",
          null);
    }
    if (!sameParameters.test(prior.request())) {
      throw new ConflictException(
          "idempotency key "
              + key
              + " was already used for a "
              + operation
              + " with other parameters",
          context(operation, key),
          "idempotencyKey",
          null);
    }
    if (prior.decline() != null) {
      throw declined(key, prior.decline(), prior.declinedPayment());
    }
    return prior;
  }

  private <T> T remember(IdempotencyKey key, String operation, Object request, T result) {
    remembered.put(key, new Remembered(operation, request, result, null, null));
    return result;
  }

  private Payment store(Payment payment) {
    payments.put(payment.id(), payment);
    return payment;
  }

  private Payment find(PaymentId id, String operation, IdempotencyKey key) {
    if (!id.provider().equals(provider)) {
      throw invalid(
          operation,
          key,
          "paymentId",
          "payment "
              + id
              + " belongs to provider \""
              + id.provider()
              + "\", not \""
              + provider
              + "\"");
    }
    Payment payment = payments.get(id);
    if (payment == null) {
      throw new NotFoundException("no payment " + id, context(operation, key));
    }
    return payment;
  }

  private Payment awaitingAction(PaymentId id, String operation) {
    Objects.requireNonNull(id, "id == null");
    Payment payment = find(id, operation, null);
    if (payment.status() != PaymentStatus.REQUIRES_ACTION) {
      throw invalid(
          operation,
          null,
          "paymentId",
          "payment " + id + " is " + payment.status() + ", not REQUIRES_ACTION");
    }
    return payment;
  }

  private void requireCurrency(
      String operation, IdempotencyKey key, Money amount, Payment payment) {
    if (!amount.currency().equals(payment.amount().currency())) {
      throw invalid(
          operation,
          key,
          "amount",
          "amount "
              + amount
              + " is not in the currency of payment "
              + payment.id()
              + " ("
              + payment.amount().currency().getCurrencyCode()
              + ")");
    }
  }

  private static void requireRequest(Object request) {
    Objects.requireNonNull(request, "request == null");
  }

  private ErrorContext context(String operation, IdempotencyKey key) {
    return failures.contextFor(operation, key).toBuilder().requestSent(true).build();
  }

  private InvalidRequestException invalid(
      String operation, IdempotencyKey key, String field, String reason) {
    return new InvalidRequestException(reason, context(operation, key), field, null);
  }

  private PaymentDeclinedException declined(
      IdempotencyKey key, PaymentFailure failure, PaymentId id) {
    ErrorContext context =
        context(CHARGE, key).toBuilder().vendorCode(failure.vendorCode()).build();
    return new PaymentDeclinedException(context, failure, id, null);
  }

  private URI actionUrl(String path, PaymentId id) {
    return ACTION_URL_BASE.resolve(path + id.value());
  }

  private PaymentId newPaymentId() {
    PaymentId id;
    do {
      id = PaymentId.of(provider, newId("pay_"));
    } while (payments.containsKey(id));
    return id;
  }

  private String newId(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < 16; i++) {
      id.append(ID_CHARACTERS[ids.nextInt(ID_CHARACTERS.length)]);
    }
    return id.toString();
  }

  /** Builds a {@link FakePaymentGateway}; every setting has a default. */
  public static final class Builder {
    private String provider = DEFAULT_PROVIDER;
    private Clock clock = Clock.systemUTC();
    private long seed;
    private Set<Currency> currencies;
    private boolean approvalFlow = true;

    private Builder() {}

    /** The provider name in payment ids and errors. Default {@code "fake"}. */
    public Builder provider(String provider) {
      Objects.requireNonNull(provider, "provider == null");
      if (provider.isBlank()) {
        throw invalidField("provider", "provider is blank");
      }
      this.provider = provider;
      return this;
    }

    /** Stamps creation times. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock == null");
      this.clock = clock;
      return this;
    }

    /** Seeds the ids the fake hands out and its random failures. Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The only currencies the fake accepts. Default: every currency. */
    public Builder currencies(Collection<Currency> currencies) {
      Objects.requireNonNull(currencies, "currencies == null");
      if (currencies.isEmpty() || currencies.contains(null)) {
        throw invalidField(
            "currencies", "currencies must name at least one currency, got " + currencies);
      }
      this.currencies = Set.copyOf(currencies);
      return this;
    }

    /** Like {@link #currencies(Collection)} with ISO codes such as {@code "EUR"}. */
    public Builder currencies(String... codes) {
      List<Currency> list = new ArrayList<>();
      for (String code : codes) {
        list.add(Money.ofMinor(0, code).currency());
      }
      return currencies(list);
    }

    /** Whether approval sources are served. Default true. */
    public Builder approvalFlow(boolean approvalFlow) {
      this.approvalFlow = approvalFlow;
      return this;
    }

    public FakePaymentGateway build() {
      return new FakePaymentGateway(this);
    }
  }
}
