package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeEmailSenderTest {
  private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final FakeEmailSender fake = FakeEmailSender.builder().clock(clock).seed(7).build();

  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Receipt")
        .text("Thanks");
  }

  @Test
  void usesTheDefaultsWhenCreated() {
    FakeEmailSender created = FakeEmailSender.create();
    assertThat(created.provider()).isEqualTo("fake");
    assertThat(created.send(message().build()).provider()).isEqualTo("fake");
    assertThat(created).hasToString("FakeEmailSender{provider=fake, sent=1}");
  }

  @Test
  void answersWithTheClocksTimeAndASeededMessageId() {
    SendResult result = fake.send(message().build());
    SendResult sameSeed =
        FakeEmailSender.builder().clock(clock).seed(7).build().send(message().build());
    assertThat(result.acceptedAt()).isEqualTo(NOW);
    assertThat(result.messageId()).startsWith("fake-").isEqualTo(sameSeed.messageId());
    assertThat(result.vendorRequestId()).isEmpty();
  }

  @Test
  void keepsAcceptedMessagesInOrder() {
    EmailMessage first = message().subject("one").build();
    EmailMessage second =
        message().subject("two").to("bob@example.com").cc("ann@Example.com").build();
    fake.send(first);
    fake.send(second);
    assertThat(fake.sent()).containsExactly(first, second);
    assertThat(fake.sentTo("ann@EXAMPLE.com")).containsExactly(first, second);
    assertThat(fake.sentTo("Bob <bob@example.com>")).containsExactly(second);
    assertThat(fake.sentTo("nobody@example.com")).isEmpty();
    assertThat(fake.received()).extracting(ReceivedEmail::subject).containsExactly("one", "two");
  }

  @Test
  void clearForgetsMessagesAndKeys() {
    EmailMessage m = message().build();
    SendResult first = fake.send(m);
    fake.clear();
    assertThat(fake.sent()).isEmpty();
    assertThat(fake.received()).isEmpty();
    assertThat(fake.send(m).messageId()).isNotEqualTo(first.messageId());
    assertThat(fake.sent()).hasSize(1);
  }

  @Test
  void replaysTheFirstResultForTheSameKeyAndMessage() {
    EmailMessage m = message().build();
    SendResult first = fake.send(m);
    assertThat(fake.send(m)).isEqualTo(first);
    assertThat(fake.sent()).hasSize(1);
  }

  @Test
  void replaysEvenWhenTheScheduledTimeHasSincePassed() {
    AdjustableClock moving = new AdjustableClock(NOW);
    FakeEmailSender scheduled = FakeEmailSender.builder().clock(moving).build();
    EmailMessage m = message().sendAt(NOW.plus(Duration.ofHours(1))).build();
    SendResult first = scheduled.send(m);
    moving.advance(Duration.ofHours(2));
    assertThat(scheduled.send(m)).isEqualTo(first);
    assertThatThrownBy(() -> scheduled.send(m.toBuilder().build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("sendAt"));
    assertThat(scheduled.sent()).hasSize(1);
  }

  /** A clock a test moves by hand. */
  private static final class AdjustableClock extends Clock {
    private volatile Instant now;

    AdjustableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void rejectsTheSameKeyWithADifferentMessage() {
    EmailMessage m = message().build();
    fake.send(m);
    EmailMessage other = m.toBuilder().idempotencyKey(m.idempotencyKey()).text("Changed").build();
    assertThatThrownBy(() -> fake.send(other))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.field()).contains("idempotencyKey");
              assertThat(e.provider()).contains("fake");
              assertThat(e.operation()).contains("send");
              assertThat(e.idempotencyKey()).contains(m.idempotencyKey());
              assertThat(e.requestSent()).isTrue();
            });
    assertThat(fake.sent()).containsExactly(m);
  }

  @Test
  void rejectsASendTimeInThePastOrBeyondTheHorizon() {
    assertThatThrownBy(() -> fake.send(message().sendAt(NOW.minusSeconds(1)).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("sendAt");
              assertThat(e.reason()).contains("in the past");
            });
    assertThatThrownBy(
            () ->
                fake.send(message().sendAt(NOW.plus(Duration.ofHours(72)).plusSeconds(1)).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("sendAt");
              assertThat(e.reason()).contains("PT72H");
            });
    assertThat(fake.sent()).isEmpty();
    fake.send(message().sendAt(NOW).build());
    fake.send(message().sendAt(NOW.plus(Duration.ofHours(72))).build());
    assertThat(fake.sent()).hasSize(2);
  }

  @Test
  void theSchedulingHorizonIsABuilderOption() {
    FakeEmailSender week =
        FakeEmailSender.builder().clock(clock).maxScheduleAhead(Duration.ofDays(7)).build();
    week.send(message().sendAt(NOW.plus(Duration.ofDays(6))).build());
    assertThat(week.sent()).hasSize(1);
    assertThatThrownBy(() -> FakeEmailSender.builder().maxScheduleAhead(Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsANullMessage() {
    assertThatThrownBy(() -> fake.send(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
  }

  @Test
  void storesNothingWhenAnInjectedFailureStrikesBeforeSending() {
    fake.failures().failNext(1, Failure.unavailable());
    EmailMessage m = message().build();
    assertThatThrownBy(() -> fake.send(m))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.provider()).contains("fake");
              assertThat(e.operation()).contains("send");
              assertThat(e.idempotencyKey()).contains(m.idempotencyKey());
            });
    assertThat(fake.sent()).isEmpty();
    fake.send(m);
    assertThat(fake.sent()).hasSize(1);
    assertThat(fake.failures().calls()).isEqualTo(2);
  }

  @Test
  void aRetryAfterALostAnswerReplaysInsteadOfSendingTwice() {
    fake.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    EmailMessage m = message().build();
    assertThatThrownBy(() -> fake.send(m)).isInstanceOf(OutcomeUnknownException.class);
    assertThat(fake.sent()).hasSize(1);
    SendResult retried = fake.send(m);
    assertThat(retried.messageId()).isEqualTo(fake.send(m).messageId());
    assertThat(fake.sent()).hasSize(1);
  }

  @Test
  void failsEveryCallWhileDown() {
    fake.failures().goDown();
    assertThatThrownBy(() -> fake.send(message().build()))
        .isInstanceOf(ProviderUnavailableException.class);
    fake.failures().recover();
    fake.send(message().build());
    assertThat(fake.sent()).hasSize(1);
  }

  @Test
  void usesItsProviderNameInResultsAndErrors() {
    FakeEmailSender primary = FakeEmailSender.builder().provider("primary").build();
    assertThat(primary.send(message().build()).provider()).isEqualTo("primary");
    primary.failures().failNext(1, Failure.unavailable());
    assertThatThrownBy(() -> primary.send(message().build()))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class, e -> assertThat(e.provider()).contains("primary"));
    assertThatThrownBy(() -> FakeEmailSender.builder().provider(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsConcurrentSendsWithoutLosingAny() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SendResult>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        EmailMessage m = message().to("user" + i + "@example.com").build();
        results.add(pool.submit(() -> fake.send(m)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<SendResult> f : results) {
        ids.add(f.get(10, TimeUnit.SECONDS).messageId());
      }
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(fake.sent()).hasSize(200);
    } finally {
      pool.shutdownNow();
    }
  }
}
