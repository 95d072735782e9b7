package dev.switchboard.endtoend;

import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.payments.PaymentGateway;
import java.net.URI;

/**
 * Builds an {@link AcmePaymentGateway} from configuration, as an adapter module's factory does. Not
 * registered with {@code ServiceLoader} (that would change what other core tests discover); tests
 * add it with {@code ProviderRegistry.builder().add(new AcmePaymentGatewayFactory())}.
 *
 * <pre>
 * switchboard.payments.providers=primary,backup
 * switchboard.payments.primary.type=acme
 * switchboard.payments.primary.base-url=http://127.0.0.1:8080/   # default https://api.acme-pay.test/
 * switchboard.payments.primary.api-key=${env:PRIMARY_KEY}        # required
 * switchboard.payments.primary.read-timeout=300ms                # default: the HTTP layer's 30 s
 * switchboard.payments.primary.connect-timeout=1s                # default: the HTTP layer's 5 s
 * switchboard.payments.primary.call-timeout=2s                   # default: the HTTP layer's 60 s
 * switchboard.payments.primary.unavailable-means-not-processed=true   # default true
 * </pre>
 */
public final class AcmePaymentGatewayFactory implements PaymentGatewayFactory {
  /** The factory's name, for {@code switchboard.payments.<provider>.type}. */
  public static final String NAME = "acme";

  private static final URI DEFAULT_BASE_URL = URI.create("https://api.acme-pay.test/");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PaymentGateway create(ProviderContext context) {
    AcmePaymentGateway.Builder builder =
        AcmePaymentGateway.builder()
            .provider(context.provider())
            .baseUrl(context.url("base-url", DEFAULT_BASE_URL).toString())
            .apiKey(context.secret("api-key"))
            .clock(context.clock())
            .quota(context.quota())
            .httpClients(context.httpClients())
            .unavailableMeansNotProcessed(context.bool("unavailable-means-not-processed", true))
            .connectTimeout(context.duration("connect-timeout", null))
            .readTimeout(context.duration("read-timeout", null))
            .callTimeout(context.duration("call-timeout", null));
    return builder.build();
  }
}
