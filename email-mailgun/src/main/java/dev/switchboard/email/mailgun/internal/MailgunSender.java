package dev.switchboard.email.mailgun.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.email.mailgun.MailgunLimits;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.MultipartBody;

/**
 * Sends one message: checks Mailgun's limits, builds the form, runs the call through the shared
 * {@link HttpExecutor} in the given {@link CallMode} (on the caller's thread, or enqueued with
 * OkHttp) and maps the answer. Never retries, never sleeps.
 */
public final class MailgunSender {
  private final MailgunSettings settings;
  private final VendorHttpConfig http;
  private final MailgunApi api;
  private final MailgunMapper mapper;
  private final HttpExecutor executor;

  @Inject
  MailgunSender(
      MailgunSettings settings,
      VendorHttpConfig http,
      MailgunApi api,
      MailgunMapper mapper,
      HttpExecutor executor) {
    this.settings = settings;
    this.http = http;
    this.api = api;
    this.mapper = mapper;
    this.executor = executor;
  }

  /** The sender for these settings, built through the adapter's Dagger graph. */
  public static MailgunSender create(MailgunSettings settings) {
    return DaggerMailgunComponent.factory().create(settings).sender();
  }

  /**
   * What {@link MailgunLimits} refuse in the message, the request's size included (measured on the
   * form, whose attachments are not read for it), or empty.
   */
  public Optional<InvalidRequestException> check(EmailMessage message) {
    Optional<InvalidRequestException> refusal = checkFields(message);
    return refusal.isPresent()
        ? refusal
        : MailgunLimits.checkSize(length(mapper.toBody(message)), settings.provider());
  }

  /**
   * Sends the message in the given mode; the future fails as the port documents. A message over
   * Mailgun's limits, or whose attachment file changed, is refused by a throw, before anything is
   * sent.
   */
  public CompletableFuture<SendResult> send(CallMode mode, EmailMessage message) {
    throwIfPresent(checkFields(message));
    for (int i = 0; i < message.attachments().size(); i++) {
      checkUnchanged(i, message.attachments().get(i));
    }
    MultipartBody form = mapper.toBody(message);
    throwIfPresent(MailgunLimits.checkSize(length(form), settings.provider()));
    return executor.execute(
        mode,
        "send",
        api.send(settings.domain(), form, message.idempotencyKey()),
        mapper::toResult);
  }

  /** Reads the sending domain ({@code GET /v4/domains/{domain}}); the adapter's health probe. */
  public void probe() {
    executor.probe(api.domain(settings.domain()));
  }

  private Optional<InvalidRequestException> checkFields(EmailMessage message) {
    return MailgunLimits.check(
        message,
        settings.http().clock().instant(),
        settings.maxScheduleAhead(),
        settings.provider());
  }

  private static void throwIfPresent(Optional<InvalidRequestException> refusal) {
    if (refusal.isPresent()) {
      throw refusal.get();
    }
  }

  /** A file-backed attachment must still be there, unchanged in size, as its length is declared. */
  private static void checkUnchanged(int index, Attachment attachment) {
    if (attachment.path().isEmpty()) {
      return;
    }
    Path path = attachment.path().get();
    String field = "attachments[" + index + "].path";
    long size;
    try {
      size = Files.isReadable(path) ? Files.size(path) : -1;
    } catch (IOException e) {
      size = -1;
    }
    if (size < 0) {
      throw InvalidRequestException.invalidField(
          field, "attachment file can no longer be read: " + path);
    }
    if (size != attachment.size()) {
      throw InvalidRequestException.invalidField(
          field,
          "attachment file changed since the attachment was built: "
              + size
              + " bytes instead of "
              + attachment.size());
    }
  }

  private static long length(MultipartBody form) {
    try {
      return form.contentLength();
    } catch (IOException e) {
      // Every part's length is known without I/O; this cannot happen, and then size is unknown.
      return -1;
    }
  }

  /** The HTTP description, for the adapter's {@code toString}; holds no secret value. */
  public VendorHttpConfig http() {
    return http;
  }
}
