package dev.switchboard.payments.paypal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.payments.PaymentGateway;
import java.net.URI;
import java.util.Optional;

/**
 * Builds a {@link PayPalPaymentGateway} from configuration; registered with {@link
 * java.util.ServiceLoader} as {@value #NAME}.
 *
 * <pre>
 * switchboard.payments.providers=paypal
 * switchboard.payments.paypal.client-id=AY...                         # required
 * switchboard.payments.paypal.client-secret=${env:PAYPAL_SECRET}      # required, a secret
 * switchboard.payments.paypal.environment=live                        # sandbox (default) or live
 * switchboard.payments.paypal.base-url=http://127.0.0.1:8080/         # default: the environment's
 * switchboard.payments.paypal.connect-timeout=2s                      # default 5 s
 * switchboard.payments.paypal.read-timeout=20s                        # default 30 s
 * switchboard.payments.paypal.call-timeout=40s                        # default 60 s
 * </pre>
 */
public final class PayPalPaymentGatewayFactory implements PaymentGatewayFactory {
  /** The factory's name, for {@code switchboard.payments.providers} or {@code .type}. */
  public static final String NAME = "paypal";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PaymentGateway create(ProviderContext context) {
    String clientId = context.string("client-id");
    PayPalPaymentGateway.Builder builder =
        PayPalPaymentGateway.builder()
            .provider(context.provider())
            .clientSecret(context.secret("client-secret"))
            .environment(environment(context))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .connectTimeout(context.duration("connect-timeout", null))
            .readTimeout(context.duration("read-timeout", null))
            .callTimeout(context.duration("call-timeout", null));
    URI baseUrl = context.url("base-url", null);
    if (baseUrl != null) {
      builder.baseUrl(baseUrl.toString());
    }
    try {
      builder.clientId(clientId.isBlank() ? "unset" : clientId);
    } catch (InvalidRequestException e) {
      context.problem("client-id", e.reason());
      builder.clientId("unset");
    }
    return builder.build();
  }

  private static PayPalEnvironment environment(ProviderContext context) {
    Optional<String> value = context.optionalString("environment");
    if (value.isEmpty()) {
      return PayPalEnvironment.SANDBOX;
    }
    try {
      return PayPalEnvironment.named(value.get());
    } catch (InvalidRequestException e) {
      context.problem("environment", e.reason());
      return PayPalEnvironment.SANDBOX;
    }
  }
}
