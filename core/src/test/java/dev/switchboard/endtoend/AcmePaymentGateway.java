package dev.switchboard.endtoend;

import com.squareup.moshi.Moshi;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.http.Authorization;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link PaymentGateway} for acme-pay, the test-only vendor, built the way a real adapter is: a
 * {@link VendorHttpConfig} describing the vendor once, a Retrofit service ({@link AcmeApi}) with
 * Moshi DTOs ({@link AcmeJson}), one {@link AcmeMapper}, and every call run through the shared
 * {@link HttpExecutor}. It never retries, never fails over and never sleeps: that is the job of the
 * policy and the failover composite {@code Switchboard} wraps it in.
 *
 * <pre>{@code
 * PaymentGateway acme = AcmePaymentGateway.builder()
 *     .provider("primary")
 *     .baseUrl("http://127.0.0.1:8080/")
 *     .apiKey(secret)                          // read per request, invalidated on a 401
 *     .readTimeout(Duration.ofMillis(300))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: provider {@code acme-pay}; the shared HTTP layer's timeouts; the system UTC clock; a
 * 503 means "not processed" (acme-pay documents that it answers 503 only before it starts on a
 * request), so it is a {@code ProviderUnavailableException} that may fail over.
 *
 * <p>acme-pay takes charges and reads them back; {@code capture}, {@code cancel} and {@code refund}
 * are refused with an {@link InvalidRequestException} (field {@code operation}).
 */
public final class AcmePaymentGateway implements PaymentGateway {
  private final String provider;
  private final VendorHttpConfig http;
  private final AcmeApi api;
  private final AcmeMapper mapper;
  private final HttpExecutor executor;

  private AcmePaymentGateway(Builder b) {
    this.provider = b.provider;
    Secret apiKey = b.apiKey;
    VendorHttpConfig.Builder http =
        VendorHttpConfig.builder()
            .provider(b.provider)
            .module("payments-acme")
            .baseUrl(b.baseUrl)
            .vendorRequestIdHeader("Acme-Request-Id")
            .authorization(() -> Authorization.bearer(apiKey.value()))
            .onUnauthorized(apiKey::invalidate)
            .unavailableMeansNotProcessed(b.unavailableMeansNotProcessed)
            .httpClients(b.httpClients)
            .clock(b.clock);
    if (b.quota != null) {
      http.quota(b.quota);
    }
    if (b.connectTimeout != null) {
      http.connectTimeout(b.connectTimeout);
    }
    if (b.readTimeout != null) {
      http.readTimeout(b.readTimeout);
    }
    if (b.callTimeout != null) {
      http.callTimeout(b.callTimeout);
    }
    this.http = http.build();
    Moshi moshi = SwitchboardMoshi.create();
    this.api = RetrofitFactory.create(this.http, moshi).create(AcmeApi.class);
    this.mapper =
        new AcmeMapper(
            provider,
            moshi.adapter(AcmeJson.ErrorEnvelope.class),
            DefaultErrorMapper.create(this.http));
    this.executor = HttpExecutor.create(this.http, mapper);
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
    if (request == null) {
      throw InvalidRequestException.invalidField("request", "request == null");
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
    return executor.execute(
        "charge",
        api.createCharge(mapper.toBody(request, token), request.idempotencyKey()),
        mapper::toPayment);
  }

  @Override
  public Payment get(PaymentId id) {
    if (id == null) {
      throw InvalidRequestException.invalidField("paymentId", "paymentId == null");
    }
    if (!id.provider().equals(provider)) {
      throw InvalidRequestException.invalidField(
          "paymentId.provider",
          "payment " + id + " belongs to " + id.provider() + ", not " + provider);
    }
    return executor.execute("get", api.getCharge(id.value()), mapper::toPayment);
  }

  @Override
  public Payment capture(CaptureRequest request) {
    throw notOffered("capture");
  }

  @Override
  public Payment cancel(CancelRequest request) {
    throw notOffered("cancel");
  }

  @Override
  public Refund refund(RefundRequest request) {
    throw notOffered("refund");
  }

  @Override
  public boolean supports(ChargeRequest request) {
    if (request == null) {
      throw InvalidRequestException.invalidField("request", "request == null");
    }
    return request.source().tokenFor(provider).isPresent();
  }

  private static InvalidRequestException notOffered(String operation) {
    return InvalidRequestException.invalidField(
        "operation", "acme-pay offers charge and get only, not " + operation);
  }

  /** Names the provider and the HTTP settings, never the API key. */
  @Override
  public String toString() {
    return "AcmePaymentGateway{provider=" + provider + ", http=" + http + "}";
  }

  /** Builds an {@link AcmePaymentGateway}; {@code baseUrl} and {@code apiKey} are required. */
  public static final class Builder {
    private String provider = "acme-pay";
    private String baseUrl;
    private Secret apiKey;
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private boolean unavailableMeansNotProcessed = true;
    private QuotaTracker quota;
    private HttpClients httpClients;

    private Builder() {}

    /** The clients to derive acme-pay's client from; null for the shared ones. */
    public Builder httpClients(HttpClients httpClients) {
      this.httpClients = httpClients;
      return this;
    }

    public Builder provider(String provider) {
      if (provider == null || provider.isBlank()) {
        throw InvalidRequestException.invalidField(
            "provider", "provider must be a non-blank name, was " + provider);
      }
      this.provider = provider;
      return this;
    }

    /** acme-pay's base URL; {@code https}, or {@code http} on a loopback host. */
    public Builder baseUrl(String baseUrl) {
      if (baseUrl == null || baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must be set");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key, read afresh for every request so that a rotated key is used at once. */
    public Builder apiKey(Secret apiKey) {
      if (apiKey == null) {
        throw InvalidRequestException.invalidField("api-key", "api-key == null");
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The policy's quota tracker, fed from acme-pay's {@code X-RateLimit-*} headers. */
    public Builder quota(QuotaTracker quota) {
      this.quota = quota;
      return this;
    }

    public Builder clock(Clock clock) {
      if (clock == null) {
        throw InvalidRequestException.invalidField("clock", "clock == null");
      }
      this.clock = clock;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /** Whether a 503 certainly means acme-pay did nothing (default true). */
    public Builder unavailableMeansNotProcessed(boolean value) {
      this.unavailableMeansNotProcessed = value;
      return this;
    }

    /**
     * @throws InvalidRequestException if the base URL or the API key is missing, or the base URL is
     *     refused (field {@code base-url})
     */
    public AcmePaymentGateway build() {
      if (baseUrl == null) {
        throw InvalidRequestException.invalidField("base-url", "base-url must be set");
      }
      if (apiKey == null) {
        throw InvalidRequestException.invalidField("api-key", "api-key must be set");
      }
      return new AcmePaymentGateway(this);
    }
  }
}
