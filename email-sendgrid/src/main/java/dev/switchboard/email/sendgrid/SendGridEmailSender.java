package dev.switchboard.email.sendgrid;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.email.sendgrid.internal.DaggerSendGridGraph;
import dev.switchboard.email.sendgrid.internal.SendGridClient;
import dev.switchboard.email.sendgrid.internal.SendGridLimits;
import dev.switchboard.http.Authorization;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.http.VendorHttpConfig;
import dev.switchboard.internal.AsyncViews;
import dev.switchboard.internal.Futures;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EmailSender} over SendGrid's v3 Mail Send API ({@code POST /v3/mail/send}).
 *
 * <pre>{@code
 * EmailSender sendgrid = SendGridEmailSender.builder()
 *     .apiKey(Secret.of(System.getenv("SENDGRID_API_KEY")))  // read per request, re-read after a 401
 *     .build();
 * SendResult result = sendgrid.send(message);                 // result.messageId() is X-Message-Id
 * }</pre>
 *
 * <p>Defaults: provider {@code sendgrid}; base URL {@code https://api.sendgrid.com} ({@code
 * https://api.eu.sendgrid.com} for EU regional subusers); sandbox mode off; the shared HTTP layer's
 * timeouts (connect 5 s, read 30 s, call 60 s); the UTC system clock; no quota tracker.
 *
 * <p>Before anything is sent, SendGrid's own limits are checked (see {@link SendGridLimits}: at
 * most 10 categories, 10,000 bytes of custom args, 72 hours of scheduling, a request below 30 MB
 * with attachments base64-encoded, no reserved headers, no {@code ,} or {@code ;} in recipient
 * names) and a violation is an {@link InvalidRequestException} naming the message's field.
 *
 * <p><b>No idempotency.</b> SendGrid takes no idempotency key, so a message sent twice is delivered
 * twice. The message's key is quoted in errors and logs, but not sent. After an {@link
 * OutcomeUnknownException} (a 5xx, a reset or timeout after the request was written) the message
 * may or may not have been queued: whether to retry it, here or elsewhere, is the policy's and the
 * failover composite's decision ({@code switchboard.email.unknown-outcome-failover}, default
 * false), and a retry may deliver a duplicate.
 *
 * <p><b>Sandbox mode</b> ({@link Builder#sandbox}) sends {@code mail_settings.sandbox_mode}:
 * SendGrid validates the request, answers 200 and delivers nothing. The result's message id is
 * SendGrid's {@code X-Message-Id} if it sends one, else {@code sandbox-<idempotency key>}.
 *
 * <p><b>Without blocking</b>, {@link #async()} sends the same request through the same code: the
 * call is enqueued with OkHttp, and the future completes on OkHttp's dispatcher thread with the
 * result or the exception the blocking {@code send} would give. A message over SendGrid's limits
 * fails the future; nothing is thrown.
 *
 * <p>Never retries, fails over or sleeps: wrap it in a policy, or get it from {@code
 * Switchboard.fromConfig} with {@code switchboard.email.providers=sendgrid}. Thread-safe.
 */
public final class SendGridEmailSender implements EmailSender {
  /** SendGrid's global API. */
  public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";

  private final String provider;
  private final VendorHttpConfig http;
  private final SendGridClient client;
  private final AsyncEmailSender async;

  private SendGridEmailSender(Builder b) {
    this.provider = b.provider;
    Secret apiKey = b.apiKey;
    VendorHttpConfig.Builder http =
        VendorHttpConfig.builder()
            .provider(b.provider)
            .module("email-sendgrid")
            .baseUrl(b.baseUrl)
            // SendGrid has no idempotency key: a second attempt after an unknown outcome could
            // deliver the email twice, so such outcomes are not retried on SendGrid.
            .idempotencyHeader(null)
            .replaysIdempotentRequests(false)
            .authorization(Authorization.bearerFrom(apiKey::value))
            .onUnauthorized(apiKey::invalidate);
    this.http = b.http.build().applyTo(http).build();
    this.client =
        DaggerSendGridGraph.factory()
            .create(this.http, b.sandbox ? SendGridClient.Mode.SANDBOX : SendGridClient.Mode.LIVE)
            .client();
    this.async = AsyncViews.email(this, provider, this::send);
  }

  /** A builder; the API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * Sends the message through SendGrid.
   *
   * @return SendGrid's message id ({@code X-Message-Id}) and the time it accepted the message
   * @throws NullPointerException if the message is null
   * @throws InvalidRequestException if it breaks a SendGrid limit (field named), or SendGrid
   *     refused it (400 with SendGrid's field, 413, or a 403 about the sender)
   * @throws dev.switchboard.AuthenticationException on 401, or a 403 because the key may not send
   * @throws dev.switchboard.RateLimitedException on 429, with the time until the reset
   * @throws dev.switchboard.ProviderUnavailableException if the request was certainly not sent
   * @throws OutcomeUnknownException if SendGrid may have queued the message
   */
  @Override
  public SendResult send(EmailMessage message) {
    return Futures.join(send(message, CallMode.BLOCKING));
  }

  /**
   * The same sender without blocking: the message is posted through OkHttp's queue and the future
   * completes on OkHttp's dispatcher thread, with the same result or failure as {@link #send}.
   */
  @Override
  public AsyncEmailSender async() {
    return async;
  }

  // One implementation for both modes; a blocking call completes before it returns.
  private CompletableFuture<SendResult> send(EmailMessage message, CallMode mode) {
    Objects.requireNonNull(message, "message == null");
    return client.send(mode, message);
  }

  /**
   * What SendGrid's limits refuse in the message, found without asking SendGrid: recipients,
   * categories, custom args, the schedule, reserved headers, names, and addresses (a non-ASCII
   * local part; internationalised domains are sent in ASCII form).
   */
  @Override
  public Optional<InvalidRequestException> check(EmailMessage message) {
    Objects.requireNonNull(message, "message == null");
    return client.check(message);
  }

  /**
   * Reads the API key's scopes ({@code GET /v3/scopes}): an authenticated read that sends no email,
   * so that a half-open breaker's trial is never a customer's message. A refused key is an {@code
   * AuthenticationException}, a 5xx or I/O failure a {@code ProviderUnavailableException}.
   */
  @Override
  public Optional<HealthProbe> healthProbe() {
    return Optional.of(client::probe);
  }

  /** Whether messages go out in sandbox mode (validated, not delivered). */
  public boolean sandbox() {
    return client.sandbox();
  }

  /** Names the provider, the HTTP settings and the mode; never the API key. */
  @Override
  public String toString() {
    return "SendGridEmailSender{provider="
        + provider
        + ", http="
        + http
        + ", sandbox="
        + client.sandbox()
        + "}";
  }

  /** Builds a {@link SendGridEmailSender}; only the API key is required. */
  public static final class Builder {
    private String provider = "sendgrid";
    private String baseUrl = DEFAULT_BASE_URL;
    private Secret apiKey;
    private boolean sandbox;
    private final HttpSettings.Builder http = HttpSettings.builder();

    private Builder() {}

    /** The provider's name in results, errors and logs (default {@code sendgrid}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /**
     * SendGrid's base URL (default {@value SendGridEmailSender#DEFAULT_BASE_URL}); {@code https},
     * or {@code http} on a loopback host for a simulator.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must be set");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key ({@code SG....}), read afresh for every request so a rotated key is used. */
    public Builder apiKey(Secret apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      this.apiKey = apiKey;
      return this;
    }

    /** Sandbox mode: SendGrid validates each message and delivers none (default false). */
    public Builder sandbox(boolean sandbox) {
      this.sandbox = sandbox;
      return this;
    }

    /**
     * The HTTP clients to derive SendGrid's client from, such as ones over the application's own
     * {@code OkHttpClient} ({@code HttpClients.builder().baseClient(client).build()}): its proxy,
     * TLS settings, interceptors and event listeners are kept. Null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      http.httpClients(httpClients);
      return this;
    }

    /** The clock for accepted times, scheduling limits and rate-limit resets (default UTC). */
    public Builder clock(Clock clock) {
      http.clock(clock);
      return this;
    }

    /** The tracker fed with SendGrid's {@code X-RateLimit-*} headers, usually the policy's. */
    public Builder quota(QuotaTracker quota) {
      http.quota(quota);
      return this;
    }

    /** Connect timeout; null for the HTTP layer's default (5 s). */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** Read timeout; null for the HTTP layer's default (30 s). */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** Whole-call timeout; null for the HTTP layer's default (60 s). */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /**
     * @throws InvalidRequestException if the API key is missing (field {@code api-key}), or the
     *     base URL or a timeout is refused (field named)
     * @throws dev.switchboard.config.ConfigurationException if the API key is empty or holds
     *     whitespace, control or non-ASCII characters (setting {@code api-key}), which no request
     *     could carry
     */
    public SendGridEmailSender build() {
      if (apiKey == null) {
        throw new IllegalStateException("api-key must be set");
      }
      CredentialCheck.create().secret("api-key", apiKey).throwIfProblems();
      return new SendGridEmailSender(this);
    }
  }
}
