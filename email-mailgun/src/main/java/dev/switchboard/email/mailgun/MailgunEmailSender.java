package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.email.mailgun.internal.MailgunSender;
import dev.switchboard.email.mailgun.internal.MailgunSettings;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.internal.AsyncViews;
import dev.switchboard.internal.Futures;
import dev.switchboard.resilience.HealthProbe;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * An {@link EmailSender} over Mailgun's v3 API: {@code POST /v3/{domain}/messages} as a {@code
 * multipart/form-data} form, with HTTP Basic authentication as {@code api:<API key>}.
 *
 * <pre>{@code
 * EmailSender mailgun = MailgunEmailSender.builder()
 *     .apiKey(Secret.read(env, "MAILGUN_API_KEY", clock, Secret.DEFAULT_TTL))
 *     .domain("mg.example.com")
 *     .region(MailgunRegion.EU)            // or .baseUrl("http://127.0.0.1:8080/") for a simulator
 *     .build();
 * SendResult sent = mailgun.send(message);  // sent.messageId() is the Message-Id, no brackets
 * }</pre>
 *
 * <p>Defaults: provider {@code mailgun}; region {@link MailgunRegion#US}; the shared HTTP layer's
 * timeouts (connect 5 s, read 30 s, write 30 s, call 60 s); the UTC system clock; scheduling at
 * most {@link MailgunLimits#DEFAULT_MAX_SCHEDULE_AHEAD 3 days} ahead; a 503 leaves the outcome
 * unknown (Mailgun does not promise that it did nothing); no quota tracker.
 *
 * <p>Every field of the message is sent: {@code from}, {@code to}, {@code cc}, {@code bcc} (one
 * part per address), {@code subject}, {@code text}, {@code html}, {@code h:Reply-To}, {@code
 * h:<name>} per custom header, {@code o:tag} per tag, {@code o:deliverytime} (RFC 2822, GMT),
 * {@code v:<key>} per metadata entry, and {@code attachment} / {@code inline} parts streamed from
 * the attachments. Mailgun names an inline part's content id after its file name, so an inline
 * attachment is sent with its content id as the file name; its own file name does not reach the
 * recipient.
 *
 * <p>Before sending it checks {@link MailgunLimits} and names the field over one: at least one
 * {@code to}, at most 1000 recipients, 3 tags of at most 128 ASCII characters, 16 kB of {@code
 * o:}/{@code h:}/{@code v:} options, a 25 MB request, and the scheduling horizon; {@link #check}
 * answers the same without sending. Mailgun does not document SMTPUTF8, so a non-ASCII local part
 * is refused, and an internationalised domain is sent in its ASCII (IDNA) form: {@code
 * ann@exämple.com} goes out as {@code ann@xn--exmple-cua.com}.
 *
 * <p><b>No idempotency.</b> Mailgun takes no idempotency key. The message's key is quoted in
 * errors, but a retry after an {@code OutcomeUnknownException} (a timeout, a reset, a 5xx) may
 * deliver the message twice. The adapter itself never retries, fails over or sleeps.
 *
 * <p>Errors: 400 and 413 are {@code InvalidRequestException} (with the field when Mailgun's message
 * names a parameter), 401 and 403 {@code AuthenticationException} (the key is read again), 402
 * {@code ProviderUnavailableException}, 404 (unknown domain) {@code InvalidRequestException} naming
 * {@code domain}, 429 {@code RateLimitedException}, 5xx {@code OutcomeUnknownException}.
 *
 * <p><b>Without blocking</b>, {@link #async()} sends the same form through the same code: the call
 * is enqueued with OkHttp, and the future completes on OkHttp's dispatcher thread with the result
 * or the exception the blocking {@code send} would give. A message over Mailgun's limits fails the
 * future; nothing is thrown.
 *
 * <p>Thread-safe.
 */
public final class MailgunEmailSender implements EmailSender {
  /** The default provider name, and the factory's name. */
  public static final String DEFAULT_PROVIDER = "mailgun";

  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private final String provider;
  private final String domain;
  private final MailgunSender sender;
  private final AsyncEmailSender async;

  private MailgunEmailSender(Builder b) {
    this.provider = b.provider;
    this.domain = b.domain;
    this.sender =
        MailgunSender.create(
            new MailgunSettings(
                b.provider,
                b.baseUrl != null ? b.baseUrl : b.region.baseUrl(),
                b.domain,
                b.apiKey,
                b.maxScheduleAhead,
                b.unavailableMeansNotProcessed,
                b.http.build()));
    this.async = AsyncViews.email(this, provider, this::send);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * @throws NullPointerException if {@code message} is null
   * @throws InvalidRequestException if it is over one of Mailgun's limits, or refused by Mailgun
   */
  @Override
  public SendResult send(EmailMessage message) {
    return Futures.join(send(message, CallMode.BLOCKING));
  }

  /**
   * The same sender without blocking: the form is posted through OkHttp's queue and the future
   * completes on OkHttp's dispatcher thread, with the same result or failure as {@link #send}.
   */
  @Override
  public AsyncEmailSender async() {
    return async;
  }

  // One implementation for both modes; a blocking call completes before it returns.
  private CompletableFuture<SendResult> send(EmailMessage message, CallMode mode) {
    Objects.requireNonNull(message, "message == null");
    return sender.send(mode, message);
  }

  /**
   * What {@link MailgunLimits} refuse in the message, found without asking Mailgun: the {@code to}
   * recipient, the recipients, addresses without an ASCII form, tags, the schedule, the options'
   * bytes and the request's size.
   */
  @Override
  public Optional<InvalidRequestException> check(EmailMessage message) {
    Objects.requireNonNull(message, "message == null");
    return sender.check(message);
  }

  /**
   * Reads the sending domain ({@code GET /v4/domains/{domain}}): an authenticated read that sends
   * no email, so that a half-open breaker's trial is never a customer's message. A refused key is
   * an {@code AuthenticationException}, a 5xx or I/O failure a {@code
   * ProviderUnavailableException}.
   */
  @Override
  public Optional<HealthProbe> healthProbe() {
    return Optional.of(sender::probe);
  }

  /** Names the provider, the domain and the HTTP settings; never the API key. */
  @Override
  public String toString() {
    return "MailgunEmailSender{provider="
        + provider
        + ", domain="
        + domain
        + ", http="
        + sender.http()
        + "}";
  }

  /** Builds a {@link MailgunEmailSender}; the API key and the domain are required. */
  public static final class Builder {
    private String provider = DEFAULT_PROVIDER;
    private Secret apiKey;
    private String domain;
    private MailgunRegion region = MailgunRegion.US;
    private String baseUrl;
    private Duration maxScheduleAhead = MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD;
    private boolean unavailableMeansNotProcessed;
    private final HttpSettings.Builder http = HttpSettings.builder();

    private Builder() {}

    /** The provider's name in results, errors and logs (default {@code mailgun}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /** The API key, read afresh for every request so that a rotated key is used at once. */
    public Builder apiKey(Secret apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      this.apiKey = apiKey;
      return this;
    }

    /** A fixed API key, such as {@code key-fake...} in tests. */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.isBlank()) {
        throw InvalidRequestException.invalidField("api-key", "api-key must not be blank");
      }
      return apiKey(Secret.of(apiKey));
    }

    /** The sending domain as Mailgun knows it, such as {@code mg.example.com}; required. */
    public Builder domain(String domain) {
      Objects.requireNonNull(domain, "domain == null");
      if (!DOMAIN.matcher(domain).matches()) {
        throw InvalidRequestException.invalidField(
            "domain",
            "domain must be a DNS name such as mg.example.com, was " + Redaction.describe(domain));
      }
      this.domain = domain;
      return this;
    }

    /** The domain's region (default US); {@link #baseUrl} wins when both are set. */
    public Builder region(MailgunRegion region) {
      Objects.requireNonNull(region, "region == null");
      this.region = region;
      return this;
    }

    /**
     * Another API base URL, such as a local simulator's; {@code https}, or {@code http} on a
     * loopback host. Overrides the region.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must not be blank");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The HTTP clients to derive Mailgun's client from, such as ones over the application's own
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

    /**
     * How far ahead a message may be scheduled (default 3 days; Mailgun allows 7 on plans that keep
     * messages that long).
     */
    public Builder maxScheduleAhead(Duration maxScheduleAhead) {
      Objects.requireNonNull(maxScheduleAhead, "maxScheduleAhead == null");
      if (maxScheduleAhead.isNegative()) {
        throw InvalidRequestException.invalidField(
            "max-schedule-ahead",
            "max-schedule-ahead must be zero or more, was " + maxScheduleAhead);
      }
      this.maxScheduleAhead = maxScheduleAhead;
      return this;
    }

    /** Whether a 503 certainly means Mailgun did nothing (default false: outcome unknown). */
    public Builder unavailableMeansNotProcessed(boolean value) {
      this.unavailableMeansNotProcessed = value;
      return this;
    }

    /** Null for the shared default (5 s). */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** Null for the shared default (30 s). */
    public Builder readTimeout(Duration timeout) {
      http.readTimeout(timeout);
      return this;
    }

    /** Null for the shared default (30 s); large attachments are written within it. */
    public Builder writeTimeout(Duration timeout) {
      http.writeTimeout(timeout);
      return this;
    }

    /** Null for the shared default (60 s); zero for none. */
    public Builder callTimeout(Duration timeout) {
      http.callTimeout(timeout);
      return this;
    }

    /** The policy's quota tracker, fed from {@code X-RateLimit-*} headers if Mailgun sends any. */
    public Builder quota(QuotaTracker quota) {
      http.quota(quota);
      return this;
    }

    /**
     * @throws InvalidRequestException if the API key or the domain is missing, or a URL or timeout
     *     is refused (naming it)
     * @throws dev.switchboard.config.ConfigurationException if the API key is empty or holds
     *     whitespace, control or non-ASCII characters (setting {@code api-key}), which no request
     *     could carry
     */
    public MailgunEmailSender build() {
      if (apiKey == null) {
        throw new IllegalStateException("api-key must be set");
      }
      CredentialCheck.create().secret("api-key", apiKey).throwIfProblems();
      if (domain == null) {
        throw new IllegalStateException("domain must be set");
      }
      return new MailgunEmailSender(this);
    }
  }
}
