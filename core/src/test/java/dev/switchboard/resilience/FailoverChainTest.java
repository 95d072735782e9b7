package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The shared failover walk, seen through the email composite over hand-written senders. */
class FailoverChainTest {
  private final MutableClock clock = MutableClock.start();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  private ResiliencePolicy policy(String provider) {
    return ResiliencePolicy.of(
        provider,
        ResilienceConfig.builder()
            .retryMaxAttempts(1)
            .timeoutCall(Duration.ZERO)
            .clock(clock)
            .random(new Random(1))
            .sleeper(new RecordingSleeper(clock))
            .build());
  }

  private static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello")
        .idempotencyKey(IdempotencyKey.of("msg-1"))
        .build();
  }

  private static ErrorContext context(String provider) {
    return ErrorContext.builder().provider(provider).operation("send").build();
  }

  @Test
  void aFailureThatMayNotMoveOnCarriesTheEarlierProvidersFailures() {
    ProviderUnavailableException down = new ProviderUnavailableException("down", context("a"));
    InvalidRequestException rejected =
        new InvalidRequestException("bad sender domain", context("b"));
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(
                new Stub(
                    "a",
                    m -> {
                      throw down;
                    }),
                policy("a"))
            .add(
                new Stub(
                    "b",
                    m -> {
                      throw rejected;
                    }),
                policy("b"))
            .add(new Stub("c", Stub::accept), policy("c"))
            .build();

    assertThatThrownBy(() -> email.send(message()))
        .isSameAs(rejected)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(down));
  }

  @Test
  void anUnknownOutcomeWithoutAKeyIsGivenTheKeyItWasSentWith() {
    OutcomeUnknownException lost = new OutcomeUnknownException("reset", context("a"));
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(
                new Stub(
                    "a",
                    m -> {
                      throw lost;
                    }),
                policy("a"))
            .add(new Stub("b", Stub::accept), policy("b"))
            .build();

    assertThatThrownBy(() -> email.send(message()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("msg-1"));
              assertThat(e.getCause()).isSameAs(lost);
              assertThat(e.reason()).isEqualTo("reset");
            });
  }

  @Test
  void aListenerThatThrowsDoesNotDisturbTheCallAndARemovedOneHearsNothing() {
    FailoverListener broken =
        event -> {
          throw new IllegalStateException("listener bug");
        };
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(
                new Stub(
                    "a",
                    m -> {
                      throw new ProviderUnavailableException("down", context("a"));
                    }),
                policy("a"))
            .add(new Stub("b", Stub::accept), policy("b"))
            .listener(broken)
            .clock(clock)
            .build();
    FailoverListener recorder = events::add;
    email.addListener(recorder);

    assertThat(email.send(message()).provider()).isEqualTo("b");
    email.removeListener(recorder);
    email.send(message().toBuilder().idempotencyKey(IdempotencyKey.of("msg-2")).build());

    assertThat(events).hasSize(1);
    assertThat(events.get(0).at()).isEqualTo(clock.instant());
  }

  @Test
  void aCallShedByTheBulkheadMovesOnWithoutStartingAnOutage() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ResiliencePolicy narrow =
        ResiliencePolicy.of(
            "a",
            ResilienceConfig.builder()
                .retryMaxAttempts(1)
                .bulkheadMaxConcurrentCalls(1)
                .bulkheadMaxWait(Duration.ZERO)
                .timeoutCall(Duration.ZERO)
                .clock(clock)
                .build());
    List<String> moved = new CopyOnWriteArrayList<>();
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(
                new Stub(
                    "a",
                    m -> {
                      if (m.idempotencyKey().value().equals("held")) {
                        holding.countDown();
                        await(release);
                      }
                      return Stub.accept(m);
                    }),
                narrow)
            .add(new Stub("b", Stub::accept), policy("b"))
            .listener(
                new FailoverListener() {
                  @Override
                  public void onEvent(FailoverEvent event) {
                    events.add(event);
                  }

                  @Override
                  public void callMoved(String from, String to, String operation) {
                    moved.add(from + "->" + to);
                  }
                })
            .clock(clock)
            .build();
    Thread holder =
        new Thread(
            () ->
                email.send(
                    message().toBuilder().idempotencyKey(IdempotencyKey.of("held")).build()));
    holder.start();
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(email.send(message()).provider()).isEqualTo("b");
    } finally {
      release.countDown();
      holder.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(
            email
                .send(message().toBuilder().idempotencyKey(IdempotencyKey.of("m-3")).build())
                .provider())
        .isEqualTo("a");

    assertThat(moved).containsExactly("a->b");
    assertThat(events).as("no ProviderSwitched, no ProviderRecovered").isEmpty();
    assertThat(narrow.health().lastError()).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theBuilderNamesTheFieldItRejects() {
    Stub a = new Stub("a", Stub::accept);
    assertField(() -> FailoverEmailSender.builder().build(), "providers");
    assertNullRejected(() -> FailoverEmailSender.builder().add(null), "sender");
    assertNullRejected(() -> FailoverEmailSender.builder().add(a, null), "policy");
    assertField(() -> FailoverEmailSender.builder().add(a).add(a), "provider");
    assertField(() -> FailoverEmailSender.builder().add(new Stub(" ", Stub::accept)), "provider");
    assertNullRejected(() -> FailoverEmailSender.builder().listener(null), "listener");
    assertNullRejected(() -> FailoverEmailSender.builder().clock(null), "clock");
    assertNullRejected(() -> FailoverEmailSender.builder().strategy(null), "strategy");
    assertNullRejected(() -> FailoverEmailSender.builder().random(null), "random");
    assertNullRejected(() -> FailoverBlobStore.builder().add(null, policy("a")), "store");
    assertNullRejected(() -> FailoverPaymentGateway.builder().listener(null), "listener");
  }

  @Test
  void eventsRejectMissingFields() {
    Instant now = clock.instant();
    ProviderUnavailableException cause = new ProviderUnavailableException("down", context("a"));
    assertNullRejected(
        () -> new FailoverEvent.ProviderRecovered(null, 1, Duration.ZERO, now), "provider");
    assertNullRejected(() -> new FailoverEvent.ProviderRecovered("a", 1, null, now), "away");
    assertNullRejected(
        () -> new FailoverEvent.ProviderRecovered("a", 1, Duration.ZERO, null), "at");
    assertField(
        () -> new FailoverEvent.ProviderRecovered("a", -1, Duration.ZERO, now),
        "callsServedElsewhere");
    assertField(
        () -> new FailoverEvent.ProviderRecovered("a", 1, Duration.ofSeconds(-1), now), "away");
    assertNullRejected(
        () -> new FailoverEvent.ProviderSwitched("a", "b", "send", null, now), "cause");
    assertNullRejected(
        () -> new FailoverEvent.ProviderSwitched(null, "b", "send", cause, now), "from");
  }

  @Test
  void healthAndToStringListTheProvidersInPriorityOrder() {
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(new Stub("a", Stub::accept), policy("a"))
            .add(new Stub("b", Stub::accept), policy("b"))
            .strategy(DistributionStrategy.ROUND_ROBIN)
            .build();

    assertThat(email.health()).extracting(ProviderHealth::provider).containsExactly("a", "b");
    assertThat(email.providers()).containsExactly("a", "b");
    assertThat(email).hasToString("FailoverEmailSender{providers=[a, b], strategy=ROUND_ROBIN}");
  }

  private static void assertField(Runnable action, String field) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
  }

  /** A sender whose answer the test scripts. */
  private static final class Stub implements EmailSender {
    private final String provider;
    private final Function<EmailMessage, SendResult> answer;

    Stub(String provider, Function<EmailMessage, SendResult> answer) {
      this.provider = provider;
      this.answer = answer;
    }

    static SendResult accept(EmailMessage message) {
      return SendResult.of("stub", "id-" + message.idempotencyKey(), Instant.EPOCH);
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public SendResult send(EmailMessage message) {
      SendResult result = answer.apply(message);
      return SendResult.of(provider, result.messageId(), result.acceptedAt());
    }
  }

  /** A null reference is a bug, not bad input: NPE naming the argument. */
  private static void assertNullRejected(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }
}
