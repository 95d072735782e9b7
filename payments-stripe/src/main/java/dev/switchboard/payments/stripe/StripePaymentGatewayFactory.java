package dev.switchboard.payments.stripe;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CoreKeys;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.PaymentGateway;
import java.net.URI;

/**
 * Builds a {@link StripePaymentGateway} from configuration; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}.
 *
 * <pre>
 * switchboard.payments.providers=stripe
 * switchboard.payments.stripe.api-key=${env:STRIPE_API_KEY}      # required, a secret reference
 * switchboard.payments.stripe.base-url=https://api.stripe.com    # default; paths carry /v1
 * switchboard.payments.stripe.api-version=2026-02-25.clover      # default
 * switchboard.payments.stripe.return-url=https://shop.example/3ds-done   # default none
 * switchboard.payments.stripe.connect-timeout=5s                 # default: the HTTP layer's 5 s
 * switchboard.payments.stripe.read-timeout=30s                   # default: the HTTP layer's 30 s
 * switchboard.payments.stripe.call-timeout=60s                   # default: the HTTP layer's 60 s
 * </pre>
 *
 * <p>A provider with another name selects it with {@code switchboard.payments.<name>.type=stripe}.
 * The generic {@code retry.*}, {@code breaker.*} (and other resilience) keys apply as for every
 * provider.
 */
public final class StripePaymentGatewayFactory implements PaymentGatewayFactory {
  /** The factory's name, for {@code providers=stripe} or {@code <name>.type=stripe}. */
  public static final String NAME = "stripe";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code api-key}: the secret key ({@code sk_...}), a secret reference. */
  public static final ConfigKey<Secret> API_KEY =
      ConfigKey.secret("api-key", "the secret key (sk_...), a secret reference").required();

  /** {@code base-url}. */
  public static final ConfigKey<URI> BASE_URL =
      ConfigKey.url(
          "base-url", URI.create(StripePaymentGateway.DEFAULT_BASE_URL), "Stripe's API root");

  /** {@code api-version}, sent as {@code Stripe-Version}. */
  public static final ConfigKey<String> API_VERSION =
      ConfigKey.string(
          "api-version", StripePaymentGateway.DEFAULT_API_VERSION, "sent as Stripe-Version");

  /** {@code return-url}: where 3-D Secure returns. */
  public static final ConfigKey<URI> RETURN_URL =
      ConfigKey.url("return-url", null, "where 3-D Secure returns");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        API_KEY,
        BASE_URL,
        API_VERSION,
        RETURN_URL,
        CoreKeys.CONNECT_TIMEOUT,
        CoreKeys.READ_TIMEOUT,
        CoreKeys.CALL_TIMEOUT);
  }

  @Override
  public PaymentGateway create(ProviderContext context) {
    StripePaymentGateway.Builder builder =
        StripePaymentGateway.builder()
            .provider(context.provider())
            .apiKey(context.get(API_KEY))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .connectTimeout(context.get(CoreKeys.CONNECT_TIMEOUT))
            .readTimeout(context.get(CoreKeys.READ_TIMEOUT))
            .callTimeout(context.get(CoreKeys.CALL_TIMEOUT));
    URI baseUrl = context.get(BASE_URL);
    apply(context, BASE_URL.name(), () -> builder.baseUrl(baseUrl.toString()));
    String apiVersion = context.get(API_VERSION);
    apply(context, API_VERSION.name(), () -> builder.apiVersion(apiVersion));
    URI returnUrl = context.get(RETURN_URL);
    if (returnUrl != null) {
      apply(context, RETURN_URL.name(), () -> builder.returnUrl(returnUrl));
    }
    return builder.build();
  }

  private static void apply(ProviderContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }
}
