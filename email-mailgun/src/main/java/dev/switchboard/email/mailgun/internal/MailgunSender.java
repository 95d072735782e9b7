package dev.switchboard.email.mailgun.internal;

import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import okhttp3.MultipartBody;

/**
 * Sends one message: checks Mailgun's limits, builds the form, runs the call through the shared
 * {@link HttpExecutor} and maps the answer. Never retries, never sleeps.
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
   * @throws dev.switchboard.SwitchboardException as the port documents
   */
  public SendResult send(EmailMessage message) {
    MailgunLimits.check(message, settings.http().clock().instant(), settings.maxScheduleAhead());
    MultipartBody form = mapper.toBody(message);
    MailgunLimits.checkSize(length(form));
    return executor.execute(
        "send", api.send(settings.domain(), form, message.idempotencyKey()), mapper::toResult);
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
