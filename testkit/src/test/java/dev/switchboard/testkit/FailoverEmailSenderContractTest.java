package dev.switchboard.testkit;

import dev.switchboard.email.EmailSender;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.ResiliencePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** A failover composite over two fake senders behaves, to its caller, like any one sender. */
class FailoverEmailSenderContractTest extends EmailSenderContract {
  private final FailoverTesting time = new FailoverTesting();
  private final List<ResiliencePolicy> policies = new ArrayList<>();
  private FakeEmailSender primary;

  @Override
  protected EmailSender sender() {
    primary = FakeEmailSender.builder().provider("primary").clock(time.clock).seed(1).build();
    FakeEmailSender backup =
        FakeEmailSender.builder().provider("backup").clock(time.clock).seed(2).build();
    return FailoverEmailSender.builder()
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
  protected List<ReceivedEmail> received() {
    return primary.received();
  }

  @Override
  protected Set<EmailCapability> capabilities() {
    return EnumSet.allOf(EmailCapability.class);
  }

  @Override
  protected Clock clock() {
    return time.clock;
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
