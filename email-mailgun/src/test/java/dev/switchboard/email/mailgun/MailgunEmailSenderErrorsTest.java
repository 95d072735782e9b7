package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a send can fail, each mapped to exactly one exception of the taxonomy: Mailgun's own
 * answers through the simulator, the rest as canned responses on a plain MockWebServer.
 */
class MailgunEmailSenderErrorsTest {
  private final MailgunSimulator simulator = new MailgunSimulator();
  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void stop() {
    simulator.close();
    server.close();
  }

  private static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@mg.example.com")
        .to("ann@example.com")
        .subject("Hello")
        .text("Hi")
        .idempotencyKey(IdempotencyKey.of("msg-1"))
        .build();
  }

  private MailgunEmailSender.Builder against(String baseUrl) {
    return MailgunEmailSender.builder()
        .baseUrl(baseUrl)
        .apiKey(MailgunSimulator.DEFAULT_API_KEY)
        .domain(MailgunSimulator.DEFAULT_DOMAIN);
  }

  private MailgunEmailSender simulated() {
    return against(simulator.start().toString()).build();
  }

  private SwitchboardException answered(int status, String body) throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("Content-Type", "application/json")
            .body(body)
            .build());
    server.start();
    MailgunEmailSender sender = against(server.url("/").toString()).build();
    try {
      sender.send(message());
    } catch (SwitchboardException e) {
      return e;
    }
    throw new AssertionError("no exception for HTTP " + status);
  }

  @Test
  void aWrongKeyIsAnAuthenticationFailureThatQuotesNoKey() {
    MailgunEmailSender sender =
        against(simulator.start().toString()).apiKey("key-fake-wrong").build();

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(401);
              assertThat(e.provider()).contains("mailgun");
              assertThat(e.operation()).contains("send");
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("msg-1"));
              assertThat(e.getMessage()).doesNotContain("key-fake-wrong");
            });
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void anUnknownDomainIsAnInvalidRequestNamingTheDomain() {
    MailgunEmailSender sender =
        against(simulator.start().toString()).domain("mg.other.com").build();

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("domain");
              assertThat(e.httpStatus()).hasValue(404);
              assertThat(e.reason()).contains("Domain not found: mg.other.com");
            });
  }

  @Test
  void aNotFoundWithoutMailgunsJsonNamesTheBaseUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
    server.start();
    MailgunEmailSender sender = against(server.url("/wrong/").toString()).build();

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("base-url"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'from' parameter is missing|from",
        "to parameter is not a valid address. please check documentation|to",
        "'o:deliverytime' parameter is too far in the future|sendAt",
        "h:X-Campaign parameter is too long|headers[\"X-Campaign\"]",
        "v:orderId parameter is not valid JSON|metadata[\"orderId\"]",
        "Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified|text"
      })
  void aBadRequestNamesTheFieldMailgunsMessageNames(String said, String field) throws Exception {
    SwitchboardException e = answered(400, "{\"message\": \"" + said.replace("\"", "\\\"") + "\"}");

    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) e).field()).contains(field);
    assertThat(e.reason()).contains(said);
    assertThat(e.requestSent()).isTrue();
  }

  @Test
  void aBadRequestWhoseMessageNamesNoParameterHasNoField() throws Exception {
    SwitchboardException e = answered(400, "{\"message\": \"Something is off\"}");

    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) e).field()).isEmpty();
  }

  @Test
  void forbiddenIsAnAuthenticationFailure() throws Exception {
    assertThat(answered(403, "{\"message\": \"Domain mg.example.com is disabled\"}"))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void paymentRequiredMeansMailgunWillNotActForTheAccountSoAnotherProviderMay() throws Exception {
    SwitchboardException e = answered(402, "{\"message\": \"Account disabled\"}");

    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.reason()).contains("Account disabled");
  }

  @Test
  void tooLargeIsAnInvalidRequestNamingTheAttachments() throws Exception {
    SwitchboardException e = answered(413, "{\"message\": \"Request Entity Too Large\"}");

    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) e).field()).contains("attachments");
  }

  @Test
  void rateLimitedCarriesRetryAfter() {
    simulator.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(7)));

    assertThatThrownBy(() -> simulated().send(message()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void serverErrorsLeaveTheOutcomeUnknown() {
    MailgunEmailSender sender = simulated();
    simulator.failNext(1, SimulatedFault.unavailable());
    simulator.failNext(1, SimulatedFault.serverError());

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.httpStatus()).hasValue(503));
    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.httpStatus()).hasValue(500));
  }

  @Test
  void a503MeansNotSentWhenConfiguredSo() {
    MailgunEmailSender sender =
        against(simulator.start().toString()).unavailableMeansNotProcessed(true).build();
    simulator.failNext(1, SimulatedFault.unavailable());

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void aLostAnswerAfterMailgunQueuedTheMessageIsOutcomeUnknown() {
    MailgunEmailSender sender = simulated();
    simulator.failNext(1, SimulatedFault.resetAfterRequest());

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class, e -> assertThat(e.requestSent()).isTrue());
    assertThat(simulator.messages()).as("Mailgun did queue it").hasSize(1);
  }

  @Test
  void aHangingMailgunIsOutcomeUnknownAfterTheReadTimeout() {
    MailgunEmailSender sender =
        against(simulator.start().toString()).readTimeout(Duration.ofMillis(200)).build();
    simulator.failNext(1, SimulatedFault.hang());

    assertThatThrownBy(() -> sender.send(message())).isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void aMalformedSuccessBodyIsOutcomeUnknown() {
    MailgunEmailSender sender = simulated();
    simulator.failNext(1, SimulatedFault.malformedBody());

    assertThatThrownBy(() -> sender.send(message()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.reason()).startsWith("unparseable success body"));
  }

  @Test
  void aSuccessWithoutAnIdIsOutcomeUnknown() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(200).body("{\"message\": \"Queued. Thank you.\"}").build());
    server.start();

    assertThatThrownBy(() -> against(server.url("/").toString()).build().send(message()))
        .isInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void aRefusedConnectionIsProviderUnavailableAndNotSent() throws Exception {
    server.start();
    String baseUrl = server.url("/").toString();
    server.close();

    assertThatThrownBy(() -> against(baseUrl).build().send(message()))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class, e -> assertThat(e.requestSent()).isFalse());
  }
}
