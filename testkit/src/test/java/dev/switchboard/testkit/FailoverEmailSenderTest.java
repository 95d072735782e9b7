package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.DistributionStrategy;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ResiliencePolicy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FailoverEmailSenderTest {
  private final FailoverTesting t = new FailoverTesting();
  private final FakeEmailSender a = sender("a", 1);
  private final FakeEmailSender b = sender("b", 2);
  private final FakeEmailSender c = sender("c", 3);
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  private FakeEmailSender sender(String provider, long seed) {
    return FakeEmailSender.builder().provider(provider).clock(t.clock).seed(seed).build();
  }

  private static EmailMessage message(String key) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Your receipt")
        .text("Thanks!")
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private FailoverEmailSender.Builder twoProviders() {
    return FailoverEmailSender.builder()
        .add(a, t.policy("a", 1))
        .add(b, t.policy("b", 1))
        .listener(events::add)
        .clock(t.clock);
  }

  @Test
  void anUnknownOutcomeDoesNotFailOverByDefault() {
    FailoverEmailSender email = twoProviders().build();
    a.failures().failNext(1, Failure.outcomeUnknownAfterActing());

    assertThatThrownBy(() -> email.send(message("m-1")))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("m-1")));
    assertThat(b.sent()).isEmpty();
    assertThat(a.sent()).hasSize(1);
  }

  @Test
  void anUnknownOutcomeFailsOverWhenConfiguredWithADerivedKey() {
    FailoverEmailSender email = twoProviders().unknownOutcomeMayFailOver(true).build();
    a.failures().failNext(1, Failure.outcomeUnknown());
    EmailMessage message = message("m-2");

    SendResult result = email.send(message);

    assertThat(result.provider()).isEqualTo("b");
    assertThat(b.sent())
        .singleElement()
        .satisfies(
            sent ->
                assertThat(sent.idempotencyKey()).isEqualTo(IdempotencyKey.of("m-2").derive("b")));
    assertThat(message.idempotencyKey()).isEqualTo(IdempotencyKey.of("m-2"));
    assertThat(events).singleElement().isInstanceOf(FailoverEvent.ProviderSwitched.class);
  }

  @Test
  void anUnavailablePrimaryFailsOver() {
    FailoverEmailSender email = twoProviders().build();
    a.failures().goDown();

    assertThat(email.send(message("m-3")).provider()).isEqualTo("b");
  }

  @Test
  void whenEveryProviderFailsTheCausesComeInOrder() {
    FailoverEmailSender email = twoProviders().build();
    a.failures().goDown();
    b.failures().goDown();

    assertThatThrownBy(() -> email.send(message("m-4")))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class,
            e ->
                assertThat(e.causes())
                    .extracting(x -> x.provider().orElseThrow())
                    .containsExactly("a", "b"));
  }

  @Test
  void roundRobinSpreadsMessagesEvenly() {
    FailoverEmailSender email = roundRobin(t.policy("c", 1));

    for (int i = 0; i < 6; i++) {
      email.send(message("rr-" + i));
    }

    assertThat(a.sent()).hasSize(2);
    assertThat(b.sent()).hasSize(2);
    assertThat(c.sent()).hasSize(2);
    assertThat(events).isEmpty();
  }

  @Test
  void roundRobinSkipsAProviderWhoseBreakerIsOpenUntilItsWaitIsOver() {
    ResiliencePolicy fragile =
        ResiliencePolicy.of(
            "c", t.config(1).breakerSlidingWindowSize(1).breakerMinimumCalls(1).build());
    FailoverEmailSender email = roundRobin(fragile);
    c.failures().goDown();
    for (int i = 0; i < 3; i++) {
      email.send(message("warm-" + i));
    }
    assertThat(fragile.breakerState()).isEqualTo(BreakerState.OPEN);
    int aBefore = a.sent().size();
    int bBefore = b.sent().size();
    long cCalls = c.failures().calls();

    for (int i = 0; i < 6; i++) {
      email.send(message("skip-" + i));
    }

    assertThat(a.sent().size() - aBefore).isEqualTo(3);
    assertThat(b.sent().size() - bBefore).isEqualTo(3);
    assertThat(c.failures().calls()).isEqualTo(cCalls);

    t.advance(FailoverTesting.WAIT_IN_OPEN.plusSeconds(1));
    c.failures().recover();
    for (int i = 0; i < 3; i++) {
      email.send(message("back-" + i));
    }
    assertThat(c.sent()).hasSize(1);
    assertThat(events)
        .last()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderRecovered.class,
            recovered -> {
              assertThat(recovered.provider()).isEqualTo("c");
              assertThat(recovered.at()).isEqualTo(t.clock.instant());
              assertThat(recovered.callsServedElsewhere())
                  .as("only c's failed call: while its breaker waited no call was meant for c")
                  .isEqualTo(1);
            });
    assertThat(events).filteredOn(FailoverEvent.ProviderSwitched.class::isInstance).hasSize(1);
  }

  @Test
  void weightedSpreadFollowsTheWeightsFromASeededRandom() {
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .strategy(DistributionStrategy.WEIGHTED)
            .add(a, t.policy("a", 1), 3)
            .add(b, t.policy("b", 1), 1)
            .add(c, t.policy("c", 1), 0)
            .random(new Random(42))
            .build();

    for (int i = 0; i < 400; i++) {
      email.send(message("w-" + i));
    }

    assertThat(a.sent().size()).isBetween(270, 330);
    assertThat(b.sent().size()).isEqualTo(400 - a.sent().size());
    assertThat(c.sent()).isEmpty();
  }

  @Test
  void aRepeatedMessageGoesWhereItWentBefore() {
    FailoverEmailSender email = roundRobin(t.policy("c", 1));
    EmailMessage message = message("again");

    SendResult first = email.send(message);
    SendResult second = email.send(message);

    assertThat(second).isEqualTo(first);
    assertThat(a.sent().size() + b.sent().size() + c.sent().size()).isEqualTo(1);
  }

  @Test
  void rejectsANullMessageAndANegativeWeight() {
    FailoverEmailSender email = twoProviders().build();

    assertThatThrownBy(() -> email.send(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> FailoverEmailSender.builder().add(a, t.policy("a", 1), -1))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("weight"));
    assertThat(email.strategy()).isEqualTo(DistributionStrategy.PRIORITY);
    assertThat(email.provider()).isEqualTo("failover(a,b)");
  }

  private FailoverEmailSender roundRobin(ResiliencePolicy cPolicy) {
    return FailoverEmailSender.builder()
        .strategy(DistributionStrategy.ROUND_ROBIN)
        .add(a, t.policy("a", 1))
        .add(b, t.policy("b", 1))
        .add(c, cPolicy)
        .listener(events::add)
        .clock(t.clock)
        .build();
  }
}
