package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.config.Secret;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code async()} sends through the same code as {@code send}: the same request and result, the
 * same failures, without holding the caller's thread while SendGrid answers.
 */
class SendGridNonBlockingTest {
  static final String KEY = "SG.fake-non-blocking-key";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final long WAIT_SECONDS = 10;

  final TestClock clock = TestClock.at(NOW);
  final MockWebServer server = new MockWebServer();

  @AfterEach
  void stop() {
    server.close();
  }

  SendGridEmailSender overServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    return SendGridEmailSender.builder()
        .baseUrl(server.url("/").toString())
        .apiKey(Secret.of(KEY))
        .clock(clock)
        .build();
  }

  static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Your receipt")
        .text("Thanks!")
        .idempotencyKey(IdempotencyKey.of("order-9"));
  }

  static MockResponse accepted(String messageId) {
    return new MockResponse.Builder().code(202).setHeader("X-Message-Id", messageId).build();
  }

  /** The future's failure, waited for: it must be a {@code type}. */
  static <T> T failureOf(Class<T> type, CompletableFuture<?> future) {
    ExecutionException failed =
        catchThrowableOfType(
            ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertThat(failed).as("the future failed").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(type);
    return type.cast(failed.getCause());
  }

  @Test
  void completesOnOkHttpsThreadWithTheBlockingCallsResult() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            answer.await(WAIT_SECONDS, TimeUnit.SECONDS);
            return accepted("msg-1");
          }
        });
    SendGridEmailSender sender = overServer();
    AtomicReference<Thread> completedOn = new AtomicReference<>();

    CompletableFuture<SendResult> future =
        sender
            .async()
            .send(message().build())
            .whenComplete((result, failure) -> completedOn.set(Thread.currentThread()));
    assertThat(future).as("returned before SendGrid answered").isNotDone();
    answer.countDown();
    SendResult nonBlocking = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    SendResult blocking = sender.send(message().build());

    assertThat(nonBlocking).isEqualTo(blocking);
    assertThat(nonBlocking.messageId()).isEqualTo("msg-1");
    assertThat(completedOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(completedOn.get().getName()).startsWith("OkHttp");
    assertThat(server.takeRequest().getBody())
        .as("the same JSON either way")
        .isEqualTo(server.takeRequest().getBody());
  }

  @Test
  void aRateLimitFailsTheFutureWithWhatTheBlockingCallThrows() throws Exception {
    SendGridEmailSender sender = overServer();
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .setHeader("Retry-After", "7")
              .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 42))
              .body("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}")
              .build());
    }

    RateLimitedException blocking =
        catchThrowableOfType(RateLimitedException.class, () -> sender.send(message().build()));
    RateLimitedException nonBlocking =
        failureOf(RateLimitedException.class, sender.async().send(message().build()));

    assertThat(nonBlocking.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(nonBlocking.retryAfter()).isEqualTo(blocking.retryAfter());
    assertThat(nonBlocking.context()).isEqualTo(blocking.context());
    String blockingId = server.takeRequest().getHeaders().get("X-Request-Id");
    String nonBlockingId = server.takeRequest().getHeaders().get("X-Request-Id");
    assertThat(nonBlocking.reason())
        .as("the same reason, quoting its own request's X-Request-Id")
        .isEqualTo(blocking.reason().replace(blockingId, nonBlockingId));
  }

  @Test
  void aMessageOverSendGridsLimitsFailsTheFutureInsteadOfThrowing() throws IOException {
    SendGridEmailSender sender = overServer();
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      tags.add("tag-" + i);
    }
    EmailMessage tooManyCategories = message().tags(tags).build();

    CompletableFuture<SendResult> future = sender.async().send(tooManyCategories);

    InvalidRequestException e = failureOf(InvalidRequestException.class, future);
    assertThat(e.field()).contains("tags");
    assertThat(e.requestSent()).isFalse();
    assertThat(e.reason())
        .isEqualTo(
            catchThrowableOfType(
                    InvalidRequestException.class, () -> sender.send(tooManyCategories))
                .reason());
    assertThat(server.getRequestCount()).as("nothing reached SendGrid").isZero();
  }

  @Test
  void aNullMessageFailsTheFutureInsteadOfThrowing() throws IOException {
    SendGridEmailSender sender = overServer();

    assertThat(failureOf(NullPointerException.class, sender.async().send(null)))
        .hasMessage("message == null");
  }

  @Test
  void theNonBlockingViewNamesTheProviderButNeverTheKey() throws IOException {
    SendGridEmailSender sender = overServer();

    assertThat(sender.async().provider()).isEqualTo("sendgrid");
    assertThat(sender.async().toString()).contains("sendgrid").doesNotContain(KEY);
  }
}
