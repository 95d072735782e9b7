package dev.switchboard.email.sendgrid.internal;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one message: checks SendGrid's limits, builds the streaming body, checks its size, posts it
 * through the shared {@link HttpExecutor} (which classifies every failure), and reads the message
 * id from the answer's headers. The post runs in the given {@link CallMode}: on the caller's
 * thread, or enqueued with OkHttp. Never retries; thread-safe.
 *
 * <p>The request is built directly on the vendor's OkHttp client, to {@code v3/mail/send} resolved
 * once against the base URL: a Retrofit service method would parse and resolve that URL again for
 * every message, and only the raw call was ever used. SendGrid takes no idempotency key; the
 * message's key travels as a tag, so that errors and logs quote it.
 */
public final class SendGridClient {
  /** Whether messages are really sent or only validated by SendGrid. */
  public enum Mode {
    /** Messages are sent. */
    LIVE,
    /**
     * {@code mail_settings.sandbox_mode.enable=true}: SendGrid validates, answers 200, sends
     * nothing.
     */
    SANDBOX
  }

  private final VendorHttpConfig http;
  private final boolean sandbox;
  private final HttpUrl sendUrl;
  private final HttpUrl scopesUrl;
  private final Call.Factory calls;
  private final SendGridMapper mapper;
  private final HttpExecutor executor;

  @Inject
  SendGridClient(
      VendorHttpConfig http,
      Mode mode,
      Call.Factory calls,
      SendGridMapper mapper,
      HttpExecutor executor) {
    this.http = http;
    this.sandbox = mode == Mode.SANDBOX;
    this.sendUrl = http.baseUrl().resolve("v3/mail/send");
    this.scopesUrl = http.baseUrl().resolve("v3/scopes");
    this.calls = calls;
    this.mapper = mapper;
    this.executor = executor;
  }

  /** What SendGrid's limits refuse in the message, or empty. */
  public Optional<InvalidRequestException> check(EmailMessage message) {
    try {
      SendGridLimits.check(message, http.clock(), http.provider());
      return Optional.empty();
    } catch (InvalidRequestException e) {
      return Optional.of(e);
    }
  }

  /**
   * Sends the message in the given mode; see {@code SendGridEmailSender#send} for how it fails. A
   * message over SendGrid's limits is refused by a throw, before anything is sent.
   */
  public CompletableFuture<SendResult> send(CallMode mode, EmailMessage message) {
    SendGridLimits.check(message, http.clock(), http.provider());
    MailBody body = new MailBody(mapper.toMail(message, sandbox));
    SendGridLimits.checkSize(body.contentLength());
    IdempotencyKey key = message.idempotencyKey();
    Request request =
        new Request.Builder().url(sendUrl).post(body).tag(IdempotencyKey.class, key).build();
    CompletableFuture<Response> answer = executor.executeRaw(mode, "send", calls.newCall(request));
    CompletableFuture<SendResult> result =
        answer.thenApply(response -> mapper.toSendResult(response, sandbox, key));
    // Closed by a stage of its own: a caller who cancels the result skips the mapping, and the
    // connection must still go back to the pool. The mapping reads only the status and headers,
    // which a closed response keeps.
    answer.thenAccept(Response::close);
    return result;
  }

  /** Reads the key's scopes ({@code GET /v3/scopes}); the adapter's health probe. */
  public void probe() {
    executor.probe(calls.newCall(new Request.Builder().url(scopesUrl).get().build()));
  }

  /** Whether this client sends in sandbox mode. */
  public boolean sandbox() {
    return sandbox;
  }
}
