package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import java.time.Instant;
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
 * {@code async()} sends through the same code as {@code send}: the same result, the same failures,
 * without holding the caller's thread while Mailgun answers.
 */
class MailgunNonBlockingTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final long WAIT_SECONDS = 10;

  private final TestClock clock = TestClock.at(NOW);
  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private MailgunEmailSender overServer() throws Exception {
    server.start();
    return MailgunEmailSender.builder()
        .baseUrl(server.url("/").toString())
        .apiKey(MailgunSimulator.DEFAULT_API_KEY)
        .domain(MailgunSimulator.DEFAULT_DOMAIN)
        .clock(clock)
        .build();
  }

  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@mg.example.com")
        .to("ann@example.com")
        .subject("Hello")
        .text("Hi")
        .idempotencyKey(IdempotencyKey.of("msg-9"));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse queued() {
    return json(
        200, "{\"id\": \"<20240501.1@mg.example.com>\", \"message\": \"Queued. Thank you.\"}");
  }

  /** The future's failure, waited for: it must be a {@code type}. */
  private static <T> T failureOf(Class<T> type, CompletableFuture<?> future) {
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
            return queued();
          }
        });
    MailgunEmailSender sender = overServer();
    AtomicReference<Thread> completedOn = new AtomicReference<>();

    CompletableFuture<SendResult> future =
        sender
            .async()
            .send(message().build())
            .whenComplete((result, failure) -> completedOn.set(Thread.currentThread()));
    assertThat(future).as("returned before Mailgun answered").isNotDone();
    answer.countDown();
    SendResult nonBlocking = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    SendResult blocking = sender.send(message().build());

    assertThat(nonBlocking).isEqualTo(blocking);
    assertThat(nonBlocking.messageId()).isEqualTo("20240501.1@mg.example.com");
    assertThat(completedOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(completedOn.get().getName()).startsWith("OkHttp");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v3/mg.example.com/messages");
  }

  @Test
  void aBadRequestFailsTheFutureWithWhatTheBlockingCallThrows() throws Exception {
    MailgunEmailSender sender = overServer();
    server.enqueue(json(400, "{\"message\": \"'from' parameter is missing\"}"));
    server.enqueue(json(400, "{\"message\": \"'from' parameter is missing\"}"));

    InvalidRequestException blocking =
        catchThrowableOfType(InvalidRequestException.class, () -> sender.send(message().build()));
    InvalidRequestException nonBlocking =
        failureOf(InvalidRequestException.class, sender.async().send(message().build()));

    assertThat(nonBlocking.field()).contains("from");
    assertThat(nonBlocking.field()).isEqualTo(blocking.field());
    assertThat(nonBlocking.context()).isEqualTo(blocking.context());
    String blockingId = server.takeRequest().getHeaders().get("X-Request-Id");
    String nonBlockingId = server.takeRequest().getHeaders().get("X-Request-Id");
    assertThat(nonBlocking.reason())
        .as("the same reason, quoting its own request's X-Request-Id")
        .isEqualTo(blocking.reason().replace(blockingId, nonBlockingId));
  }

  @Test
  void aMessageOverMailgunsLimitsFailsTheFutureInsteadOfThrowing() throws Exception {
    MailgunEmailSender sender = overServer();
    EmailMessage fourTags = message().tags(List.of("a", "b", "c", "d")).build();

    CompletableFuture<SendResult> future = sender.async().send(fourTags);

    InvalidRequestException e = failureOf(InvalidRequestException.class, future);
    assertThat(e.field()).contains("tags");
    assertThat(e.requestSent()).isFalse();
    assertThat(e.reason())
        .isEqualTo(
            catchThrowableOfType(InvalidRequestException.class, () -> sender.send(fourTags))
                .reason());
    assertThat(server.getRequestCount()).as("nothing reached Mailgun").isZero();
  }

  @Test
  void aNullMessageFailsTheFutureInsteadOfThrowing() throws Exception {
    MailgunEmailSender sender = overServer();

    assertThat(failureOf(NullPointerException.class, sender.async().send(null)))
        .hasMessage("message == null");
  }

  @Test
  void theNonBlockingViewNamesTheProviderButNeverTheKey() throws Exception {
    MailgunEmailSender sender = overServer();

    assertThat(sender.async().provider()).isEqualTo("mailgun");
    assertThat(sender.async().toString())
        .contains("mailgun")
        .doesNotContain(MailgunSimulator.DEFAULT_API_KEY);
  }
}
