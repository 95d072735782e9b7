package dev.switchboard.payments.stripe;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
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

  @Override
  public PaymentGateway create(ProviderContext context) {
    StripePaymentGateway.Builder builder =
        StripePaymentGateway.builder()
            .provider(context.provider())
            .apiKey(context.secret("api-key"))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .connectTimeout(context.duration("connect-timeout", null))
            .readTimeout(context.duration("read-timeout", null))
            .callTimeout(context.duration("call-timeout", null));
    apply(
        context,
        "base-url",
        () ->
            builder.baseUrl(
                context
                    .url("base-url", URI.create(StripePaymentGateway.DEFAULT_BASE_URL))
                    .toString()));
    context
        .optionalString("api-version")
        .ifPresent(v -> apply(context, "api-version", () -> builder.apiVersion(v)));
    URI returnUrl = context.url("return-url", null);
    if (returnUrl != null) {
      apply(context, "return-url", () -> builder.returnUrl(returnUrl));
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
