package dev.switchboard.payments.stripe;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.http.VendorHttpConfig;
import dev.switchboard.internal.AsyncViews;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.payments.stripe.internal.StripeClient;
import dev.switchboard.payments.stripe.internal.StripeSettings;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.resilience.QuotaTracker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PaymentGateway} over Stripe's PaymentIntents and Refunds API.
 *
 * <pre>{@code
 * PaymentGateway stripe = StripePaymentGateway.builder()
 *     .apiKey(Secret.of(System.getenv("STRIPE_API_KEY")))
 *     .build();
 * Payment paid = stripe.charge(ChargeRequest.builder()
 *     .amount(Money.of("12.34", "EUR"))
 *     .source(PaymentSource.token("stripe", "pm_card_visa"))
 *     .build());
 * }</pre>
 *
 * <p>A charge is a PaymentIntent created with {@code confirm=true}; {@code capture}, {@code cancel}
 * and {@code get} act on that PaymentIntent, {@code refund} creates a Refund for it. Every POST
 * carries the request's idempotency key as {@code Idempotency-Key}, unchanged on every retry, and
 * every request pins {@code Stripe-Version}. Every outcome is classified exactly (see the module's
 * README for the error table); Stripe's {@code Request-Id} is on every payment, refund and error.
 * The gateway never retries, fails over or sleeps: {@code Switchboard}'s policy does.
 *
 * <p>Defaults: provider {@code stripe}; base URL {@code https://api.stripe.com}; API version
 * {@value #DEFAULT_API_VERSION}; no return URL (charges then send {@code
 * automatic_payment_methods[allow_redirects]=never}, and 3-D Secure is {@code REQUIRES_ACTION}
 * without a URL, to be completed with Stripe.js); the shared HTTP layer's timeouts (connect 5 s,
 * read 30 s, call 60 s); the UTC system clock.
 *
 * <p>A charge that breaks one of {@link StripeLimits} is refused before anything is sent.
 *
 * <p>Approval sources ({@link PaymentSource#approval}) are not supported: a charge needs a Stripe
 * PaymentMethod id ({@code pm_...}) among the source's tokens under this provider's name.
 */
public final class StripePaymentGateway implements PaymentGateway {
  /** The Stripe API version sent by default: {@value}. */
  public static final String DEFAULT_API_VERSION = "2026-02-25.clover";

  /** Stripe's API host; request paths carry {@code /v1}. */
  public static final String DEFAULT_BASE_URL = "https://api.stripe.com";

  private final String provider;
  private final String apiVersion;
  private final StripeClient client;
  private final AsyncPaymentGateway async;

  private StripePaymentGateway(Builder b) {
    this.provider = b.provider;
    this.apiVersion = b.apiVersion;
    this.client =
        StripeClient.create(
            new StripeSettings(
                b.provider, b.baseUrl, b.apiKey, b.apiVersion, b.returnUrl, b.http.build()));
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

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * Creates and confirms a PaymentIntent.
   *
   * @throws InvalidRequestException naming {@code source} before anything is sent if the source
   *     holds no token of this provider, or naming the field when the charge breaks one of {@link
   *     StripeLimits}
   */
  @Override
  public Payment charge(ChargeRequest request) {
    return Futures.join(charge(request, CallMode.BLOCKING));
  }

  /** Captures an authorized PaymentIntent, in full or in part ({@code amount_to_capture}). */
  @Override
  public Payment capture(CaptureRequest request) {
    return Futures.join(capture(request, CallMode.BLOCKING));
  }

  /** Cancels a PaymentIntent that is not captured. */
  @Override
  public Payment cancel(CancelRequest request) {
    return Futures.join(cancel(request, CallMode.BLOCKING));
  }

  /** Refunds a PaymentIntent's captured money, all that is left or part of it. */
  @Override
  public Refund refund(RefundRequest request) {
    return Futures.join(refund(request, CallMode.BLOCKING));
  }

  /** Reads a PaymentIntent, with its latest charge expanded for the refunded amount. */
  @Override
  public Payment get(PaymentId id) {
    return Futures.join(get(id, CallMode.BLOCKING));
  }

  /**
   * The same gateway without blocking: each call is enqueued with OkHttp and its future completes
   * on OkHttp's dispatcher thread, with the same results and failures as the blocking call.
   */
  @Override
  public AsyncPaymentGateway async() {
    return async;
  }

  // One implementation per operation for both modes; a blocking call completes before it returns.

  private CompletableFuture<Payment> charge(ChargeRequest request, CallMode mode) {
    require("request", request);
    check(request)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    String token =
        request
            .source()
            .tokenFor(provider)
            .orElseThrow(
                () ->
                    InvalidRequestException.invalidField(
                        "source",
                        request.source().kind() == PaymentSource.Kind.APPROVAL
                            ? "Stripe takes a PaymentMethod token, not an approval flow"
                            : "the source holds no token of "
                                + provider
                                + ", only of "
                                + request.source().providers()));
    return client
        .posts()
        .createPaymentIntent(
            mode,
            client.mapper().chargeForm(request, token),
            request.idempotencyKey(),
            client.mapper()::toPayment);
  }

  private CompletableFuture<Payment> capture(CaptureRequest request, CallMode mode) {
    require("request", request);
    String id = ownId(request.paymentId());
    return client
        .posts()
        .onPaymentIntent(
            mode,
            "capture",
            id,
            client.mapper().captureForm(request),
            request.idempotencyKey(),
            client.mapper()::toPayment);
  }

  private CompletableFuture<Payment> cancel(CancelRequest request, CallMode mode) {
    require("request", request);
    String id = ownId(request.paymentId());
    return client
        .posts()
        .onPaymentIntent(
            mode,
            "cancel",
            id,
            client.mapper().cancelForm(request),
            request.idempotencyKey(),
            client.mapper()::toPayment);
  }

  private CompletableFuture<Refund> refund(RefundRequest request, CallMode mode) {
    require("request", request);
    ownId(request.paymentId());
    return client
        .posts()
        .createRefund(
            mode,
            client.mapper().refundForm(request),
            request.idempotencyKey(),
            client.mapper()::toRefund);
  }

  private CompletableFuture<Payment> get(PaymentId id, CallMode mode) {
    String value = ownId(id);
    return client
        .executor()
        .executeWithVendorRequestId(
            mode,
            "get",
            client.api().getPaymentIntent(value, "latest_charge"),
            client.mapper()::toPayment);
  }

  /**
   * Reads the account's balance ({@code GET /v1/balance}), which moves no money and needs a valid
   * key, so that a half-open breaker's trial is never a customer's charge. Errors are classified as
   * for every other call (a 401 is an {@code AuthenticationException}, a 503 a {@code
   * ProviderUnavailableException}).
   */
  @Override
  public Optional<HealthProbe> healthProbe() {
    return Optional.of(() -> client.executor().probe(client.api().retrieveBalance()));
  }

  /** Whether the source holds a token of this provider; approval flows are not supported. */
  @Override
  public boolean supports(ChargeRequest request) {
    require("request", request);
    return request.source().tokenFor(provider).isPresent();
  }

  /**
   * What Stripe would refuse in the charge, by {@link StripeLimits}: the description, the amount
   * for its currency, the statement descriptor suffix, the metadata with the customer reference,
   * and the PaymentMethod token.
   */
  @Override
  public Optional<InvalidRequestException> check(ChargeRequest request) {
    require("request", request);
    return StripeLimits.check(request, provider);
  }

  private String ownId(PaymentId id) {
    require("id", id);
    if (!id.provider().equals(provider)) {
      throw InvalidRequestException.invalidField(
          "paymentId.provider",
          "payment " + id + " belongs to " + id.provider() + ", not " + provider);
    }
    return id.value();
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  /** Names the provider, the API version and the HTTP settings; never the API key. */
  @Override
  public String toString() {
    VendorHttpConfig http = client.http();
    return "StripePaymentGateway{provider="
        + provider
        + ", apiVersion="
        + apiVersion
        + ", http="
        + http
        + "}";
  }

  /**
   * Builds a {@link StripePaymentGateway}; only {@code apiKey} is required. See the class Javadoc
   * for every default.
   */
  public static final class Builder {
    private String provider = "stripe";
    private String baseUrl = DEFAULT_BASE_URL;
    private Secret apiKey;
    private String apiVersion = DEFAULT_API_VERSION;
    private String returnUrl;
    private final HttpSettings.Builder http = HttpSettings.builder();

    private Builder() {}

    /** The provider's name, which payment ids and source tokens are keyed by (default stripe). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /**
     * Stripe's base URL without {@code /v1} (default {@value #DEFAULT_BASE_URL}); {@code https}, or
     * {@code http} on a loopback host such as a local {@code StripeSimulator}.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must be set");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** The secret key ({@code sk_...} or a restricted {@code rk_...}), read for every request. */
    public Builder apiKey(Secret apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      this.apiKey = apiKey;
      return this;
    }

    /** The secret key as a fixed value; prefer {@link #apiKey(Secret)} for rotation. */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.isBlank()) {
        throw InvalidRequestException.invalidField("api-key", "api-key must not be blank");
      }
      return apiKey(Secret.of(apiKey));
    }

    /** The dated {@code Stripe-Version}, such as {@code 2026-02-25.clover}. */
    public Builder apiVersion(String apiVersion) {
      Objects.requireNonNull(apiVersion, "apiVersion == null");
      if (apiVersion.isBlank() || !apiVersion.matches("[0-9A-Za-z._-]+")) {
        throw InvalidRequestException.invalidField(
            "api-version", "api-version must be a dated version such as 2026-02-25.clover");
      }
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Where Stripe sends the buyer back after a redirect (3-D Secure); with it, {@code
     * requires_action} payments carry the redirect URL. Null (the default) for none.
     */
    public Builder returnUrl(URI returnUrl) {
      if (returnUrl != null
          && (!returnUrl.isAbsolute()
              || returnUrl.getHost() == null
              || !("https".equals(returnUrl.getScheme())
                  || "http".equals(returnUrl.getScheme())))) {
        throw InvalidRequestException.invalidField(
            "return-url", "return-url must be an absolute http(s) URL, was " + returnUrl);
      }
      this.returnUrl = returnUrl == null ? null : returnUrl.toString();
      return this;
    }

    /**
     * The HTTP clients to derive Stripe's client from, such as ones over the application's own
     * {@code OkHttpClient} ({@code HttpClients.builder().baseClient(client).build()}): its proxy,
     * TLS settings, interceptors and event listeners are kept. Null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      http.httpClients(httpClients);
      return this;
    }

    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** Null for the shared HTTP layer's default (5 s). */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** Null for the shared HTTP layer's default (30 s). */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** Null for the shared HTTP layer's default (60 s). */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** The policy's quota tracker, or null for none. */
    public Builder quota(QuotaTracker quota) {
      http.quota(quota);
      return this;
    }

    /**
     * @throws InvalidRequestException if the API key is missing, or the base URL or a timeout is
     *     refused (naming the setting)
     * @throws dev.switchboard.config.ConfigurationException if the API key is empty or holds
     *     whitespace, control or non-ASCII characters (setting {@code api-key}), which no request
     *     could carry
     */
    public StripePaymentGateway build() {
      if (apiKey == null) {
        throw new IllegalStateException("api-key must be set");
      }
      CredentialCheck.create().secret("api-key", apiKey).throwIfProblems();
      return new StripePaymentGateway(this);
    }
  }
}
