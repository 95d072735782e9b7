package dev.switchboard.payments.paypal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.Secret;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifierContext;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a {@link PayPalWebhookVerifier} from configuration; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}, and used through {@link
 * dev.switchboard.webhooks.WebhookVerifiers}. Each key maps one option of {@link
 * PayPalWebhookVerifier.Builder}:
 *
 * <pre>
 * switchboard.webhooks.paypal.webhook-id=8PT597110X687430LKGECATA        # required
 * switchboard.webhooks.paypal.mode=api                                   # api (default) or offline
 * switchboard.webhooks.paypal.confirm-by-fetching=false                  # default false
 * switchboard.webhooks.paypal.environment=live                           # sandbox (default) or live
 * switchboard.webhooks.paypal.base-url=https://api-m.paypal.com/         # default: the environment's
 * switchboard.webhooks.paypal.client-id=AY...                 # required in api mode and to confirm
 * switchboard.webhooks.paypal.client-secret=${env:PAYPAL_CLIENT_SECRET}  # the same; a secret
 * switchboard.webhooks.paypal.tolerance=5m                               # default 5 min, at most 1d
 * switchboard.webhooks.paypal.allowed-certificate-hosts=api.paypal.com   # default: the environment's
 * switchboard.webhooks.paypal.allow-plain-http-on-loopback=false         # default false; tests only
 * switchboard.webhooks.paypal.trust-store=/etc/app/paypal-roots.p12      # default: the JDK's cacerts
 * switchboard.webhooks.paypal.trust-store-password=${env:TRUST_STORE_PASSWORD}  # default none
 * switchboard.webhooks.paypal.certificate-names=messageverificationcerts.paypal.com  # default PayPal's
 * switchboard.webhooks.paypal.certificate-cache-size=16                  # default 16
 * switchboard.webhooks.paypal.connect-timeout=5s                         # default 5 s
 * switchboard.webhooks.paypal.read-timeout=10s                           # default 10 s
 * switchboard.webhooks.paypal.call-timeout=15s                           # default 15 s
 * </pre>
 *
 * <p>{@code trust-store} is a PKCS12 or JKS file whose trusted certificates are the roots a signing
 * certificate must chain to (offline mode). Each transmission id is accepted once, through the
 * replay guard the receiver hands in for {@code webhooks-<provider>-transmissions} (such as {@code
 * switchboard::replayGuard}); without one, through a guard in this process's memory that remembers
 * ids for twice the tolerance, as the builder's default does. A provider with another name selects
 * this factory with {@code switchboard.webhooks.<name>.type=paypal}.
 */
public final class PayPalWebhookVerifierFactory implements WebhookVerifierFactory {
  /** The factory's name, for {@code switchboard.webhooks.paypal.*} or {@code <name>.type}. */
  public static final String NAME = "paypal";

  private static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  @Override
  public String name() {
    return NAME;
  }

  /** {@code tolerance}. */
  public static final ConfigKey<Duration> TOLERANCE =
      ConfigKey.duration(
          "tolerance", DEFAULT_TOLERANCE, "how far the signed time may be from now, either way");

  /** {@code confirm-by-fetching}. */
  public static final ConfigKey<Boolean> CONFIRM_BY_FETCHING =
      ConfigKey.bool(
          "confirm-by-fetching",
          false,
          "fetch PayPal's copy of each event and return it instead of the body");

  /** {@code allow-plain-http-on-loopback}. */
  public static final ConfigKey<Boolean> ALLOW_PLAIN_HTTP_ON_LOOPBACK =
      ConfigKey.bool(
          "allow-plain-http-on-loopback",
          false,
          "offline mode: a loopback certificate host may use http (tests only)");

  /** {@code certificate-cache-size}. */
  public static final ConfigKey<Integer> CERTIFICATE_CACHE_SIZE =
      ConfigKey.integer("certificate-cache-size", 16, "offline mode: cached certificate URLs")
          .min(1);

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        ConfigKey.string("webhook-id", null, "the webhook's id in the PayPal app").required(),
        ConfigKey.string("mode", "api", "api (PayPal's verify API) or offline (the RSA signature)")
            .oneOf("api", "offline"),
        CONFIRM_BY_FETCHING,
        ConfigKey.string("client-id", null, "the REST app's client id")
            .defaultText("required in api mode and with confirm-by-fetching"),
        ConfigKey.secret("client-secret", "the REST app's secret, a secret reference")
            .defaultText("required in api mode and with confirm-by-fetching"),
        ConfigKey.string("environment", "sandbox", "sandbox or live"),
        ConfigKey.url("base-url", null, "overrides the environment's API root")
            .defaultText("the environment's"),
        TOLERANCE,
        ConfigKey.list(
                "allowed-certificate-hosts",
                "offline mode: the only hosts a certificate is fetched from")
            .defaultText("the environment's PayPal hosts"),
        ALLOW_PLAIN_HTTP_ON_LOOPBACK,
        ConfigKey.string(
                "trust-store",
                null,
                "offline mode: a PKCS12 or JKS file of the roots a certificate must chain to")
            .defaultText("the JDK's cacerts"),
        ConfigKey.secret("trust-store-password", "the trust store's password, a secret reference"),
        ConfigKey.list("certificate-names", "offline mode: accepted certificate names")
            .defaultText("PayPal's two names"),
        CERTIFICATE_CACHE_SIZE,
        ConfigKey.duration(
            "connect-timeout",
            Duration.ofSeconds(5),
            "PayPal and certificate calls' connect timeout"),
        ConfigKey.duration(
            "read-timeout", Duration.ofSeconds(10), "PayPal and certificate calls' read timeout"),
        ConfigKey.duration(
            "call-timeout",
            Duration.ofSeconds(15),
            "PayPal and certificate calls' whole-call limit"));
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    PayPalWebhookVerifier.Builder builder =
        PayPalWebhookVerifier.builder()
            .provider(context.provider())
            .clock(context.clock())
            .httpClients(context.httpClients());
    String webhookId = context.string("webhook-id");
    if (!webhookId.isEmpty()) {
      apply(context, "webhook-id", () -> builder.webhookId(webhookId));
    }
    PayPalWebhookVerifier.Mode mode = mode(context);
    builder.mode(mode);
    boolean confirm = context.get(CONFIRM_BY_FETCHING);
    builder.confirmByFetching(confirm);
    context
        .optionalString("environment")
        .ifPresent(value -> apply(context, "environment", () -> builder.environment(value)));
    URI baseUrl = context.url("base-url", null);
    if (baseUrl != null) {
      builder.baseUrl(baseUrl.toString());
    }
    credentials(context, builder, mode, confirm);
    Duration tolerance = context.get(TOLERANCE);
    apply(context, "tolerance", () -> builder.tolerance(tolerance));
    List<String> hosts = context.list("allowed-certificate-hosts");
    if (!hosts.isEmpty()) {
      apply(
          context,
          "allowed-certificate-hosts",
          () -> builder.allowedCertificateHosts(hosts.toArray(String[]::new)));
    }
    builder.allowPlainHttpOnLoopback(context.get(ALLOW_PLAIN_HTTP_ON_LOOPBACK));
    trustStore(context).ifPresent(builder::trustStore);
    List<String> names = context.list("certificate-names");
    if (!names.isEmpty()) {
      apply(
          context,
          "certificate-names",
          () -> builder.certificateNames(names.toArray(String[]::new)));
    }
    builder.certificateCacheSize(context.get(CERTIFICATE_CACHE_SIZE));
    timeout(context, "connect-timeout", builder::connectTimeout);
    timeout(context, "read-timeout", builder::readTimeout);
    timeout(context, "call-timeout", builder::callTimeout);
    if (!context.problems().isEmpty()) {
      return null;
    }
    return builder
        .replayGuard(
            context.replayGuard(
                "webhooks-" + context.provider() + "-transmissions", tolerance.multipliedBy(2)))
        .build();
  }

  private static PayPalWebhookVerifier.Mode mode(WebhookVerifierContext context) {
    String value = context.optionalString("mode").orElse("api");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "api":
        return PayPalWebhookVerifier.Mode.API;
      case "offline":
        return PayPalWebhookVerifier.Mode.OFFLINE;
      default:
        context.problem("mode", "must be api or offline, was " + Redaction.describe(value));
        return PayPalWebhookVerifier.Mode.API;
    }
  }

  /** Required in API mode and to confirm by fetching; read when set otherwise. */
  private static void credentials(
      WebhookVerifierContext context,
      PayPalWebhookVerifier.Builder builder,
      PayPalWebhookVerifier.Mode mode,
      boolean confirm) {
    boolean needed = mode == PayPalWebhookVerifier.Mode.API || confirm;
    String needs =
        mode == PayPalWebhookVerifier.Mode.API ? "in api mode" : "to confirm by fetching";
    Optional<String> clientId = context.optionalString("client-id");
    Optional<Secret> clientSecret = context.optionalSecret("client-secret");
    if (needed && clientId.isEmpty()) {
      context.problem("client-id", "is required " + needs + " but not set");
    }
    if (needed && clientSecret.isEmpty()) {
      context.problem(
          "client-secret",
          "is required " + needs + ": set it to a secret reference such as ${env:NAME}");
    }
    clientId.ifPresent(builder::clientId);
    clientSecret.ifPresent(builder::clientSecret);
  }

  /** The key store at {@code trust-store}, opened with {@code trust-store-password} when set. */
  private static Optional<KeyStore> trustStore(WebhookVerifierContext context) {
    Optional<String> file = context.optionalString("trust-store");
    Optional<Secret> password = context.optionalSecret("trust-store-password");
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(file.get());
    if (!Files.isRegularFile(path)) {
      context.problem("trust-store", "no such file: " + path);
      return Optional.empty();
    }
    try {
      char[] secret = password.map(p -> p.value().toCharArray()).orElse(null);
      return Optional.of(KeyStore.getInstance(path.toFile(), secret));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      // The exception's own words may describe the password, so only its kind is named.
      context.problem(
          "trust-store",
          "cannot be read as a PKCS12 or JKS key store with the trust-store-password given ("
              + e.getClass().getSimpleName()
              + "): "
              + path);
      return Optional.empty();
    }
  }

  private static void timeout(
      WebhookVerifierContext context, String key, Consumer<Duration> setter) {
    Duration value = context.duration(key, null);
    if (value != null) {
      apply(context, key, () -> setter.accept(value));
    }
  }

  private static void apply(WebhookVerifierContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }
}
