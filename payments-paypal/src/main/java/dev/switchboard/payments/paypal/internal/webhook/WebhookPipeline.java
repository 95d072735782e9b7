package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Objects;

/**
 * Verifies one PayPal delivery, in this order: the five transmission headers are present and
 * readable; the transmission time is within the tolerance of now, either way; the signature is
 * PayPal's (by the configured {@link SignatureCheck}); with confirmation on, PayPal's own copy of
 * the event is fetched ({@link EventFetcher}) and replaces the delivered body; the transmission id
 * was not accepted before; the body is one PayPal event. Built by {@link #create}, which wires the
 * graph with Dagger.
 */
public final class WebhookPipeline {
  /** The operation named in errors. */
  public static final String OPERATION = "verify-webhook";

  private final WebhookSettings settings;
  private final SignatureCheck signatures;
  private final WebhookMapper mapper;
  private final EventFetcher fetcher;

  @Inject
  WebhookPipeline(
      WebhookSettings settings,
      SignatureCheck signatures,
      WebhookMapper mapper,
      Provider<EventFetcher> fetcher) {
    this.settings = settings;
    this.signatures = signatures;
    this.mapper = mapper;
    // Only a confirming verifier has the credentials a fetcher needs.
    this.fetcher = settings.confirmByFetching() ? fetcher.get() : null;
  }

  /** The pipeline for these settings. */
  public static WebhookPipeline create(WebhookSettings settings) {
    return DaggerWebhookComponent.factory().create(settings).pipeline();
  }

  /**
   * The delivery's one event, once it is proven to be PayPal's.
   *
   * @throws WebhookVerificationException when it is not, or cannot be read
   * @throws dev.switchboard.SwitchboardException of another kind when the proof could not be
   *     obtained
   */
  public List<WebhookEvent> verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    WebhookChecks checks = WebhookChecks.of(settings.provider(), OPERATION);
    ErrorContext context = checks.context();
    TransmissionHeaders headers = TransmissionHeaders.read(request, checks);
    checks.checkTimestamp(headers.sentAt(), settings.clock(), settings.tolerance());
    byte[] body = request.body();
    WebhookMapper.ParsedBody parsed = mapper.parse(body);
    signatures.check(headers, body, parsed, context);
    EventFetcher.Copy copy =
        fetcher == null ? new EventFetcher.Copy(parsed, body) : confirm(parsed, checks);
    if (!settings.replayGuard().firstSight(headers.transmissionId())) {
      throw checks.failure(
          Problem.REPLAYED, "transmission " + headers.transmissionId() + " was already accepted");
    }
    return List.of(mapper.toEvent(copy.parsed(), copy.raw(), context));
  }

  private EventFetcher.Copy confirm(WebhookMapper.ParsedBody delivered, WebhookChecks checks) {
    if (!delivered.wellFormed()) {
      throw checks.failure(Problem.MALFORMED_BODY, delivered.problem());
    }
    return fetcher.fetch(delivered.event().id(), checks.context());
  }
}
