package dev.switchboard.testkit;

import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResiliencePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A failover composite over two fakes behaves, to its caller, like any one gateway. */
class FailoverPaymentGatewayContractTest extends PaymentGatewayContract {
  private final FailoverTesting time = new FailoverTesting();
  private final FakePaymentGateway primary =
      FakePaymentGateway.builder().provider("primary").clock(time.clock).build();
  private final FakePaymentGateway backup =
      FakePaymentGateway.builder().provider("backup").clock(time.clock).build();
  private final List<ResiliencePolicy> policies = new ArrayList<>();

  @Override
  protected PaymentGateway gateway() {
    return FailoverPaymentGateway.builder()
        .add(primary, policy("primary"))
        .add(backup, policy("backup"))
        .clock(time.clock)
        .build();
  }

  private ResiliencePolicy policy(String provider) {
    ResiliencePolicy policy = time.policy(provider, 2);
    policies.add(policy);
    return policy;
  }

  @Override
  protected PaymentTestSources sources() {
    return PaymentTestSources.builder()
        .currency("EUR")
        .succeeding(primary.source(FakePaymentGateway.TOKEN_SUCCEEDS))
        .declining(primary.source(FakePaymentGateway.TOKEN_CARD_DECLINED))
        .insufficientFunds(primary.source(FakePaymentGateway.TOKEN_INSUFFICIENT_FUNDS))
        .requiresAction(primary.source(FakePaymentGateway.TOKEN_REQUIRES_ACTION))
        .build();
  }

  @Override
  protected String servingProvider() {
    return "primary";
  }

  @AfterEach
  void closePolicies() {
    policies.forEach(ResiliencePolicy::close);
  }
}
