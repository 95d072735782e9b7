package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SecretSource;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.resilience.QuotaTracker;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way SendGrid can answer or fail, each to exactly one exception of the taxonomy. */
class SendGridErrorMappingTest {
  static final String KEY = "SG.fake-errors-key";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  final TestClock clock = TestClock.at(NOW);
  final MockWebServer server = new MockWebServer();
  final SendGridSimulator sendgrid = new SendGridSimulator(KEY, clock);

  @AfterEach
  void stop() {
    server.close();
    sendgrid.close();
  }

  SendGridEmailSender overServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    return SendGridEmailSender.builder()
        .baseUrl(server.url("/").toString())
        .apiKey(Secret.of(KEY))
        .clock(clock)
        .build();
  }

  SendGridEmailSender overSimulator() {
    return SendGridEmailSender.builder()
        .baseUrl(sendgrid.start().toString())
        .apiKey(Secret.of(KEY))
        .clock(clock)
        .readTimeout(Duration.ofMillis(300))
        .build();
  }

  static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Errors")
        .text("Hello")
        .idempotencyKey(IdempotencyKey.of("order-7"))
        .build();
  }

  void answer(int status, String json) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("Content-Type", "application/json")
            .body(json)
            .build());
  }

  <E extends Throwable> E fails(Class<E> type, SendGridEmailSender sender) {
    E e = catchThrowableOfType(type, () -> sender.send(message()));
    assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
    return e;
  }

  @Test
  void badRequestIsInvalidRequestWithSendGridsFieldAndMessage() throws IOException {
    SendGridEmailSender sender = overServer();
    answer(
        400,
        "{\"errors\":[{\"message\":\"Does not contain a valid address.\","
            + "\"field\":\"personalizations.0.to.0.email\",\"help\":\"http://sendgrid.com/x\"},"
            + "{\"message\":\"Second problem\",\"field\":null,\"help\":null}]}");

    InvalidRequestException e = fails(InvalidRequestException.class, sender);
    assertThat(e.field()).contains("personalizations.0.to.0.email");
    assertThat(e.reason())
        .contains("Does not contain a valid address. [personalizations.0.to.0.email]")
        .contains("Second problem");
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.requestSent()).isTrue();
    assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-7"));
  }

  @Test
  void badRequestWithoutSendGridsBodyIsStillInvalidRequest() throws IOException {
    SendGridEmailSender sender = overServer();
    answer(400, "<html>bad</html>");

    InvalidRequestException e = fails(InvalidRequestException.class, sender);
    assertThat(e.field()).isEmpty();
    assertThat(e.reason()).contains("invalid request");
  }

  @Test
  void unauthorizedIsAuthenticationAndTheRotatedKeyIsReadForTheNextSend() throws Exception {
    Map<String, String> env = new ConcurrentHashMap<>(Map.of("SG_KEY", "SG.fake-old"));
    SecretSource source =
        new SecretSource() {
          @Override
          public String scheme() {
            return "env";
          }

          @Override
          public Optional<String> read(String reference) {
            return Optional.ofNullable(env.get(reference));
          }
        };
    server.start(InetAddress.getLoopbackAddress(), 0);
    SendGridEmailSender sender =
        SendGridEmailSender.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(Secret.read(source, "SG_KEY", clock, Duration.ofHours(1)))
            .clock(clock)
            .build();
    answer(401, "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}");
    server.enqueue(new MockResponse.Builder().code(202).setHeader("X-Message-Id", "m1").build());

    assertThat(fails(AuthenticationException.class, sender).httpStatus()).hasValue(401);
    env.put("SG_KEY", "SG.fake-rotated");
    assertThat(sender.send(message()).messageId()).isEqualTo("m1");

    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer SG.fake-old");
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .as("the rotated key is read again after the 401")
        .isEqualTo("Bearer SG.fake-rotated");
  }

  @Test
  void forbiddenBecauseTheKeyLacksTheScopeIsAuthentication() throws IOException {
    SendGridEmailSender sender = overServer();
    answer(403, "{\"errors\":[{\"field\":null,\"message\":\"access forbidden\"}]}");

    AuthenticationException e = fails(AuthenticationException.class, sender);
    assertThat(e.httpStatus()).hasValue(403);
    assertThat(e.reason()).contains("access forbidden");
  }

  @Test
  void forbiddenBecauseTheSenderIsNotVerifiedIsInvalidFrom() throws IOException {
    SendGridEmailSender sender = overServer();
    answer(
        403,
        "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity."
            + " Mail cannot be sent until this error is resolved.\",\"field\":\"from\","
            + "\"help\":\"https://sendgrid.com/docs/for-developers/sending-email/sender-identity/\"}]}");

    InvalidRequestException e = fails(InvalidRequestException.class, sender);
    assertThat(e.field()).contains("from");
    assertThat(e.httpStatus()).hasValue(403);
  }

  @Test
  void payloadTooLargeIsInvalidRequest() throws IOException {
    SendGridEmailSender sender = overServer();
    answer(413, "{\"errors\":[{\"field\":null,\"message\":\"content too large\"}]}");

    assertThat(fails(InvalidRequestException.class, sender).field()).contains("message");
  }

  @Test
  void tooManyRequestsWaitsUntilTheRateLimitReset() throws IOException {
    SendGridEmailSender sender = overServer();
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("X-RateLimit-Limit", "600")
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 42))
            .body("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}")
            .build());

    assertThat(fails(RateLimitedException.class, sender).retryAfter())
        .contains(Duration.ofSeconds(42));
  }

  @Test
  void aRateLimitResetBeyondAnyClockGivesNoHintInsteadOfADateTimeError() throws IOException {
    SendGridEmailSender sender = overServer();
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("X-RateLimit-Reset", "99999999999999999")
            .body("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}")
            .build());

    assertThat(fails(RateLimitedException.class, sender).retryAfter()).isEmpty();
  }

  @Test
  void anAcceptedMessageWhoseRateLimitResetIsBeyondAnyClockIsStillAccepted() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    SendGridEmailSender sender =
        SendGridEmailSender.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(Secret.of(KEY))
            .clock(clock)
            .quota(QuotaTracker.create(0, clock))
            .build();
    server.enqueue(
        new MockResponse.Builder()
            .code(202)
            .setHeader("X-Message-Id", "msg-1")
            .setHeader("X-RateLimit-Limit", "600")
            .setHeader("X-RateLimit-Remaining", "5")
            .setHeader("X-RateLimit-Reset", "99999999999999999")
            .build());

    assertThat(sender.send(message()).messageId()).isEqualTo("msg-1");
  }

  @Test
  void tooManyRequestsPrefersRetryAfter() throws IOException {
    SendGridEmailSender sender = overServer();
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "7")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 42))
            .build());

    assertThat(fails(RateLimitedException.class, sender).retryAfter())
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void theSimulatorsQuotaRunsOutIntoRateLimited() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.rateLimit(1, 1, Duration.ofSeconds(30));
    sender.send(message());

    assertThat(fails(RateLimitedException.class, sender).retryAfter())
        .contains(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(sender.send(message()).messageId()).isNotBlank();
  }

  @Test
  void serverErrorAfterTheRequestWasReadIsOutcomeUnknown() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.failNext(1, SimulatedFault.serverError());

    OutcomeUnknownException e = fails(OutcomeUnknownException.class, sender);
    assertThat(e.httpStatus()).hasValue(500);
    assertThat(e.requestSent()).isTrue();
    assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-7"));
  }

  @Test
  void serviceUnavailableIsOutcomeUnknownSinceSendGridDoesNotSayItDidNothing() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.failNext(1, SimulatedFault.unavailable());

    assertThat(fails(OutcomeUnknownException.class, sender).httpStatus()).hasValue(503);
  }

  @Test
  void aProxysHtmlBadGatewayIsOutcomeUnknown() throws IOException {
    SendGridEmailSender sender = overServer();
    server.enqueue(new MockResponse.Builder().code(502).body("<html>502</html>").build());

    assertThat(fails(OutcomeUnknownException.class, sender).httpStatus()).hasValue(502);
  }

  @Test
  void aConnectionResetAfterSendGridQueuedTheMessageIsOutcomeUnknown() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.failNext(1, SimulatedFault.resetAfterRequest());

    assertThat(fails(OutcomeUnknownException.class, sender).requestSent()).isTrue();
    assertThat(sendgrid.sent()).as("SendGrid did queue it: a retry would duplicate it").hasSize(1);
  }

  @Test
  void aHangingAnswerIsOutcomeUnknownAfterTheReadTimeout() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.failNext(1, SimulatedFault.hang());

    OutcomeUnknownException e = fails(OutcomeUnknownException.class, sender);
    assertThat(e.reason()).contains("SocketTimeoutException");
    assertThat(e.requestSent()).isTrue();
  }

  @Test
  void aGarbledBodyOnA202StillCountsBecauseSendGridsAnswerIsTheStatusAndHeader() {
    SendGridEmailSender sender = overSimulator();
    sendgrid.failNext(1, SimulatedFault.malformedBody());

    SendResult result = sender.send(message());
    assertThat(result.messageId()).isEqualTo(sendgrid.sent().get(0).messageId());
  }

  @Test
  void an202WithoutMessageIdIsOutcomeUnknown() throws IOException {
    SendGridEmailSender sender = overServer();
    server.enqueue(new MockResponse.Builder().code(202).build());

    OutcomeUnknownException e = fails(OutcomeUnknownException.class, sender);
    assertThat(e.reason()).contains("X-Message-Id");
    assertThat(e.httpStatus()).hasValue(202);
  }

  @Test
  void aSandbox200WithAMessageIdUsesIt() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    SendGridEmailSender sender =
        SendGridEmailSender.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(Secret.of(KEY))
            .sandbox(true)
            .build();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("X-Message-Id", "sb-1").build());

    assertThat(sender.send(message()).messageId()).isEqualTo("sb-1");
  }

  @Test
  void aRefusedConnectionIsUnavailableAndCertainlyNotSent() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    SendGridEmailSender sender =
        SendGridEmailSender.builder()
            .baseUrl("http://127.0.0.1:" + port + "/")
            .apiKey(Secret.of(KEY))
            .build();

    assertThat(fails(ProviderUnavailableException.class, sender).requestSent()).isFalse();
  }

  @Test
  void aWrongKeyAtTheSimulatorIsAuthentication() {
    sendgrid.acceptOnlyKey("SG.fake-someone-else");

    assertThat(fails(AuthenticationException.class, overSimulator()).httpStatus()).hasValue(401);
  }
}
