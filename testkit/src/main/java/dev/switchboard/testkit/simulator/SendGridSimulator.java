package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.SendGridMail.error;
import static dev.switchboard.testkit.simulator.SendGridMail.list;
import static dev.switchboard.testkit.simulator.SendGridMail.map;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_REQUEST_BYTES;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * SendGrid's v3 Mail Send API and signed Event Webhook on a {@code MockWebServer}, speaking the
 * real wire format: {@code POST /v3/mail/send} with a Bearer key and a JSON body, {@code 202} with
 * an {@code X-Message-Id} header, {@code 400} with {@code {"errors":[{"message","field","help"}]}};
 * and {@code GET /v3/scopes}, the read the adapter's health probe makes.
 *
 * <pre>{@code
 * try (SendGridSimulator sendgrid = new SendGridSimulator("SG.fake-key", clock)) {
 *   HttpUrl baseUrl = sendgrid.start();
 *   ... send through an adapter configured with baseUrl and "SG.fake-key" ...
 *   Map<String, Object> json = sendgrid.sent().get(0).request();   // what SendGrid received
 *   ReceivedEmail email = sendgrid.received().get(0);               // the same, in neutral terms
 *   WebhookRequest delivered = sendgrid.webhookFor(messageId, "processed", "delivered");
 *   // verify it with the key sendgrid.webhookPublicKey()
 * }
 * }</pre>
 *
 * <p>What it enforces, each with a SendGrid-shaped 400 naming SendGrid's field (the messages are in
 * SendGrid's style; the field names are SendGrid's): a from address; 1 to 1000 personalizations,
 * each with a {@code to}; at most 1000 recipients in all, none twice; no {@code ,} or {@code ;} in
 * recipient names; a subject; content with non-empty values, {@code text/plain} first; attachments
 * with a file name and non-empty base64 content, inline ones with a {@code content_id}; at most 10
 * unique categories of at most 255 characters; at most 10,000 bytes of {@code custom_args}; {@code
 * send_at} at most 72 hours ahead; no reserved header; not both {@code reply_to} and {@code
 * reply_to_list}. A body of 30 MB or more is a 413; a wrong or missing key a 401.
 *
 * <p>Sandbox mode ({@code mail_settings.sandbox_mode.enable}): the request is validated the same
 * way and answered with 200, an empty body and no {@code X-Message-Id}; nothing is stored as sent.
 * With {@link #rateLimit} every answer carries {@code X-RateLimit-Limit/Remaining/Reset} (Unix
 * seconds), each request takes one from the remaining quota, and at zero SendGrid's 429 comes back
 * (without {@code Retry-After}, as SendGrid sends none) until the reset. The inherited {@link
 * SimulatedFault faults} answer in SendGrid's error format; those that act first store the message.
 *
 * <p>Webhooks are signed the way SendGrid signs them, with an EC P-256 key pair the simulator makes
 * for itself: ECDSA with SHA-256 over the timestamp followed by the raw body.
 */
public final class SendGridSimulator extends VendorSimulator {
  /** The key a simulator made without one accepts; obviously fake. */
  public static final String DEFAULT_API_KEY = "SG.fake-simulator-key";

  /** The path of SendGrid's Mail Send. */
  public static final String MAIL_SEND_PATH = "/v3/mail/send";

  /**
   * The scopes of the key that calls it, {@code ["mail.send"]}: the adapter's health probe, a read
   * that sends nothing.
   */
  public static final String SCOPES_PATH = "/v3/scopes";

  /**
   * A message SendGrid accepted (202).
   *
   * @param messageId the {@code X-Message-Id} it answered with
   * @param request the JSON body as parsed (numbers are {@code Double}s)
   * @param acceptedAt when, by the simulator's clock
   */
  public record SentMessage(String messageId, Map<String, Object> request, Instant acceptedAt) {}

  private final Clock clock;
  private final JsonAdapter<Map<String, Object>> json;
  private final JsonAdapter<List<Object>> jsonList;
  private final KeyPair webhookKeys;
  private final SendGridMailChecks checks;
  private final Random random = new Random(20240501);
  private final List<Map<String, Object>> mailRequests = new ArrayList<>();
  private final List<Map<String, Object>> sandboxRequests = new ArrayList<>();
  private final List<SentMessage> sent = new ArrayList<>();
  private final String initialKey;
  private String acceptedKey;
  private long quotaLimit = -1;
  private long quotaRemaining;
  private Duration quotaWindow;
  private Instant quotaReset;

  /** A simulator accepting {@link #DEFAULT_API_KEY}. */
  public SendGridSimulator(Clock clock) {
    this(DEFAULT_API_KEY, clock);
  }

  /** A simulator accepting {@code apiKey} only, on the given clock. */
  public SendGridSimulator(String apiKey, Clock clock) {
    this.acceptedKey = Objects.requireNonNull(apiKey, "apiKey == null");
    this.initialKey = apiKey;
    this.clock = Objects.requireNonNull(clock, "clock == null");
    Moshi moshi = new Moshi.Builder().build();
    this.json = moshi.adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
    this.jsonList = moshi.adapter(Types.newParameterizedType(List.class, Object.class));
    this.checks = new SendGridMailChecks(json, clock);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      this.webhookKeys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make a P-256 key pair", e);
    }
  }

  /**
   * Forgets every sent message and parsed request and undoes the knobs (the accepted key, a rate
   * limit). The webhook signing key pair stays, so a verifier built once keeps verifying.
   */
  @Override
  protected void resetState() {
    mailRequests.clear();
    sandboxRequests.clear();
    sent.clear();
    acceptedKey = initialKey;
    quotaLimit = -1;
    quotaRemaining = 0;
    quotaWindow = null;
    quotaReset = null;
  }

  /** The key was rotated: only {@code apiKey} is accepted from now on; others get 401. */
  public synchronized void acceptOnlyKey(String apiKey) {
    this.acceptedKey = Objects.requireNonNull(apiKey, "apiKey == null");
  }

  /**
   * Reports a quota from now on: {@code limit} requests per {@code window}, {@code remaining} of
   * them left in the window that starts now.
   */
  public synchronized void rateLimit(long limit, long remaining, Duration window) {
    if (limit < 0 || remaining < 0 || remaining > limit) {
      throw new IllegalArgumentException(
          "need 0 <= remaining <= limit: " + remaining + ", " + limit);
    }
    this.quotaLimit = limit;
    this.quotaRemaining = remaining;
    this.quotaWindow = Objects.requireNonNull(window, "window == null");
    this.quotaReset = clock.instant().plus(window);
  }

  /** Every Mail Send body that was authenticated and parsed, in order, whatever the answer. */
  public synchronized List<Map<String, Object>> mailRequests() {
    return List.copyOf(mailRequests);
  }

  /** The bodies validated in sandbox mode (answered 200, not sent), in order. */
  public synchronized List<Map<String, Object>> sandboxRequests() {
    return List.copyOf(sandboxRequests);
  }

  /** The messages accepted with 202, in order. */
  public synchronized List<SentMessage> sent() {
    return List.copyOf(sent);
  }

  /**
   * What was accepted, in neutral terms: one {@link ReceivedEmail} per personalization of each
   * accepted message (a personalization is one envelope, one copy of the message), in order.
   */
  public synchronized List<ReceivedEmail> received() {
    List<ReceivedEmail> all = new ArrayList<>();
    for (SentMessage message : sent) {
      for (Object p : list(message.request().get("personalizations"))) {
        all.add(SendGridMail.toReceived(message.request(), map(p)));
      }
    }
    return all;
  }

  /** The Event Webhook verification key: base64 of the X.509 DER public key, as SendGrid shows. */
  public String webhookPublicKey() {
    return Base64.getEncoder().encodeToString(webhookKeys.getPublic().getEncoded());
  }

  /** A webhook delivery of {@code body}, signed now as SendGrid signs it. */
  public WebhookRequest signedWebhook(String body) {
    return signedWebhook(body.getBytes(StandardCharsets.UTF_8), clock.instant());
  }

  /** A webhook delivery of {@code body}, signed with the timestamp {@code signedAt}. */
  public WebhookRequest signedWebhook(byte[] body, Instant signedAt) {
    String timestamp = Long.toString(signedAt.getEpochSecond());
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("X-Twilio-Email-Event-Webhook-Signature", sign(timestamp, body))
        .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
        .header("User-Agent", "SendGrid Event API")
        .body(body)
        .build();
  }

  /**
   * The same batch signed again now, as SendGrid signs each POST: the body unchanged, a fresh
   * timestamp header and signature.
   */
  public WebhookRequest resign(WebhookRequest delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    return signedWebhook(delivery.body(), clock.instant());
  }

  /**
   * Delivers this simulator's Event Webhook batches to {@code endpoint} over HTTP, as SendGrid
   * does: on {@link RedeliverySchedule#sendgrid()} by this simulator's clock, each attempt
   * {@linkplain #resign re-signed}, with the User-Agent {@code SendGrid Event API} the batches
   * carry.
   *
   * <pre>{@code
   * WebhookDeliveries deliveries = sendgrid.deliveries(receiver.url("/webhooks/sendgrid").uri());
   * deliveries.send(sendgrid.webhookFor(messageId, "delivered"));
   * }</pre>
   */
  public WebhookDeliveries deliveries(URI endpoint) {
    return WebhookDeliveries.builder()
        .endpoint(endpoint)
        .clock(clock)
        .schedule(RedeliverySchedule.sendgrid())
        .resigner(this::resign)
        .build();
  }

  /**
   * A signed webhook batch with one event of each given type ({@code delivered}, {@code bounce},
   * {@code open}, ...) about the message SendGrid answered with {@code messageId}, as SendGrid
   * would post it: a JSON array ending in CRLF, each event with {@code email}, {@code timestamp},
   * {@code event}, a fresh {@code sg_event_id}, {@code sg_message_id} ({@code
   * <messageId>.filter...}), {@code smtp-id}, the message's categories and its custom args.
   *
   * @throws IllegalArgumentException if no accepted message has that id
   */
  public synchronized WebhookRequest webhookFor(String messageId, String... eventTypes) {
    SentMessage message =
        sent.stream()
            .filter(m -> m.messageId().equals(messageId))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no message sent with id " + messageId));
    Map<String, Object> first = map(list(message.request().get("personalizations")).get(0));
    String email = String.valueOf(map(list(first.get("to")).get(0)).get("email"));
    List<Object> events = new ArrayList<>();
    long now = clock.instant().getEpochSecond();
    for (String type : eventTypes) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("email", email);
      event.put("timestamp", now);
      event.put("smtp-id", "<" + messageId + "@ismtpd0001p1sjc2.sendgrid.net>");
      event.put("event", type);
      event.put("sg_event_id", id(22));
      event.put("sg_message_id", messageId + ".filterdrecv-5f8d8c9d5-" + id(5) + "-1-0");
      Object categories = message.request().get("categories");
      if (categories != null) {
        event.put("category", categories);
      }
      if (type.equals("bounce")) {
        event.put("type", "bounce");
        event.put("status", "5.1.1");
        event.put("reason", "550 5.1.1 The email account that you tried to reach does not exist");
      }
      map(message.request().getOrDefault("custom_args", Map.of())).forEach(event::put);
      events.add(event);
    }
    return signedWebhook(
        (jsonList.toJson(events) + "\r\n").getBytes(StandardCharsets.UTF_8), clock.instant());
  }

  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    boolean scopes =
        request.getMethod().equals("GET") && request.getUrl().encodedPath().equals(SCOPES_PATH);
    if (!scopes
        && (!request.getMethod().equals("POST")
            || !request.getUrl().encodedPath().equals(MAIL_SEND_PATH))) {
      return errors(404, error("not found", null));
    }
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null) {
      return errors(401, error("authorization required", null));
    }
    if (!authorization.equals("Bearer " + acceptedKey)) {
      return errors(
          401, error("The provided authorization grant is invalid, expired, or revoked", null));
    }
    if (scopes) {
      return answer(200)
          .setHeader("Content-Type", "application/json")
          .body(json.toJson(Map.of("scopes", List.of("mail.send"))));
    }
    ByteString body = request.getBody() == null ? ByteString.EMPTY : request.getBody();
    if (body.size() >= MAX_REQUEST_BYTES) {
      return errors(413, error("content too large", null));
    }
    if (quotaLimit >= 0) {
      if (!clock.instant().isBefore(quotaReset)) {
        quotaRemaining = quotaLimit;
        quotaReset = clock.instant().plus(quotaWindow);
      }
      if (quotaRemaining == 0) {
        return errors(429, error("too many requests", null));
      }
      quotaRemaining--;
    }
    Map<String, Object> mail;
    try {
      mail = json.fromJson(body.utf8());
    } catch (IOException | JsonDataException e) {
      mail = null;
    }
    if (mail == null) {
      return errors(400, error("Bad Request", null));
    }
    mailRequests.add(mail);
    List<Map<String, Object>> problems = checks.problems(mail);
    if (!problems.isEmpty()) {
      return errors(400, problems);
    }
    Map<String, Object> settings = map(mail.get("mail_settings"));
    if (Boolean.TRUE.equals(map(settings.get("sandbox_mode")).get("enable"))) {
      sandboxRequests.add(mail);
      return answer(200);
    }
    String messageId = id(22);
    sent.add(new SentMessage(messageId, mail, clock.instant()));
    return answer(202).setHeader("X-Message-Id", messageId);
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    String message =
        switch (status) {
          case 429 -> "too many requests";
          case 503 -> "service unavailable";
          default -> "internal server error";
        };
    return errors(status, error(message, null));
  }

  private MockResponse.Builder errors(int status, Map<String, Object> error) {
    return errors(status, List.of(error));
  }

  private MockResponse.Builder errors(int status, List<Map<String, Object>> errors) {
    Map<String, Object> envelope = Map.of("errors", errors);
    return answer(status)
        .setHeader("Content-Type", "application/json")
        .body(json.serializeNulls().toJson(envelope));
  }

  private MockResponse.Builder answer(int status) {
    MockResponse.Builder response = new MockResponse.Builder().code(status);
    if (quotaLimit >= 0) {
      response
          .setHeader("X-RateLimit-Limit", Long.toString(quotaLimit))
          .setHeader("X-RateLimit-Remaining", Long.toString(quotaRemaining))
          .setHeader("X-RateLimit-Reset", Long.toString(quotaReset.getEpochSecond()));
    }
    return response;
  }

  private String id(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private String sign(String timestamp, byte[] body) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(webhookKeys.getPrivate());
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      return Base64.getEncoder().encodeToString(ecdsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with the simulator's own key failed", e);
    }
  }
}
