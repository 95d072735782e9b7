package dev.switchboard.payments.paypal.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.Secret;
import dev.switchboard.http.Authorization;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * PayPal OAuth2 access tokens for one client id, shared by everything in this module that calls
 * PayPal (the payment gateway and the webhook verifier).
 *
 * <p>{@link #bearerToken()} answers the cached token until {@link #refreshMargin shortly before}
 * PayPal's {@code expires_in} ends (measured on the injected clock), then asks {@code POST
 * /v1/oauth2/token} ({@code grant_type=client_credentials}, Basic {@code client_id:secret}) for a
 * new one. However many threads ask at once, one request is made and every thread gets its answer
 * (or its error). {@link #invalidate(String)} drops a token PayPal answered 401 to, so the next ask
 * fetches a new one; {@link #interceptor()} does exactly that once per request.
 *
 * <p>The client secret is a {@link Secret}, read for every token request; a 401 from the token
 * endpoint invalidates it, so a rotated secret is read again before the next token request.
 *
 * <p>Errors, for the calls waiting on a token (none of which was sent): a 400, 401 or 403 from the
 * token endpoint is an {@link AuthenticationException}; a 429 a {@link RateLimitedException};
 * anything else (5xx, I/O, an unreadable answer) a {@link ProviderUnavailableException} with {@code
 * requestSent=false}, operation {@value #OPERATION}.
 *
 * <pre>{@code
 * PayPalAccessTokens tokens = PayPalAccessTokens.builder()
 *     .provider("paypal").baseUrl("https://api-m.sandbox.paypal.com/")
 *     .clientId(clientId).clientSecret(secret)
 *     .http(HttpSettings.builder().clock(clock).build())
 *     .build();
 * String authorization = Authorization.bearer(tokens.bearerToken());
 * }</pre>
 */
public final class PayPalAccessTokens {
  /** The operation named in errors of the token request. */
  public static final String OPERATION = "oauth-token";

  /** How long before PayPal's expiry a token is replaced, at most half its lifetime. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private record Cached(String token, Instant refreshAt) {}

  private final PayPalOAuthApi api;
  private final HttpExecutor executor;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile Cached current;
  private CompletableFuture<Cached> inFlight;

  private PayPalAccessTokens(Builder b) {
    Secret secret = b.clientSecret;
    String clientId = b.clientId;
    VendorHttpConfig.Builder http =
        VendorHttpConfig.builder()
            .provider(b.provider)
            .module("payments-paypal")
            .baseUrl(b.baseUrl)
            .idempotencyHeader(null)
            .vendorRequestIdHeader(PayPalJson.DEBUG_ID_HEADER)
            .authorization(Authorization.basicFrom(clientId, secret::value))
            .onUnauthorized(secret::invalidate);
    VendorHttpConfig config = b.http.applyTo(http).build();
    Moshi moshi = SwitchboardMoshi.create();
    this.api = RetrofitFactory.create(config, moshi).create(PayPalOAuthApi.class);
    this.executor = HttpExecutor.create(config, new TokenErrors(DefaultErrorMapper.create(config)));
    this.clock = b.http.clock();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A valid access token: the cached one, or a new one if it expires within the refresh margin.
   *
   * @throws SwitchboardException as described in the class comment
   */
  public String bearerToken() {
    Cached cached = current;
    if (isFresh(cached)) {
      return cached.token();
    }
    CompletableFuture<Cached> flight;
    boolean mine = false;
    synchronized (lock) {
      cached = current;
      if (isFresh(cached)) {
        return cached.token();
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      flight = inFlight;
    }
    if (mine) {
      try {
        Cached fresh = fetch();
        synchronized (lock) {
          current = fresh;
          inFlight = null;
        }
        flight.complete(fresh);
        return fresh.token();
      } catch (RuntimeException e) {
        synchronized (lock) {
          inFlight = null;
        }
        flight.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return flight.join().token();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Asks PayPal for a new access token even while the cached one is fresh, and keeps it: the
   * adapter's health probe. A token request moves no money and touches no order, yet needs PayPal
   * up and the credentials valid. Errors are those of {@link #bearerToken()}.
   */
  public void probe() {
    Cached fresh = fetch();
    synchronized (lock) {
      current = fresh;
    }
  }

  /**
   * Forgets {@code token} if it is the cached one (PayPal answered 401 to it), so that the next
   * {@link #bearerToken()} fetches a new token. A token that was already replaced is ignored, so a
   * late 401 never throws away a fresh token.
   */
  public void invalidate(String token) {
    synchronized (lock) {
      Cached cached = current;
      if (cached != null && cached.token().equals(token)) {
        current = null;
      }
    }
  }

  /**
   * An OkHttp interceptor that sends {@code Authorization: Bearer <token>} and, when PayPal answers
   * 401, invalidates that token and sends the request once more with a new one. A second 401 is
   * returned as it is (the caller's error mapper makes it an {@link AuthenticationException}).
   */
  public Interceptor interceptor() {
    return chain -> {
      Request request = chain.request();
      String token = bearerToken();
      Response response = chain.proceed(withBearer(request, token));
      if (response.code() != 401) {
        return response;
      }
      response.close();
      invalidate(token);
      return chain.proceed(withBearer(request, bearerToken()));
    };
  }

  private static Request withBearer(Request request, String token) {
    return request.newBuilder().header("Authorization", Authorization.bearer(token)).build();
  }

  private boolean isFresh(Cached cached) {
    return cached != null && clock.instant().isBefore(cached.refreshAt());
  }

  private Cached fetch() {
    PayPalJson.AccessToken answer;
    try {
      answer = executor.execute(OPERATION, api.token("client_credentials"), this::checked);
    } catch (OutcomeUnknownException e) {
      throw new ProviderUnavailableException(
          "no access token: " + e.reason(), e.context().toBuilder().requestSent(false).build(), e);
    }
    Instant now = clock.instant();
    Duration lifetime = Duration.ofSeconds(answer.expires_in());
    Duration margin =
        REFRESH_MARGIN.compareTo(lifetime.dividedBy(2)) < 0
            ? REFRESH_MARGIN
            : lifetime.dividedBy(2);
    return new Cached(answer.access_token(), now.plus(lifetime).minus(margin));
  }

  private PayPalJson.AccessToken checked(PayPalJson.AccessToken answer) {
    if (answer.access_token() == null || answer.access_token().isBlank()) {
      throw new JsonDataException("the token answer has no access_token");
    }
    if (answer.expires_in() == null || answer.expires_in() <= 0) {
      throw new JsonDataException("the token answer has no positive expires_in");
    }
    return answer;
  }

  /** Maps the token endpoint's errors: none of them means a payment request was sent. */
  private static final class TokenErrors implements ErrorMapper {
    private final ErrorMapper fallback;

    TokenErrors(ErrorMapper fallback) {
      this.fallback = fallback;
    }

    @Override
    public SwitchboardException map(HttpFailure failure) {
      ErrorContext context = failure.context().toBuilder().requestSent(false).build();
      int status = failure.status();
      if (status == 400 || status == 401 || status == 403) {
        return new AuthenticationException(
            "HTTP "
                + status
                + ": PayPal refused the client credentials"
                + failure.requestIdSuffix(),
            context);
      }
      if (status == 429) {
        return fallback.map(failure);
      }
      return new ProviderUnavailableException(
          "HTTP " + status + ": no access token" + failure.requestIdSuffix(), context);
    }
  }

  /** Builds {@link PayPalAccessTokens}; every setting but the timeouts is required. */
  public static final class Builder {
    private String provider;
    private String baseUrl;
    private String clientId;
    private Secret clientSecret;
    private HttpSettings http = HttpSettings.builder().build();

    private Builder() {}

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(Secret clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * The token requests' timeouts, quota tracker and clock, which also decides token expiry
     * (default: the shared HTTP layer's timeouts, no tracker, the UTC system clock).
     */
    public Builder http(HttpSettings http) {
      Objects.requireNonNull(http, "http == null");
      this.http = http;
      return this;
    }

    /**
     * @throws InvalidRequestException naming {@code provider}, {@code base-url}, {@code client-id}
     *     or {@code client-secret} when one is missing or wrong
     */
    public PayPalAccessTokens build() {
      if (provider == null || provider.isBlank()) {
        throw InvalidRequestException.invalidField("provider", "provider must be set");
      }
      if (baseUrl == null || baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must be set");
      }
      if (clientId == null || clientId.isBlank() || clientId.indexOf(':') >= 0) {
        throw InvalidRequestException.invalidField(
            "client-id", "client-id must be set and hold no ':'");
      }
      if (clientSecret == null) {
        throw new IllegalStateException("client-secret must be set");
      }
      return new PayPalAccessTokens(this);
    }
  }
}
