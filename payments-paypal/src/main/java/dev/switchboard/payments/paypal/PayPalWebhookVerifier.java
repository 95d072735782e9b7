package dev.switchboard.payments.paypal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.http.HttpClients;
import dev.switchboard.http.HttpSettings;
import dev.switchboard.payments.paypal.internal.PayPalAccessTokens;
import dev.switchboard.payments.paypal.internal.webhook.TrustAnchors;
import dev.switchboard.payments.paypal.internal.webhook.WebhookPipeline;
import dev.switchboard.payments.paypal.internal.webhook.WebhookSettings;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies PayPal webhook deliveries and turns each into one neutral {@link WebhookEvent}.
 *
 * <p>PayPal signs every delivery with its private key and sends five headers: {@code
 * PAYPAL-TRANSMISSION-ID}, {@code -TIME}, {@code -SIG}, {@code PAYPAL-CERT-URL} and {@code
 * PAYPAL-AUTH-ALGO}. This verifier proves the signature in one of two {@link Mode modes}:
 *
 * <ul>
 *   <li>{@link Mode#API} (the default) asks PayPal: {@code POST
 *       /v1/notifications/verify-webhook-signature} with the headers, the webhook id and the event
 *       exactly as received, authorized with an OAuth2 token of the app's client id and secret;
 *   <li>{@link Mode#OFFLINE} checks the signature itself, with the certificate at {@code
 *       PAYPAL-CERT-URL}: fetched only over https from an allowed PayPal host, its chain validated
 *       (PKIX) against a trust store, its validity checked against the clock and its name checked
 *       to be PayPal's, then cached until it expires. No credentials needed.
 * </ul>
 *
 * <p>In both modes the transmission time must be within the tolerance of the clock (either way) and
 * a transmission id is accepted once (through the {@link ReplayGuard}). Events map to neutral
 * types: {@code PAYMENT.CAPTURE.COMPLETED} to {@code payment.succeeded}, {@code
 * PAYMENT.CAPTURE.DENIED} and {@code PAYMENT.CAPTURE.DECLINED} to {@code payment.failed}, {@code
 * PAYMENT.AUTHORIZATION.CREATED} and {@code CHECKOUT.ORDER.APPROVED} to {@code payment.authorized},
 * {@code PAYMENT.AUTHORIZATION.VOIDED} and {@code CHECKOUT.PAYMENT-APPROVAL.REVERSED} to {@code
 * payment.canceled}, {@code PAYMENT.CAPTURE.REFUNDED} to {@code payment.refunded}, {@code
 * CUSTOMER.DISPUTE.CREATED} to {@code payment.disputed}, any other to {@code unknown}. The event id
 * is PayPal's {@code id}, the subject the resource's {@code id} (or {@code order_id}, {@code
 * dispute_id}), the time its {@code create_time}.
 *
 * <p><b>What the signature covers.</b> PayPal signs {@code transmissionId|transmissionTime|
 * webhookId|crc32(body)}: the body only through its CRC-32, which is no cryptographic hash. A body
 * edited so that its CRC-32 stays the same (four chosen bytes in a JSON string suffice) carries a
 * valid signature, so offline mode accepts it; PayPal does not document that its verify API checks
 * more than that signature, so API mode may too. {@link Builder#confirmByFetching(boolean)} closes
 * the gap: the verifier then fetches PayPal's own copy of the event over the authenticated API and
 * returns that copy, whatever the delivered body says.
 *
 * <pre>{@code
 * WebhookVerifier verifier = PayPalWebhookVerifier.builder()
 *     .webhookId("8PT597110X687430LKGECATA")          // from the app's settings in PayPal
 *     .environment("live")
 *     .clientId(clientId)
 *     .clientSecret(Secret.read(env, "PAYPAL_CLIENT_SECRET", clock, Secret.DEFAULT_TTL))
 *     .build();
 *
 * WebhookVerifier offline = PayPalWebhookVerifier.builder()
 *     .webhookId("8PT597110X687430LKGECATA")
 *     .environment("live")
 *     .mode(PayPalWebhookVerifier.Mode.OFFLINE)
 *     .build();
 *
 * WebhookVerifier confirming = PayPalWebhookVerifier.builder()  // returns PayPal's copy
 *     .webhookId("8PT597110X687430LKGECATA")
 *     .environment("live")
 *     .mode(PayPalWebhookVerifier.Mode.OFFLINE)
 *     .confirmByFetching(true)
 *     .clientId(clientId)
 *     .clientSecret(Secret.read(env, "PAYPAL_CLIENT_SECRET", clock, Secret.DEFAULT_TTL))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: provider {@code paypal}; mode {@code API}; no confirmation by fetching; environment
 * {@code sandbox} (API base {@code https://api-m.sandbox.paypal.com}; {@code live} is {@code
 * https://api-m.paypal.com}; a {@link Builder#baseUrl base URL} wins over both); tolerance 5
 * minutes; the UTC system clock; an in-memory replay guard remembering ids for twice the tolerance;
 * certificate hosts {@code api.sandbox.paypal.com} and {@code api-m.sandbox.paypal.com} for
 * sandbox, {@code api.paypal.com} and {@code api-m.paypal.com} for live; plain http for loopback
 * certificate hosts refused; the JDK's default trust store ({@code cacerts}); certificate names
 * {@code messageverificationcerts.paypal.com} and {@code
 * messageverificationcerts.sandbox.paypal.com}; 16 cached certificate URLs; timeouts connect 5 s,
 * read 10 s, whole call 15 s; certificates of at most 64 KiB.
 *
 * <p>Errors: a delivery that is not proven to be PayPal's is a {@link WebhookVerificationException}
 * (answer 400). When the proof could not be obtained (PayPal or the certificate host unreachable, a
 * 5xx, a 429, credentials refused), the exception is the taxonomy's {@code
 * ProviderUnavailableException}, {@code OutcomeUnknownException}, {@code RateLimitedException} or
 * {@code AuthenticationException}: the delivery is not verified; answer 5xx so that PayPal delivers
 * it again later. Thread-safe.
 */
public final class PayPalWebhookVerifier implements WebhookVerifier {
  /** How a signature is proven. */
  public enum Mode {
    /** Ask PayPal's verify-webhook-signature API; needs the client id and secret. */
    API,
    /** Verify with PayPal's certificate, without calling PayPal's API. */
    OFFLINE
  }

  static final Set<String> PAYPAL_CERT_NAMES =
      Set.of("messageverificationcerts.paypal.com", "messageverificationcerts.sandbox.paypal.com");

  private static final Pattern WEBHOOK_ID = Pattern.compile("[A-Za-z0-9]{1,50}");
  private static final Pattern HOST = Pattern.compile("[a-z0-9.:\\[\\]-]+");

  private final String provider;
  private final WebhookSettings settings;
  private final WebhookPipeline pipeline;

  private PayPalWebhookVerifier(String provider, WebhookSettings settings) {
    this.provider = provider;
    this.settings = settings;
    this.pipeline = WebhookPipeline.create(settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * Verifies the delivery and returns its one event.
   *
   * @throws WebhookVerificationException {@code MISSING_HEADER}, {@code MALFORMED_HEADER}, {@code
   *     TIMESTAMP_OUT_OF_TOLERANCE}, {@code SIGNATURE_MISMATCH}, {@code REPLAYED} or {@code
   *     MALFORMED_BODY}
   * @throws dev.switchboard.SwitchboardException of another kind when PayPal or the certificate
   *     host could not give the proof: not verified
   */
  @Override
  public List<WebhookEvent> verify(WebhookRequest request) {
    return pipeline.verify(request);
  }

  /** Names the provider, the mode and the webhook id; never a credential. */
  @Override
  public String toString() {
    return "PayPalWebhookVerifier{provider="
        + provider
        + ", mode="
        + (settings.apiMode() ? Mode.API : Mode.OFFLINE)
        + ", confirmByFetching="
        + settings.confirmByFetching()
        + ", webhookId="
        + settings.webhookId()
        + "}";
  }

  /** Builds a {@link PayPalWebhookVerifier}; {@code webhookId} is always required. */
  public static final class Builder {
    private String provider = "paypal";
    private String webhookId;
    private Mode mode = Mode.API;
    private boolean confirmByFetching;
    private PayPalEnvironment environment = PayPalEnvironment.SANDBOX;
    private String baseUrl;
    private String clientId;
    private Secret clientSecret;
    private Duration tolerance = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();
    private ReplayGuard replayGuard;
    private Set<String> certificateHosts;
    private boolean plainHttpOnLoopback;
    private KeyStore trustStore;
    private Set<String> certificateNames = PAYPAL_CERT_NAMES;
    private int certificateCacheSize = 16;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(15);
    private HttpClients httpClients = HttpClients.shared();

    private Builder() {}

    /** The provider name on events and errors (default {@code paypal}). */
    public Builder provider(String provider) {
      InvalidRequestException.requireName("provider", provider);
      this.provider = provider;
      return this;
    }

    /**
     * The id of the webhook as PayPal shows it in the app's settings (letters and digits, at most
     * 50): PayPal signs it into every delivery, so a delivery meant for another webhook fails.
     */
    public Builder webhookId(String webhookId) {
      Objects.requireNonNull(webhookId, "webhookId == null");
      if (!WEBHOOK_ID.matcher(webhookId).matches()) {
        throw InvalidRequestException.invalidField(
            "webhook-id",
            "webhook-id must be 1 to 50 letters and digits, was " + Redaction.describe(webhookId));
      }
      this.webhookId = webhookId;
      return this;
    }

    /** {@link Mode#API} (default) or {@link Mode#OFFLINE}. */
    public Builder mode(Mode mode) {
      Objects.requireNonNull(mode, "mode == null");
      this.mode = mode;
      return this;
    }

    /**
     * Whether to confirm each delivery by fetching PayPal's own copy of its event ({@code GET
     * /v1/notifications/webhooks-events/{event_id}}) and to return that copy instead of the
     * delivered body (default false). PayPal's signature covers only a CRC-32 of the body, which a
     * forger can keep while editing it; the fetched copy cannot be edited. Costs one call to PayPal
     * per delivery and needs the client id and secret in either mode. A fetch that fails in any way
     * is a {@link dev.switchboard.WebhookVerificationException.Problem#UNCONFIRMED}.
     */
    public Builder confirmByFetching(boolean confirm) {
      this.confirmByFetching = confirm;
      return this;
    }

    /**
     * {@link PayPalEnvironment#SANDBOX} (default) or {@link PayPalEnvironment#LIVE}: picks the API
     * base URL and the default certificate hosts.
     */
    public Builder environment(PayPalEnvironment environment) {
      Objects.requireNonNull(environment, "environment == null");
      this.environment = environment;
      return this;
    }

    /**
     * {@code sandbox} (default) or {@code live}, in any case: the same as {@link
     * #environment(PayPalEnvironment)}.
     */
    public Builder environment(String environment) {
      return environment(PayPalEnvironment.named(environment));
    }

    /**
     * PayPal's API base URL, overriding the environment's (for a local simulator); {@code https},
     * or {@code http} on a loopback host.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (baseUrl.isBlank()) {
        throw InvalidRequestException.invalidField("base-url", "base-url must not be blank");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** The REST app's client id; required in API mode and to confirm by fetching. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * The REST app's secret, read for each token request; required in API mode and to confirm by
     * fetching.
     */
    public Builder clientSecret(Secret clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /** How far the transmission time may be from now, either way (default 5 minutes). */
    public Builder tolerance(Duration tolerance) {
      if (WebhookChecks.requirePositiveTolerance(tolerance).compareTo(Duration.ofDays(1)) > 0) {
        throw InvalidRequestException.invalidField(
            "tolerance", "tolerance must be at most a day, was " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /** The time source for the tolerance, certificate validity and the cache. */
    public Builder clock(Clock clock) {
      this.clock = WebhookChecks.requireClock(clock);
      return this;
    }

    /**
     * Where accepted transmission ids are remembered (default: in memory, for twice the tolerance).
     * Several instances behind a load balancer need a shared one.
     */
    public Builder replayGuard(ReplayGuard replayGuard) {
      Objects.requireNonNull(replayGuard, "replayGuard == null");
      this.replayGuard = replayGuard;
      return this;
    }

    /**
     * The only hosts a signing certificate is fetched from, replacing the environment's PayPal
     * hosts (offline mode).
     */
    public Builder allowedCertificateHosts(String... hosts) {
      Objects.requireNonNull(hosts, "hosts == null");
      if (hosts.length == 0) {
        throw InvalidRequestException.invalidField(
            "allowed-certificate-hosts", "at least one host is needed");
      }
      Set<String> lower = new LinkedHashSet<>();
      for (String host : hosts) {
        String value = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(value).matches()) {
          throw InvalidRequestException.invalidField(
              "allowed-certificate-hosts", "not a host name: " + host);
        }
        lower.add(value);
      }
      this.certificateHosts = lower;
      return this;
    }

    /**
     * Whether an allowed loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) may
     * serve the certificate over plain {@code http} and on any port (default false); for tests
     * against a local simulator only.
     */
    public Builder allowPlainHttpOnLoopback(boolean allow) {
      this.plainHttpOnLoopback = allow;
      return this;
    }

    /**
     * The trust store whose trusted certificates are the roots a signing certificate must chain to
     * (default: the JDK's {@code cacerts}).
     */
    public Builder trustStore(KeyStore trustStore) {
      Objects.requireNonNull(trustStore, "trustStore == null");
      this.trustStore = trustStore;
      return this;
    }

    /**
     * The subject common names accepted for a signing certificate, replacing PayPal's own ({@code
     * messageverificationcerts.paypal.com} and {@code
     * messageverificationcerts.sandbox.paypal.com}).
     */
    public Builder certificateNames(String... names) {
      Objects.requireNonNull(names, "names == null");
      if (names.length == 0) {
        throw InvalidRequestException.invalidField(
            "certificate-names", "at least one name is needed");
      }
      Set<String> lower = new HashSet<>();
      for (String name : names) {
        if (name == null || name.isBlank()) {
          throw InvalidRequestException.invalidField("certificate-names", "a name is blank");
        }
        lower.add(name.trim().toLowerCase(Locale.ROOT));
      }
      this.certificateNames = lower;
      return this;
    }

    /** How many certificate URLs are cached at most (default 16). */
    public Builder certificateCacheSize(int size) {
      if (size < 1) {
        throw InvalidRequestException.invalidField(
            "certificate-cache-size", "certificate-cache-size must be positive, was " + size);
      }
      this.certificateCacheSize = size;
      return this;
    }

    /** Connect timeout of PayPal calls and certificate downloads (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connect-timeout", timeout);
      return this;
    }

    /** Read timeout of PayPal calls and certificate downloads (default 10 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("read-timeout", timeout);
      return this;
    }

    /** Whole-call timeout of PayPal calls and certificate downloads (default 15 s). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive("call-timeout", timeout);
      return this;
    }

    /**
     * The HTTP clients every call to PayPal goes through (certificate downloads, the verification
     * API, event fetches; default {@link HttpClients#shared()}), such as {@code
     * switchboard.httpClients()}, so that they take the application's proxy, trust and pool.
     */
    public Builder httpClients(HttpClients clients) {
      this.httpClients = Objects.requireNonNull(clients, "clients == null");
      return this;
    }

    private static Duration positive(String field, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw InvalidRequestException.invalidField(
            field, field + " must be positive, was " + timeout);
      }
      return timeout;
    }

    /**
     * @throws IllegalStateException naming {@code webhook-id} when it was never set, {@code
     *     client-id} or {@code client-secret} when API mode lacks them
     * @throws InvalidRequestException naming {@code client-id} when it is blank, {@code base-url}
     *     when the URL is refused, {@code trust-store} when it holds no trusted certificate
     * @throws dev.switchboard.config.ConfigurationException if API mode's client id or secret is
     *     empty or holds whitespace, control or non-ASCII characters (naming each)
     */
    public PayPalWebhookVerifier build() {
      if (webhookId == null) {
        throw new IllegalStateException("webhook-id must be set");
      }
      String apiBaseUrl = baseUrl != null ? baseUrl : environment.baseUrl();
      PayPalAccessTokens tokens = null;
      Set<TrustAnchor> anchors = Set.of();
      if (mode == Mode.API || confirmByFetching) {
        String needs = mode == Mode.API ? "in API mode" : "to confirm by fetching";
        if (clientId == null) {
          throw new IllegalStateException("client-id must be set " + needs);
        }
        if (clientId.isBlank()) {
          throw InvalidRequestException.invalidField("client-id", "client-id is blank " + needs);
        }
        if (clientSecret == null) {
          throw new IllegalStateException("client-secret must be set " + needs);
        }
        CredentialCheck.create()
            .value("client-id", clientId)
            .secret("client-secret", clientSecret)
            .throwIfProblems();
        tokens =
            PayPalAccessTokens.builder()
                .provider(provider)
                .baseUrl(apiBaseUrl)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .http(
                    HttpSettings.builder()
                        .clock(clock)
                        .connectTimeout(connectTimeout)
                        .readTimeout(readTimeout)
                        .callTimeout(callTimeout)
                        .build())
                .build();
      }
      if (mode == Mode.OFFLINE) {
        anchors = trustStore == null ? TrustAnchors.jdkDefault() : TrustAnchors.of(trustStore);
      }
      WebhookSettings settings =
          new WebhookSettings(
              provider,
              webhookId,
              mode == Mode.API,
              confirmByFetching,
              apiBaseUrl,
              tokens,
              tolerance,
              clock,
              replayGuard != null
                  ? replayGuard
                  : ReplayGuard.inMemory(tolerance.multipliedBy(2), clock),
              certificateHosts != null ? certificateHosts : environment.certificateHosts(),
              plainHttpOnLoopback,
              anchors,
              certificateNames,
              certificateCacheSize,
              connectTimeout,
              readTimeout,
              callTimeout,
              httpClients);
      return new PayPalWebhookVerifier(provider, settings);
    }
  }
}
