package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.MailgunSimulatorLimits.MAX_MESSAGE_BYTES;

import com.squareup.moshi.JsonWriter;
import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.testkit.ReceivedEmail.ReceivedAttachment;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okio.Buffer;
import okio.ByteString;

/**
 * Mailgun's sending API on a {@code MockWebServer}: {@code POST /v3/{domain}/messages} with a
 * {@code multipart/form-data} body, HTTP Basic {@code api:<key>}, answered as Mailgun answers (and
 * {@code GET /v4/domains/{domain}}, the read the adapter's health probe makes). It stores every
 * accepted message as its form parts ({@link #messages()}) and as a neutral {@link ReceivedEmail}
 * ({@link #received()}) for {@code EmailSenderContract}, and signs webhooks the way Mailgun does
 * ({@link #webhook(Message, String)}).
 *
 * <pre>{@code
 * try (MailgunSimulator mailgun = new MailgunSimulator(clock)) {
 *   HttpUrl baseUrl = mailgun.start();
 *   EmailSender sender = MailgunEmailSender.builder()
 *       .baseUrl(baseUrl.toString())
 *       .apiKey(MailgunSimulator.DEFAULT_API_KEY)
 *       .domain(MailgunSimulator.DEFAULT_DOMAIN)
 *       .build();
 *   sender.send(message);
 *   assertThat(mailgun.received()).hasSize(1);
 *   WebhookRequest delivered = mailgun.webhook(mailgun.messages().get(0), "delivered");
 *   mailgun.acceptOnlyKey("key-fake-rotated");       // the old key now gets 401
 *   mailgun.failNext(1, SimulatedFault.unavailable());
 * }
 * }</pre>
 *
 * <p>What it checks, with Mailgun's status and a {@code {"message": ...}} body (the wording is the
 * simulator's where Mailgun documents none): the key (401 {@code Forbidden}, plain text), the
 * domain (404 {@code Domain not found}), the form (400 for a missing {@code from}, {@code to},
 * {@code subject} or body, an address that does not parse, more than {@value
 * MailgunSimulatorLimits#MAX_RECIPIENTS} recipients or {@value MailgunSimulatorLimits#MAX_TAGS}
 * tags, more than {@value MailgunSimulatorLimits#MAX_OPTION_BYTES} bytes of {@code o:}, {@code h:}
 * and {@code v:} options, an {@code o:deliverytime} that is not RFC 2822 or lies beyond the
 * scheduling horizon) and the size (413 above {@value MailgunSimulatorLimits#MAX_MESSAGE_BYTES}
 * bytes). Like Mailgun, it has no idempotency: every accepted request is a new message.
 *
 * <p>Defaults: API key {@value #DEFAULT_API_KEY}, domain {@value #DEFAULT_DOMAIN}, webhook signing
 * key {@value #DEFAULT_SIGNING_KEY}, scheduling horizon 3 days, the UTC system clock.
 */
public final class MailgunSimulator extends VendorSimulator {
  /** The API key accepted until {@link #acceptOnlyKey} says otherwise. */
  public static final String DEFAULT_API_KEY = "key-fake-mailgun-simulator";

  /** The sending domain known until {@link #addDomain} adds more. */
  public static final String DEFAULT_DOMAIN = "mg.example.com";

  /**
   * The User-Agent of the simulator's webhook deliveries; Mailgun documents none, so this one only
   * names itself.
   */
  public static final String WEBHOOK_USER_AGENT = "Mailgun-Webhooks/1.0 (Switchboard simulator)";

  private static final String EVENT_DATA = ", \"event-data\": ";

  /** The key webhooks are signed with until {@link #signingKey(String)} changes it. */
  public static final String DEFAULT_SIGNING_KEY = "key-fake-mailgun-webhook-signing";

  private static final Pattern MESSAGES_PATH = Pattern.compile("/v3/([^/]+)/messages");
  private static final Pattern DOMAIN_PATH = Pattern.compile("/v4/domains/([^/]+)");
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Set<String> keys = new LinkedHashSet<>(Set.of(DEFAULT_API_KEY));
  private final Set<String> domains = new LinkedHashSet<>(Set.of(DEFAULT_DOMAIN));
  private final List<Message> messages = new ArrayList<>();
  private String signingKey = DEFAULT_SIGNING_KEY;
  private Duration maxScheduleAhead = MailgunSimulatorLimits.DEFAULT_MAX_SCHEDULE_AHEAD;
  private long sequence;

  /** A simulator on the UTC system clock. */
  public MailgunSimulator() {
    this(Clock.systemUTC());
  }

  /** A simulator whose message ids, schedule checks and webhook times follow {@code clock}. */
  public MailgunSimulator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** From now on only {@code key} is accepted; requests with any other get 401 (a rotation). */
  public synchronized void acceptOnlyKey(String key) {
    requireText("key", key);
    keys.clear();
    keys.add(key);
  }

  /** Accepts {@code key} as well as those accepted already (the overlap of a rotation). */
  public synchronized void acceptKey(String key) {
    requireText("key", key);
    keys.add(key);
  }

  /** Makes another sending domain known; unknown domains get 404. */
  public synchronized void addDomain(String domain) {
    requireText("domain", domain);
    domains.add(domain.toLowerCase(Locale.ROOT));
  }

  /** The key {@link #webhook} signs with; give the verifier the same one. */
  public synchronized void signingKey(String key) {
    requireText("key", key);
    this.signingKey = key;
  }

  /** How far ahead {@code o:deliverytime} may be (default 3 days; 7 on some Mailgun plans). */
  public synchronized void maxScheduleAhead(Duration horizon) {
    Objects.requireNonNull(horizon, "horizon == null");
    this.maxScheduleAhead = horizon;
  }

  /** Every accepted message, oldest first. */
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** Every accepted message in neutral terms, oldest first. */
  public List<ReceivedEmail> received() {
    return messages().stream().map(Message::toReceivedEmail).toList();
  }

  /**
   * Forgets the accepted messages and undoes the knobs (keys, domains, signing key, how far ahead a
   * message may be scheduled), for {@link #reset()}.
   */
  @Override
  protected void resetState() {
    messages.clear();
    keys.clear();
    keys.add(DEFAULT_API_KEY);
    domains.clear();
    domains.add(DEFAULT_DOMAIN);
    signingKey = DEFAULT_SIGNING_KEY;
    maxScheduleAhead = MailgunSimulatorLimits.DEFAULT_MAX_SCHEDULE_AHEAD;
  }

  /**
   * A signed webhook about {@code message}, as Mailgun would post it now: {@code event} such as
   * {@code delivered}, {@code opened} or {@code complained}.
   */
  public WebhookRequest webhook(Message message, String event) {
    return webhook(message, event, null);
  }

  /**
   * A signed webhook about {@code message} with a severity, as for {@code failed} ({@code
   * permanent} or {@code temporary}); {@code severity} null for none.
   */
  public synchronized WebhookRequest webhook(Message message, String event, String severity) {
    Objects.requireNonNull(message, "message == null");
    requireText("event", event);
    Instant now = clock.instant();
    Buffer json = new Buffer();
    try (JsonWriter w = JsonWriter.of(json)) {
      w.beginObject();
      w.name("id").value(randomHex(11));
      w.name("event").value(event);
      if (severity != null) {
        w.name("severity").value(severity);
      }
      w.name("timestamp").value(epochSeconds(now));
      w.name("recipient").value(message.values("to").stream().findFirst().orElse(""));
      w.name("message").beginObject();
      w.name("headers").beginObject();
      w.name("message-id").value(message.messageId());
      w.endObject().endObject();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return signedWebhook(json.readUtf8(), now, randomHex(25));
  }

  /**
   * Posts {@code eventData} (any JSON, even malformed, inserted as it is) signed now with a fresh
   * token.
   */
  public synchronized WebhookRequest signedWebhook(String eventData) {
    return signedWebhook(eventData, clock.instant(), randomHex(25));
  }

  /**
   * Posts {@code eventData} signed as at {@code signedAt} (whole seconds) with {@code token}: for
   * stale timestamps and reused tokens.
   */
  public synchronized WebhookRequest signedWebhook(
      String eventData, Instant signedAt, String token) {
    Objects.requireNonNull(eventData, "eventData == null");
    Objects.requireNonNull(signedAt, "signedAt == null");
    requireText("token", token);
    String timestamp = Long.toString(signedAt.getEpochSecond());
    String signature = hmacHex(signingKey, timestamp + token);
    Buffer signatureJson = new Buffer();
    try (JsonWriter w = JsonWriter.of(signatureJson)) {
      w.beginObject();
      w.name("token").value(token);
      w.name("timestamp").value(timestamp);
      w.name("signature").value(signature);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String body = "{\"signature\": " + signatureJson.readUtf8() + EVENT_DATA + eventData + "}";
    return WebhookRequest.builder().header("Content-Type", "application/json").body(body).build();
  }

  /**
   * The same event signed again now with a fresh token, as for another attempt at posting it: the
   * {@code event-data} unchanged, a new {@code signature} object.
   *
   * @throws IllegalArgumentException if {@code delivery} is not one of this simulator's webhooks
   */
  public WebhookRequest resign(WebhookRequest delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    String body = delivery.bodyAsString();
    int at = body.indexOf(EVENT_DATA);
    if (!body.startsWith("{\"signature\": ") || at < 0 || !body.endsWith("}")) {
      throw new IllegalArgumentException("not a webhook this simulator signed: " + delivery);
    }
    return signedWebhook(body.substring(at + EVENT_DATA.length(), body.length() - 1));
  }

  /**
   * Delivers this simulator's webhooks to {@code endpoint} over HTTP, as Mailgun does: JSON bodies
   * on {@link RedeliverySchedule#mailgun()} (a 406 ends the delivery) by this simulator's clock,
   * each attempt {@linkplain #resign re-signed}, with the User-Agent {@value #WEBHOOK_USER_AGENT}.
   *
   * <pre>{@code
   * WebhookDeliveries deliveries = mailgun.deliveries(receiver.url("/webhooks/mailgun").uri());
   * deliveries.send(mailgun.webhook(mailgun.messages().get(0), "delivered"));
   * }</pre>
   */
  public WebhookDeliveries deliveries(URI endpoint) {
    return WebhookDeliveries.builder()
        .endpoint(endpoint)
        .clock(clock)
        .schedule(RedeliverySchedule.mailgun())
        .userAgent(WEBHOOK_USER_AGENT)
        .resigner(this::resign)
        .build();
  }

  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    Matcher domainPath = DOMAIN_PATH.matcher(request.getUrl().encodedPath());
    if (request.getMethod().equals("GET") && domainPath.matches()) {
      return domain(request, domainPath.group(1));
    }
    Matcher path = MESSAGES_PATH.matcher(request.getUrl().encodedPath());
    if (!request.getMethod().equals("POST") || !path.matches()) {
      return new MockResponse.Builder()
          .code(404)
          .setHeader("Content-Type", "text/plain")
          .body("404 page not found");
    }
    if (!authorized(request.getHeaders().get("Authorization"))) {
      return new MockResponse.Builder()
          .code(401)
          .setHeader("Content-Type", "text/plain")
          .body("Forbidden");
    }
    String domain = path.group(1);
    if (!domains.contains(domain.toLowerCase(Locale.ROOT))) {
      return error(404, "Domain not found: " + domain);
    }
    if (request.getBodySize() > MAX_MESSAGE_BYTES) {
      return error(413, "Request Entity Too Large");
    }
    MediaType type = MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
    String boundary = type == null ? null : type.parameter("boundary");
    if (type == null || !type.subtype().equals("form-data") || boundary == null) {
      return error(400, "the request must be multipart/form-data");
    }
    Message message;
    try {
      MailgunForm.Parts parts =
          MailgunForm.read(
              request.getBody() == null ? ByteString.EMPTY : request.getBody(), boundary);
      message = new Message(messageId(domain), domain, parts.fields(), parts.files());
    } catch (IOException e) {
      return error(400, "the multipart body cannot be read: " + e.getMessage());
    }
    String problem = MailgunForm.problem(message, clock.instant(), maxScheduleAhead);
    if (problem != null) {
      return error(400, problem);
    }
    messages.add(message);
    return json(
        200, "{\"id\": \"<" + message.messageId() + ">\", \"message\": \"Queued. Thank you.\"}");
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    return error(
        status,
        switch (status) {
          case 429 -> "Too many requests";
          case 503 -> "Service Unavailable";
          default -> "Internal Server Error";
        });
  }

  private boolean authorized(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return false;
    }
    String pair;
    try {
      pair =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return pair.startsWith("api:") && keys.contains(pair.substring(4));
  }

  /** A Message-Id as Mailgun makes them: time, sequence, random hex, the sending domain. */
  private String messageId(String domain) {
    sequence++;
    return ID_TIME.format(clock.instant())
        + "."
        + sequence
        + "."
        + randomHex(4).toUpperCase(Locale.ROOT)
        + "@"
        + domain;
  }

  /** {@code GET /v4/domains/{name}}: the domain's state, the read the adapter's probe makes. */
  private MockResponse.Builder domain(RecordedRequest request, String name) {
    if (!authorized(request.getHeaders().get("Authorization"))) {
      return new MockResponse.Builder()
          .code(401)
          .setHeader("Content-Type", "text/plain")
          .body("Forbidden");
    }
    if (!domains.contains(name.toLowerCase(Locale.ROOT))) {
      return error(404, "Domain not found");
    }
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject().name("domain").beginObject();
      w.name("name").value(name).name("state").value("active").name("type").value("custom");
      w.endObject().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json(200, body.readUtf8());
  }

  private static MockResponse.Builder error(int status, String message) {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject().name("message").value(message).endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json(status, body.readUtf8());
  }

  private static MockResponse.Builder json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body);
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static BigDecimal epochSeconds(Instant at) {
    return BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9));
  }

  private static String hmacHex(String key, String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** One form field as it arrived. */
  public record Field(String name, String value) {}

  /**
   * One file part as it arrived: {@code name} is {@code attachment} or {@code inline}.
   *
   * @param content the bytes, immutable
   */
  public record File(String name, String filename, String contentType, ByteString content) {}

  /**
   * One accepted message as its form parts, in the order they arrived.
   *
   * @param messageId the Message-Id Mailgun answered with, without angle brackets
   * @param domain the sending domain from the path
   */
  public record Message(String messageId, String domain, List<Field> fields, List<File> files) {
    public Message {
      fields = List.copyOf(fields);
      files = List.copyOf(files);
    }

    /** Every value of the field, in order; field names are matched exactly. */
    public List<String> values(String name) {
      return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).toList();
    }

    /** The first value of the field. */
    public Optional<String> value(String name) {
      return values(name).stream().findFirst();
    }

    /**
     * The message in neutral terms: {@code h:Reply-To} is the reply-to, other {@code h:} fields the
     * headers, {@code o:tag} the tags, {@code v:} fields the metadata, {@code o:deliverytime} the
     * send time, and an {@code inline} part's file name its content id (as Mailgun uses it).
     */
    public ReceivedEmail toReceivedEmail() {
      Map<String, String> headers = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Field f : fields) {
        if (f.name().startsWith("h:") && !f.name().equalsIgnoreCase("h:Reply-To")) {
          headers.put(f.name().substring(2), f.value());
        } else if (f.name().startsWith("v:")) {
          metadata.put(f.name().substring(2), f.value());
        }
      }
      ReceivedEmail.Builder b =
          ReceivedEmail.builder()
              .from(value("from").map(EmailAddress::parse).orElse(null))
              .to(all("to"))
              .cc(all("cc"))
              .bcc(all("bcc"))
              .replyTo(all("h:Reply-To"))
              .subject(value("subject").orElse(null))
              .text(value("text").orElse(null))
              .html(value("html").orElse(null))
              .headers(headers)
              .tags(values("o:tag"))
              .metadata(metadata)
              .sendAt(
                  value("o:deliverytime")
                      .map(t -> Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(t)))
                      .orElse(null));
      for (File file : files) {
        boolean inline = file.name().equals("inline");
        b.addAttachment(
            ReceivedAttachment.of(
                file.filename(),
                file.contentType(),
                file.content().toByteArray(),
                inline ? Disposition.INLINE : Disposition.ATTACHMENT,
                inline ? file.filename() : null));
      }
      return b.build();
    }

    private List<EmailAddress> all(String name) {
      List<EmailAddress> all = new ArrayList<>();
      values(name).forEach(v -> all.addAll(MailgunForm.addresses(v)));
      return all;
    }
  }
}
