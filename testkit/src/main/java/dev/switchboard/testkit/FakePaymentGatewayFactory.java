package dev.switchboard.testkit;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.payments.PaymentGateway;
import java.util.List;

/**
 * Builds a {@link FakePaymentGateway} for {@code switchboard.payments.providers=fake}, so an app
 * runs locally with no vendor. Registered with {@link java.util.ServiceLoader}.
 *
 * <pre>
 * switchboard.payments.providers=fake
 * switchboard.payments.fake.seed=42                 # default 0
 * switchboard.payments.fake.currencies=EUR,USD      # default: every currency
 * switchboard.payments.fake.approval-flow=false     # default true
 * </pre>
 */
public final class FakePaymentGatewayFactory implements PaymentGatewayFactory {
  @Override
  public String name() {
    return FakePaymentGateway.DEFAULT_PROVIDER;
  }

  @Override
  public PaymentGateway create(ProviderContext context) {
    FakePaymentGateway.Builder builder =
        FakePaymentGateway.builder()
            .provider(context.provider())
            .clock(context.clock())
            .seed(context.longValue("seed", 0))
            .approvalFlow(context.bool("approval-flow", true));
    List<String> currencies = context.list("currencies");
    if (!currencies.isEmpty()) {
      try {
        builder.currencies(currencies.toArray(String[]::new));
      } catch (InvalidRequestException e) {
        context.problem("currencies", e.reason());
      }
    }
    return builder.build();
  }
}
