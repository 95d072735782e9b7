package dev.switchboard.email.sendgrid.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.email.AsciiAddresses;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Address;
import dev.switchboard.email.sendgrid.internal.SendGridJson.AttachmentPart;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Content;
import dev.switchboard.email.sendgrid.internal.SendGridJson.ErrorBody;
import dev.switchboard.email.sendgrid.internal.SendGridJson.ErrorEnvelope;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Mail;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Personalization;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Response;

/**
 * The one place SendGrid's vocabulary meets the SDK's: an {@link EmailMessage} becomes a {@link
 * Mail}, a 2xx answer becomes a {@link SendResult}, and an error answer becomes exactly one
 * exception of the taxonomy.
 *
 * <p>Recipients: SendGrid wants a {@code to} in every personalization. A message with no to
 * recipients but cc recipients sends the cc recipients as {@code to} (they see each other either
 * way). A message with only bcc recipients gets one personalization per recipient, each with that
 * recipient as its only {@code to}: every recipient gets a copy that names nobody else, which is
 * what bcc promises, and no one (the sender included) gets a copy they were not meant to get.
 *
 * <p>Errors:
 *
 * <table>
 *   <caption>SendGrid answer to exception</caption>
 *   <tr><td>400</td><td>{@code InvalidRequestException}, field and message from the first error</td></tr>
 *   <tr><td>401</td><td>{@code AuthenticationException}</td></tr>
 *   <tr><td>403 about the from address (unverified sender identity)</td>
 *       <td>{@code InvalidRequestException}, field {@code from}</td></tr>
 *   <tr><td>403 otherwise ("access forbidden": the key lacks the mail.send scope)</td>
 *       <td>{@code AuthenticationException}</td></tr>
 *   <tr><td>413</td><td>{@code InvalidRequestException}, field {@code message}</td></tr>
 *   <tr><td>429</td><td>{@code RateLimitedException}, waiting for {@code Retry-After} or else
 *       until {@code X-RateLimit-Reset}</td></tr>
 *   <tr><td>5xx and anything else</td><td>the shared {@code DefaultErrorMapper}: a 5xx is an
 *       {@code OutcomeUnknownException}, since SendGrid read the whole request and may have queued
 *       it</td></tr>
 * </table>
 */
public final class SendGridMapper implements ErrorMapper {
  /** The response header that carries the id of an accepted message. */
  public static final String MESSAGE_ID_HEADER = "X-Message-Id";

  /** The prefix of the id made up for a message SendGrid validated in sandbox mode without one. */
  public static final String SANDBOX_ID_PREFIX = "sandbox-";

  private final String provider;
  private final Clock clock;
  private final JsonAdapter<ErrorEnvelope> errors;
  private final ErrorMapper fallback;

  SendGridMapper(
      String provider,
      Clock clock,
      JsonAdapter<ErrorEnvelope> errors,
      DefaultErrorMapper fallback) {
    this.provider = provider;
    this.clock = clock;
    this.errors = errors;
    this.fallback = fallback;
  }

  Mail toMail(EmailMessage m, boolean sandbox) {
    List<Personalization> personalizations = new ArrayList<>();
    if (m.to().isEmpty() && m.cc().isEmpty()) {
      for (EmailAddress bcc : m.bcc()) {
        personalizations.add(new Personalization(List.of(address(bcc)), List.of(), List.of()));
      }
    } else if (m.to().isEmpty()) {
      personalizations.add(new Personalization(addresses(m.cc()), List.of(), addresses(m.bcc())));
    } else {
      personalizations.add(
          new Personalization(addresses(m.to()), addresses(m.cc()), addresses(m.bcc())));
    }
    List<Content> content = new ArrayList<>(2);
    m.text().ifPresent(text -> content.add(new Content("text/plain", text)));
    m.html().ifPresent(html -> content.add(new Content("text/html", html)));
    List<AttachmentPart> attachments = new ArrayList<>();
    for (Attachment a : m.attachments()) {
      boolean inline = a.disposition() == Attachment.Disposition.INLINE;
      attachments.add(
          new AttachmentPart(
              a,
              a.contentType(),
              a.filename(),
              inline ? "inline" : "attachment",
              a.contentId().orElse(null)));
    }
    List<Address> replyTo = addresses(m.replyTo());
    return new Mail(
        List.copyOf(personalizations),
        address(m.from()),
        replyTo.size() == 1 ? replyTo.get(0) : null,
        replyTo.size() > 1 ? replyTo : List.of(),
        m.subject(),
        List.copyOf(content),
        List.copyOf(attachments),
        m.headers(),
        m.tags(),
        m.metadata(),
        m.sendAt().map(Instant::getEpochSecond).orElse(null),
        sandbox);
  }

  private static List<Address> addresses(List<EmailAddress> list) {
    // A loop rather than a stream: a message has a few addresses, and the stream's set-up cost more
    // than mapping them.
    switch (list.size()) {
      case 0:
        return List.of();
      case 1:
        return List.of(address(list.get(0)));
      default:
        Address[] mapped = new Address[list.size()];
        for (int i = 0; i < mapped.length; i++) {
          mapped[i] = address(list.get(i));
        }
        return List.of(mapped);
    }
  }

  private static Address address(EmailAddress a) {
    return new Address(AsciiAddresses.of(a).address(), a.displayName().orElse(null));
  }

  /**
   * The result of a 2xx answer: SendGrid's {@code X-Message-Id}, or for a sandbox send validated
   * without one, {@code sandbox-<idempotency key>} (no message was sent, so no real id exists).
   *
   * @throws OutcomeUnknownException if a real send was accepted without a message id
   */
  SendResult toSendResult(Response response, boolean sandbox, IdempotencyKey key) {
    String id = response.header(MESSAGE_ID_HEADER);
    if (id == null || id.isBlank()) {
      if (sandbox) {
        return SendResult.of(provider, SANDBOX_ID_PREFIX + key.value(), clock.instant());
      }
      throw new OutcomeUnknownException(
          "unparseable success body: HTTP "
              + response.code()
              + " without an "
              + MESSAGE_ID_HEADER
              + " header",
          ErrorContext.builder()
              .provider(provider)
              .operation("send")
              .httpStatus(response.code())
              .idempotencyKey(key)
              .requestSent(true)
              .build());
    }
    return SendResult.of(provider, id.trim(), clock.instant());
  }

  @Override
  public SwitchboardException map(HttpFailure failure) {
    List<ErrorBody> list = parse(failure.body());
    ErrorContext context = failure.context();
    String suffix = failure.requestIdSuffix();
    int status = failure.status();
    switch (status) {
      case 400:
        return new InvalidRequestException(
            "HTTP 400: SendGrid refused the message: " + describe(list, "invalid request") + suffix,
            context,
            firstField(list),
            null);
      case 401:
        return new AuthenticationException(
            "HTTP 401: " + describe(list, "authorization required") + suffix, context);
      case 403:
        if (aboutSender(list)) {
          return new InvalidRequestException(
              "HTTP 403: SendGrid refused the sender: " + describe(list, "forbidden") + suffix,
              context,
              "from",
              null);
        }
        return new AuthenticationException(
            "HTTP 403: the API key may not send mail: "
                + describe(list, "access forbidden")
                + suffix,
            context);
      case 413:
        return new InvalidRequestException(
            "HTTP 413: SendGrid found the message too large: "
                + describe(list, "content too large")
                + suffix,
            context,
            "message",
            null);
      case 429:
        return new RateLimitedException(
            "HTTP 429: " + describe(list, "too many requests") + suffix,
            context,
            retryAfter(failure));
      default:
        return fallback.map(failure);
    }
  }

  private Duration retryAfter(HttpFailure failure) {
    Duration hinted =
        DefaultErrorMapper.retryAfter(failure.header("Retry-After").orElse(null), clock)
            .orElse(null);
    if (hinted != null) {
      return hinted;
    }
    String reset = failure.header("X-RateLimit-Reset").orElse(null);
    if (reset == null) {
      return null;
    }
    try {
      Duration wait =
          Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean aboutSender(List<ErrorBody> list) {
    return list.stream()
        .anyMatch(
            e ->
                "from".equals(field(e))
                    || (e.message() != null
                        && e.message().toLowerCase(Locale.ROOT).contains("sender identity")));
  }

  private static String firstField(List<ErrorBody> list) {
    return list.stream()
        .map(SendGridMapper::field)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String field(ErrorBody e) {
    String f = e.field();
    return f == null || f.isBlank() || f.equals("null") ? null : f;
  }

  private static String describe(List<ErrorBody> list, String otherwise) {
    List<String> parts = new ArrayList<>();
    for (ErrorBody e : list) {
      if (e == null || e.message() == null || e.message().isBlank()) {
        continue;
      }
      String f = field(e);
      parts.add(f == null ? e.message() : e.message() + " [" + f + "]");
    }
    return parts.isEmpty() ? otherwise : String.join("; ", parts);
  }

  private List<ErrorBody> parse(String body) {
    if (body.isBlank()) {
      return List.of();
    }
    try {
      ErrorEnvelope envelope = errors.fromJson(body);
      if (envelope == null || envelope.errors() == null) {
        return List.of();
      }
      return envelope.errors().stream().filter(Objects::nonNull).toList();
    } catch (IOException | JsonDataException e) {
      // Not SendGrid's error format (a proxy's HTML page, say): the status alone decides.
      return List.of();
    }
  }
}
