package dev.switchboard.email.mailgun.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.email.AsciiAddresses;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.MultipartBody;

/**
 * The one place Mailgun's vocabulary meets the SDK's: an {@link EmailMessage} becomes Mailgun's
 * multipart form, the {@code {"id": ...}} answer a {@link SendResult}, an {@code event-data} object
 * a {@link WebhookEvent}, and every error answer one exception of the taxonomy.
 *
 * <table>
 *   <caption>Error statuses</caption>
 *   <tr><th>status</th><th>exception</th></tr>
 *   <tr><td>400</td><td>{@code InvalidRequestException}, naming the field when Mailgun's
 *       message names a parameter</td></tr>
 *   <tr><td>401, 403</td><td>{@code AuthenticationException}</td></tr>
 *   <tr><td>402</td><td>{@code ProviderUnavailableException}: the parameters were valid but
 *       Mailgun would not act for this account, so another provider may</td></tr>
 *   <tr><td>404</td><td>{@code InvalidRequestException} naming {@code domain} ({@code
 *       base-url} when the answer is not Mailgun's JSON)</td></tr>
 *   <tr><td>413</td><td>{@code InvalidRequestException} naming {@code attachments}</td></tr>
 *   <tr><td>others</td><td>the shared {@code DefaultErrorMapper}: 429 rate limited, 5xx outcome
 *       unknown</td></tr>
 * </table>
 *
 * <p>Public only so that the adapter's public classes can reach it; not for application code.
 */
public final class MailgunMapper implements ErrorMapper {
  /** Mailgun's RFC 2822 date form, as {@code o:deliverytime} takes it. */
  static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

  private static final Pattern PARAMETER = Pattern.compile("^'?([A-Za-z0-9:_.-]+)'? parameter\\b");
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("from", "from"),
          Map.entry("to", "to"),
          Map.entry("cc", "cc"),
          Map.entry("bcc", "bcc"),
          Map.entry("subject", "subject"),
          Map.entry("text", "text"),
          Map.entry("html", "html"),
          Map.entry("attachment", "attachments"),
          Map.entry("inline", "attachments"),
          Map.entry("h:reply-to", "replyTo"),
          Map.entry("o:tag", "tags"),
          Map.entry("o:deliverytime", "sendAt"));

  private final String provider;
  private final Clock clock;
  private final JsonAdapter<MailgunJson.ErrorBody> errors;
  private final JsonAdapter<MailgunJson.EventData> events;
  private final ErrorMapper fallback;

  /**
   * @param fallback the mapper for statuses Mailgun gives no special meaning
   */
  public MailgunMapper(
      String provider,
      Clock clock,
      JsonAdapter<MailgunJson.ErrorBody> errors,
      JsonAdapter<MailgunJson.EventData> events,
      ErrorMapper fallback) {
    this.provider = provider;
    this.clock = clock;
    this.errors = errors;
    this.events = events;
    this.fallback = fallback;
  }

  /**
   * A mapper for webhook events only, for the verifier, which makes no HTTP calls: errors it is
   * never asked about would fall to the executor's own default.
   */
  public static MailgunMapper forWebhooks(String provider, Clock clock) {
    Moshi moshi = SwitchboardMoshi.create();
    return new MailgunMapper(
        provider,
        clock,
        moshi.adapter(MailgunJson.ErrorBody.class),
        moshi.adapter(MailgunJson.EventData.class),
        failure -> null);
  }

  /** The multipart form Mailgun's {@code messages} endpoint takes, attachments streamed. */
  MultipartBody toBody(EmailMessage message) {
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    form.addFormDataPart("from", AsciiAddresses.of(message.from()).toString());
    addAddresses(form, "to", message.to());
    addAddresses(form, "cc", message.cc());
    addAddresses(form, "bcc", message.bcc());
    form.addFormDataPart("subject", message.subject());
    message.text().ifPresent(text -> form.addFormDataPart("text", text));
    message.html().ifPresent(html -> form.addFormDataPart("html", html));
    if (!message.replyTo().isEmpty()) {
      form.addFormDataPart("h:Reply-To", addressList(message.replyTo()));
    }
    message.headers().forEach((name, value) -> form.addFormDataPart("h:" + name, value));
    message.tags().forEach(tag -> form.addFormDataPart("o:tag", tag));
    message.sendAt().ifPresent(at -> form.addFormDataPart("o:deliverytime", deliveryTime(at)));
    message.metadata().forEach((key, value) -> form.addFormDataPart("v:" + key, value));
    for (Attachment attachment : message.attachments()) {
      // Mailgun gives an inline part the content id of its file name, so that is what it is sent
      // as.
      boolean inline = attachment.disposition() == Attachment.Disposition.INLINE;
      form.addFormDataPart(
          inline ? "inline" : "attachment",
          inline ? attachment.contentId().orElseThrow() : attachment.filename(),
          new AttachmentBody(attachment));
    }
    return form.build();
  }

  /**
   * The bytes of the sending options, the {@code o:}, {@code h:} and {@code v:} parameters, names
   * and values, that Mailgun counts against its limit of {@value
   * dev.switchboard.email.mailgun.MailgunLimits#MAX_OPTION_BYTES}.
   */
  public static long optionBytes(EmailMessage message) {
    long total = 0;
    if (!message.replyTo().isEmpty()) {
      total += utf8("h:Reply-To") + utf8(addressList(message.replyTo()));
    }
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      total += utf8("h:" + header.getKey()) + utf8(header.getValue());
    }
    for (String tag : message.tags()) {
      total += utf8("o:tag") + utf8(tag);
    }
    if (message.sendAt().isPresent()) {
      total += utf8("o:deliverytime") + utf8(deliveryTime(message.sendAt().get()));
    }
    for (Map.Entry<String, String> entry : message.metadata().entrySet()) {
      total += utf8("v:" + entry.getKey()) + utf8(entry.getValue());
    }
    return total;
  }

  /** {@code o:deliverytime}: RFC 2822, whole seconds, in GMT. */
  static String deliveryTime(Instant at) {
    return RFC_2822.format(at.atOffset(ZoneOffset.UTC));
  }

  /**
   * The answer to an accepted message. Mailgun quotes the Message-Id in angle brackets here and
   * without them in its events; the brackets are dropped so that the result's id is the one every
   * later event about the message names.
   */
  SendResult toResult(MailgunJson.SendResponse response) {
    String id = response.id();
    if (id == null || id.isBlank()) {
      throw new JsonDataException("Mailgun's answer has no message id");
    }
    return SendResult.of(provider, stripBrackets(id.strip()), clock.instant());
  }

  /**
   * One webhook event from the raw JSON of its {@code event-data}, which it keeps.
   *
   * @throws JsonDataException if the JSON is malformed or lacks the id, event or timestamp
   * @throws dev.switchboard.WebhookVerificationException {@code MALFORMED_BODY} from {@code checks}
   *     if the timestamp is beyond the range of any clock
   */
  public WebhookEvent toEvent(String rawEventData, WebhookChecks checks) {
    MailgunJson.EventData data;
    try {
      data = events.fromJson(rawEventData);
    } catch (IOException e) {
      throw new JsonDataException("event-data is not JSON: " + e.getMessage(), e);
    }
    if (data == null) {
      throw new JsonDataException("event-data is null");
    }
    if (data.id() == null || data.id().isBlank()) {
      throw new JsonDataException("event-data has no id");
    }
    if (data.event() == null || data.event().isBlank()) {
      throw new JsonDataException("event-data " + data.id() + " has no event");
    }
    if (data.timestamp() == null) {
      throw new JsonDataException("event-data " + data.id() + " has no timestamp");
    }
    String messageId =
        data.message() == null || data.message().headers() == null
            ? null
            : data.message().headers().messageId();
    return new WebhookEvent(
        data.id(),
        provider,
        eventType(data.event(), data.severity()),
        data.event(),
        checks.epochSeconds("event-data " + data.id() + " timestamp", data.timestamp()),
        messageId == null || messageId.isBlank() ? null : stripBrackets(messageId.strip()),
        rawEventData);
  }

  private static String eventType(String event, String severity) {
    return switch (event) {
      case "delivered" -> WebhookEventTypes.EMAIL_DELIVERED;
      case "failed" ->
          switch (severity == null ? "" : severity) {
            case "permanent" -> WebhookEventTypes.EMAIL_BOUNCED;
            case "temporary" -> WebhookEventTypes.EMAIL_DEFERRED;
            default -> WebhookEventTypes.UNKNOWN;
          };
      case "rejected" -> WebhookEventTypes.EMAIL_DROPPED;
      case "opened" -> WebhookEventTypes.EMAIL_OPENED;
      case "clicked" -> WebhookEventTypes.EMAIL_CLICKED;
      case "complained" -> WebhookEventTypes.EMAIL_COMPLAINED;
      case "unsubscribed" -> WebhookEventTypes.EMAIL_UNSUBSCRIBED;
      default -> WebhookEventTypes.UNKNOWN;
    };
  }

  /** Float seconds, such as {@code 1714564800.123456}, read exactly. */
  @Override
  public SwitchboardException map(HttpFailure failure) {
    String message = parse(failure.body());
    ErrorContext context = failure.context();
    String suffix = failure.requestIdSuffix();
    String said = message == null ? "" : ": " + message;
    return switch (failure.status()) {
      case 400 ->
          new InvalidRequestException(
              "HTTP 400: Mailgun refused the message" + said + suffix,
              context,
              message == null ? null : fieldOf(message),
              null);
      case 401, 403 ->
          new AuthenticationException(
              "HTTP " + failure.status() + ": Mailgun refused the API key" + said + suffix,
              context);
      case 402 ->
          new ProviderUnavailableException(
              "HTTP 402: Mailgun would not act for this account" + said + suffix, context);
      case 404 ->
          message == null
              ? new InvalidRequestException(
                  "HTTP 404: no Mailgun messages endpoint at the configured base URL" + suffix,
                  context,
                  "base-url",
                  null)
              : new InvalidRequestException(
                  "HTTP 404: Mailgun does not know the configured domain" + said + suffix,
                  context,
                  "domain",
                  null);
      case 413 ->
          new InvalidRequestException(
              "HTTP 413: the message is larger than Mailgun accepts" + said + suffix,
              context,
              "attachments",
              null);
      default -> fallback.map(failure);
    };
  }

  /**
   * The SDK's name for the parameter a 400 message starts with, such as {@code from} for {@code
   * 'from' parameter is missing}; null when the message names none.
   */
  static String fieldOf(String message) {
    Matcher m = PARAMETER.matcher(message.strip());
    if (!m.find()) {
      return message.contains("'text'") && message.contains("'html'") ? "text" : null;
    }
    String parameter = m.group(1);
    String lower = parameter.toLowerCase(Locale.ROOT);
    String field = FIELDS.get(lower);
    if (field != null) {
      return field;
    }
    if (lower.startsWith("h:")) {
      return "headers[\"" + parameter.substring(2) + "\"]";
    }
    if (lower.startsWith("v:")) {
      return "metadata[\"" + parameter.substring(2) + "\"]";
    }
    return null;
  }

  private String parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      MailgunJson.ErrorBody error = errors.fromJson(body);
      return error == null || error.message() == null || error.message().isBlank()
          ? null
          : error.message().strip();
    } catch (IOException | JsonDataException e) {
      // Not Mailgun's JSON (a proxy's page, or Mailgun's plain "Forbidden"): the status decides.
      return null;
    }
  }

  private static void addAddresses(
      MultipartBody.Builder form, String name, List<EmailAddress> addresses) {
    for (EmailAddress address : addresses) {
      form.addFormDataPart(name, AsciiAddresses.of(address).toString());
    }
  }

  private static String addressList(List<EmailAddress> addresses) {
    return addresses.stream()
        .map(address -> AsciiAddresses.of(address).toString())
        .collect(Collectors.joining(", "));
  }

  private static String stripBrackets(String id) {
    return id.length() > 2 && id.startsWith("<") && id.endsWith(">")
        ? id.substring(1, id.length() - 1)
        : id;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
