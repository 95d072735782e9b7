package dev.switchboard.payments.paypal;

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

  /** {@code client-id}: the REST app's client id. */
  public static final ConfigKey<String> CLIENT_ID =
      ConfigKey.string("client-id", null, "the REST app's client id").required();

  /** {@code client-secret}: the REST app's secret, a secret reference. */
  public static final ConfigKey<Secret> CLIENT_SECRET =
      ConfigKey.secret("client-secret", "the REST app's secret, a secret reference").required();

  /** {@code environment}: {@code sandbox} (the default) or {@code live}. */
  public static final ConfigKey<String> ENVIRONMENT =
      ConfigKey.string("environment", "sandbox", "sandbox or live").oneOf("sandbox", "live");

  /** {@code base-url}: overrides the environment's. */
  public static final ConfigKey<URI> BASE_URL =
      ConfigKey.url("base-url", null, "overrides the environment's API root")
          .defaultText("the environment's");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        CLIENT_ID,
        CLIENT_SECRET,
        ENVIRONMENT,
        BASE_URL,
        CoreKeys.CONNECT_TIMEOUT,
        CoreKeys.READ_TIMEOUT,
        CoreKeys.CALL_TIMEOUT);
  }

  @Override
  public PaymentGateway create(ProviderContext context) {
    String clientId = context.get(CLIENT_ID);
    PayPalPaymentGateway.Builder builder =
        PayPalPaymentGateway.builder()
            .provider(context.provider())
            .clientSecret(context.get(CLIENT_SECRET))
            .environment(environment(context))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .connectTimeout(context.get(CoreKeys.CONNECT_TIMEOUT))
            .readTimeout(context.get(CoreKeys.READ_TIMEOUT))
            .callTimeout(context.get(CoreKeys.CALL_TIMEOUT));
    URI baseUrl = context.get(BASE_URL);
    if (baseUrl != null) {
      builder.baseUrl(baseUrl.toString());
    }
    try {
      builder.clientId(clientId == null || clientId.isBlank() ? "unset" : clientId);
    } catch (InvalidRequestException e) {
      context.problem(CLIENT_ID.name(), e.reason());
      builder.clientId("unset");
    }
    return builder.build();
  }

  private static PayPalEnvironment environment(ProviderContext context) {
    String value = context.get(ENVIRONMENT);
    try {
      return PayPalEnvironment.named(value);
    } catch (InvalidRequestException e) {
      context.problem(ENVIRONMENT.name(), e.reason());
      return PayPalEnvironment.SANDBOX;
    }
  }
}
