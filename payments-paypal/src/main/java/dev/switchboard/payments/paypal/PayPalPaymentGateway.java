package dev.switchboard.payments.paypal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
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
import dev.switchboard.payments.paypal.internal.PayPalOperations;
import dev.switchboard.payments.paypal.internal.PayPalSettings;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PaymentGateway} over PayPal's Orders v2 and Payments v2 REST APIs, authenticated with
 * OAuth2 client credentials.
 *
 * <pre>{@code
 * PaymentGateway paypal = PayPalPaymentGateway.builder()
 *     .clientId("AY...")
 *     .clientSecret(secret)                     // a Secret: re-read on rotation
 *     .environment(PayPalEnvironment.LIVE)
 *     .build();
 * Payment paid = paypal.charge(ChargeRequest.builder()
 *     .amount(Money.of("12.34", "EUR"))
 *     .source(PaymentSource.token("paypal", vaultId))
 *     .build());
 * }</pre>
 *
 * <p>Defaults: provider {@code paypal}; environment {@link PayPalEnvironment#SANDBOX}; a base URL,
 * when given, wins over the environment; the shared HTTP layer's timeouts (connect 5 s, read 30 s,
 * call 60 s); the UTC system clock; no quota tracker.
 *
 * <ul>
 *   <li>{@code charge} with the source's token for this provider sends it as {@code
 *       payment_source.paypal.vault_id} (a Vault v3 payment token) with intent {@code CAPTURE}
 *       ({@code AUTOMATIC}) or {@code AUTHORIZE} ({@code MANUAL}); PayPal completes such an order
 *       without the buyer. With {@link PaymentSource#approval} it creates an order and returns
 *       {@code REQUIRES_ACTION} with the buyer's approval link as {@link Payment#nextActionUrl()};
 *       once the buyer approved, the payment is {@code AUTHORIZED} and {@code capture} completes
 *       it.
 *   <li>The payment id is PayPal's order id; {@code capture} ({@code final_capture=true}), {@code
 *       cancel} (void) and {@code refund} act on the order's authorization or capture.
 *   <li>Every POST carries {@code PayPal-Request-Id}: the request's idempotency key, or for the
 *       second step of a charge a key derived from it, the same on every retry.
 *   <li>Metadata travels as compact JSON in the purchase unit's {@code custom_id} (at most 127
 *       characters); the description in {@code description}, the customer reference in {@code
 *       reference_id}, the statement descriptor in {@code soft_descriptor}.
 *   <li>PayPal's {@code Paypal-Debug-Id} is each result's and error's vendor request id.
 * </ul>
 *
 * <p>It never retries, fails over or sleeps, with one exception that is part of OAuth: a request
 * answered 401 is sent once more with a freshly fetched access token.
 *
 * <p>{@link #async()} is the same gateway without blocking: each request is enqueued with OkHttp
 * and the next step of an operation (the capture after a charge's order, the read after a capture)
 * starts when the answer arrives, so no thread waits for PayPal. Its futures complete on OkHttp's
 * dispatcher thread, with the same results and exceptions as the blocking calls. An access token,
 * when one must be fetched, is fetched on that dispatcher thread before the request it authorizes.
 */
public final class PayPalPaymentGateway implements PaymentGateway {
  private final String provider;
  private final String baseUrl;
  private final PayPalOperations operations;
  private final AsyncPaymentGateway async;

  private PayPalPaymentGateway(Builder b, String baseUrl) {
    this.provider = b.provider;
    this.baseUrl = baseUrl;
    this.operations =
        PayPalOperations.create(
            new PayPalSettings(b.provider, baseUrl, b.clientId, b.clientSecret, b.http.build()));
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
   * The same gateway without blocking: each PayPal request is enqueued with OkHttp, and the next
   * step of an operation starts when its answer arrives. The future completes on OkHttp's
   * dispatcher thread, with the same results and failures as the blocking call.
   */
  @Override
  public AsyncPaymentGateway async() {
    return async;
  }

  // One implementation per operation for both modes; a blocking call completes before it returns.

  private CompletableFuture<Payment> charge(ChargeRequest request, CallMode mode) {
    Objects.requireNonNull(request, "request == null");
    check(request)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    if (request.source().kind() == PaymentSource.Kind.APPROVAL) {
      return operations.charge(mode, request, null);
    }
    String token =
        request
            .source()
            .tokenFor(provider)
            .orElseThrow(
                () ->
                    InvalidRequestException.invalidField(
                        "source",
                        "the source holds no token of "
                            + provider
                            + ", only of "
                            + request.source().providers()));
    return operations.charge(mode, request, token);
  }

  private CompletableFuture<Payment> capture(CaptureRequest request, CallMode mode) {
    Objects.requireNonNull(request, "request == null");
    checkOwn(request.paymentId());
    return operations.capture(mode, request);
  }

  private CompletableFuture<Payment> cancel(CancelRequest request, CallMode mode) {
    Objects.requireNonNull(request, "request == null");
    checkOwn(request.paymentId());
    return operations.cancel(mode, request);
  }

  private CompletableFuture<Refund> refund(RefundRequest request, CallMode mode) {
    Objects.requireNonNull(request, "request == null");
    checkOwn(request.paymentId());
    return operations.refund(mode, request);
  }

  private CompletableFuture<Payment> get(PaymentId id, CallMode mode) {
    checkOwn(id);
    return operations.get(mode, id.value());
  }

  /** A source with this provider's token, or an approval source, in a currency PayPal takes. */
  @Override
  public boolean supports(ChargeRequest request) {
    Objects.requireNonNull(request, "request == null");
    boolean source =
        request.source().kind() == PaymentSource.Kind.APPROVAL
            || request.source().tokenFor(provider).isPresent();
    return source && PayPalOperations.supportsCurrency(request.amount());
  }

  /**
   * What PayPal would refuse in the charge's purchase unit, by {@link PayPalLimits}: the
   * description, the customer reference ({@code reference_id}), the metadata as {@code custom_id}
   * JSON, the statement descriptor and the amount's digits.
   */
  @Override
  public Optional<InvalidRequestException> check(ChargeRequest request) {
    Objects.requireNonNull(request, "request == null");
    return PayPalLimits.check(request, provider);
  }

  private void checkOwn(PaymentId id) {
    Objects.requireNonNull(id, "id == null");
    if (!id.provider().equals(provider)) {
      throw InvalidRequestException.invalidField(
          "paymentId.provider",
          "payment " + id + " belongs to " + id.provider() + ", not " + provider);
    }
  }

  /**
   * Requests a new OAuth access token ({@code POST /v1/oauth2/token}, client credentials): no order
   * is created or touched, so a half-open breaker's trial is never a customer's payment. A refused
   * client secret is an {@code AuthenticationException}, a 5xx or I/O failure a {@code
   * ProviderUnavailableException}.
   */
  @Override
  public Optional<HealthProbe> healthProbe() {
    return Optional.of(operations.accessTokens()::probe);
  }

  /** Names the provider and the base URL, never the credentials. */
  @Override
  public String toString() {
    return "PayPalPaymentGateway{provider=" + provider + ", baseUrl=" + baseUrl + "}";
  }

  /**
   * Builds a {@link PayPalPaymentGateway}; {@code clientId} and {@code clientSecret} are required.
   */
  public static final class Builder {
    private String provider = "paypal";
    private PayPalEnvironment environment = PayPalEnvironment.SANDBOX;
    private String baseUrl;
    private String clientId;
    private Secret clientSecret;
    private final HttpSettings.Builder http = HttpSettings.builder();

    private Builder() {}

    /** The provider's name in payment ids, errors and sources (default {@code paypal}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /** Sandbox (default) or live; ignored when a {@link #baseUrl} is set. */
    public Builder environment(PayPalEnvironment environment) {
      Objects.requireNonNull(environment, "environment == null");
      this.environment = environment;
      return this;
    }

    /**
     * Overrides the environment's URL, for a local simulator or a proxy: {@code https}, or {@code
     * http} on a loopback host. Null goes back to the environment's.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The REST app's client id. */
    public Builder clientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId == null");
      if (clientId.isBlank() || clientId.indexOf(':') >= 0) {
        throw InvalidRequestException.invalidField(
            "client-id", "client-id must be non-blank and hold no ':'");
      }
      this.clientId = clientId;
      return this;
    }

    /** The REST app's secret, read for every token request and re-read after a rejection. */
    public Builder clientSecret(Secret clientSecret) {
      Objects.requireNonNull(clientSecret, "clientSecret == null");
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * The HTTP clients to derive PayPal's client from, such as ones over the application's own
     * {@code OkHttpClient} ({@code HttpClients.builder().baseClient(client).build()}): its proxy,
     * TLS settings, interceptors and event listeners are kept. Null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      http.httpClients(httpClients);
      return this;
    }

    /** Decides when access tokens expire (default the UTC system clock). */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** Null keeps the shared HTTP layer's 5 s. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** Null keeps the shared HTTP layer's 30 s. */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** Null keeps the shared HTTP layer's 60 s. */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** The policy's quota tracker, fed from rate-limit headers; null for none. */
    public Builder quota(QuotaTracker quota) {
      http.quota(quota);
      return this;
    }

    /**
     * @throws InvalidRequestException if the client id or secret is missing, or the base URL is
     *     refused (field {@code base-url})
     * @throws dev.switchboard.config.ConfigurationException if the client id or secret is empty or
     *     holds whitespace, control or non-ASCII characters (settings {@code client-id}, {@code
     *     client-secret})
     */
    public PayPalPaymentGateway build() {
      if (clientId == null) {
        throw new IllegalStateException("client-id must be set");
      }
      if (clientSecret == null) {
        throw new IllegalStateException("client-secret must be set");
      }
      CredentialCheck.create()
          .value("client-id", clientId)
          .secret("client-secret", clientSecret)
          .throwIfProblems();
      return new PayPalPaymentGateway(this, baseUrl == null ? environment.baseUrl() : baseUrl);
    }
  }
}
