package dev.switchboard.webhooks.inbox;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.deferred.jdbc.JdbcJobsBuilder;
import dev.switchboard.deferred.jdbc.internal.Workers;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.jdbc.internal.Database;
import dev.switchboard.state.jdbc.internal.JdbcSettings;
import dev.switchboard.state.jdbc.internal.Schema;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.inbox.WebhookDecision.Outcome;
import dev.switchboard.webhooks.inbox.internal.DeliveryGuard;
import dev.switchboard.webhooks.inbox.internal.EventStore;
import dev.switchboard.webhooks.inbox.internal.HandlerRunner;
import dev.switchboard.webhooks.inbox.internal.Intake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of webhooks: verify each delivery, claim each event in the shared replay
 * guard, store it durably, and only then acknowledge, before any handler runs. Handlers run later
 * from a durable queue (<a href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a> on
 * H2 or PostgreSQL), with back-off and a deadline.
 *
 * <pre>{@code
 * WebhookInbox inbox = WebhookInbox.builder()
 *     .verifier(StripeWebhookVerifier.builder().secret(stripeSecret).build())
 *     .verifier(SendGridWebhookVerifier.builder().publicKey(sendgridKey).build())
 *     .replayGuard(switchboard.replayGuard("webhook-events"))  // shared by every instance
 *     .url("jdbc:postgresql://db.internal:5432/app")
 *     .on(WebhookEventTypes.PAYMENT_SUCCEEDED, event -> orders.markPaid(event.subjectId()))
 *     .build();
 *
 * WebhookDecision decision = inbox.receive("stripe", request);   // from any web layer
 * // answer decision.status() with decision.body()
 * }</pre>
 *
 * <p>What a delivery is answered:
 *
 * <ul>
 *   <li>200 once every event in it is stored, or was stored before (a duplicate, from this instance
 *       or another one sharing the database and the guard);
 *   <li>400 with a short reason when the signature, timestamp or body is wrong; nothing is stored;
 *   <li>503 when the database or the replay guard cannot be reached, or another delivery of the
 *       same event is being stored right now; nothing is kept, claims are released, and the vendor
 *       delivers again.
 * </ul>
 *
 * <p>A batch (SendGrid posts many events at once) is stored all or nothing. Each event runs the
 * handler registered for its neutral type ({@code payment.succeeded}); an event the SDK does not
 * map ({@code unknown}) runs the handler registered for the vendor's own type ({@code
 * customer.created}). An event whose type has no handler when it runs ends {@link
 * InboxState#UNHANDLED}. A handler that throws is run again after a full-jitter back-off, until the
 * deadline; then the event is {@link InboxState#DEAD}, with its history, and its claim is released,
 * so that the vendor's next delivery of it is handled again. {@link #replay} runs any ended event
 * again.
 *
 * <p>Defaults: 4 worker threads; polling every 5 s; a heartbeat every 10 s; a handler deadline of
 * 24 hours; back-off from 1 s capped at 10 minutes; handling in order of arrival, not per subject
 * ({@link Builder#orderedBySubject}); ended events kept 7 days; an in-memory replay guard (one
 * instance only: give several instances {@code switchboard.replayGuard(...)}). Every time decision
 * reads the builder's {@link Clock}.
 */
public final class WebhookInbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

  static final String TASK = "switchboard-webhook-event";
  static final String PURGE_TASK = "switchboard-webhook-purge";
  static final String TASK_TABLE = "switchboard_webhook_tasks";
  static final String HISTORY_TABLE = "switchboard_webhook_schema_history";
  private static final String MIGRATIONS = "classpath:dev/switchboard/webhooks/migration/";

  /** How long after it is received a failing event is retried unless set: 24 hours. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(24);

  /** The longest back-off between two attempts of a handler unless set: 10 minutes. */
  public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(10);

  private static final int MAX_PAGE_SIZE = 1000;

  private final Map<String, WebhookVerifier> verifiers;
  private final ReplayGuard claims;
  private final Map<String, WebhookHandler> handlers = new ConcurrentHashMap<>();
  private final HikariDataSource ownPool;
  private final EventStore store;
  private final Intake intake;
  private final Clock clock;
  private final Duration deadline;
  private final Scheduler scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebhookInbox(
      Builder b, JdbcJobsBuilder.Settings settings, HikariDataSource ownPool, Database database) {
    this.verifiers = Map.copyOf(b.verifiers);
    this.claims = b.replayGuard;
    this.ownPool = ownPool;
    this.clock = settings.clock();
    this.deadline = b.deadline;
    this.handlers.putAll(b.handlers);
    Schema.migrate(database, HISTORY_TABLE, MIGRATIONS, "the webhook inbox's tables");
    this.store = new EventStore(database);
    HandlerRunner runner =
        new HandlerRunner(
            store,
            this::handlerFor,
            claims,
            clock,
            settings.random(),
            new HandlerRunner.Settings(
                settings.backoffBase(),
                b.backoffCap,
                b.orderedBySubject,
                settings.workerSettings().pollingInterval()));
    JdbcCustomization jdbc = new AutodetectJdbcCustomization(database.dataSource());
    CustomTask<Void> task =
        Workers.task(TASK, clock, settings.backoffBase(), b.backoffCap, runner::run);
    this.intake = new Intake(store, task, jdbc, TASK_TABLE);
    this.scheduler =
        Workers.startIf(
            settings, database, jdbc, TASK_TABLE, task, PURGE_TASK, before -> store.purge(before));
  }

  /** A builder with the defaults: add a verifier per provider and set a database. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies, deduplicates and stores one delivery, and says what to answer. Never runs a handler
   * and never throws for anything the delivery holds.
   *
   * @param provider the provider the delivery's path names, such as {@code stripe}
   * @param request the delivery's headers and raw body, untouched
   * @throws NullPointerException if an argument is null
   */
  public WebhookDecision receive(String provider, WebhookRequest request) {
    require("provider", provider);
    require("request", request);
    WebhookVerifier verifier = verifiers.get(provider);
    if (verifier == null) {
      return WebhookDecision.unknownProvider();
    }
    try (DeliveryGuard.Scope tokens = DeliveryGuard.open()) {
      List<WebhookEvent> events;
      try {
        events = verifier.verify(request);
      } catch (WebhookVerificationException e) {
        log.info("refused a {} webhook delivery: {}", provider, e.problem());
        return new WebhookDecision(
            400,
            "refused: " + e.problem() + ": " + e.reason(),
            Outcome.REFUSED,
            List.of(),
            List.of());
      } catch (SwitchboardException e) {
        log.warn("could not verify a {} webhook delivery: {}", provider, e.getMessage());
        return unavailable("the delivery cannot be verified now: " + e.reason());
      }
      WebhookDecision decision = accept(provider, events);
      if (decision.acknowledged()) {
        tokens.complete();
      }
      return decision;
    }
  }

  private WebhookDecision accept(String provider, List<WebhookEvent> events) {
    List<String> held = new ArrayList<>();
    List<WebhookEvent> fresh = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    try {
      for (WebhookEvent event : events) {
        if (!seen.add(event.id())) {
          continue;
        }
        String claim = HandlerRunner.claimId(event);
        switch (claims.claim(claim)) {
          case FIRST -> {
            held.add(claim);
            fresh.add(event);
          }
          case DONE -> duplicates.add(event.id());
          case IN_PROGRESS -> {
            if (store.find(provider, event.id()).isEmpty()) {
              // Another delivery holds the claim but has not stored the event (yet, or ever: its
              // claim lapses). Acknowledging now could lose it.
              release(held);
              return unavailable(
                  "event " + event.id() + " is being accepted by another delivery; deliver again");
            }
            duplicates.add(event.id());
          }
        }
      }
      Intake.Result result =
          fresh.isEmpty()
              ? new Intake.Result(List.of(), List.of())
              : intake.store(fresh, clock.instant(), clock.instant().plus(deadline));
      duplicates.addAll(result.duplicates());
      if (!result.stored().isEmpty() && scheduler != null) {
        scheduler.triggerCheckForDueExecutions();
      }
      boolean duplicate = result.stored().isEmpty() && !duplicates.isEmpty();
      return new WebhookDecision(
          200,
          duplicate
              ? "duplicate: already accepted"
              : "accepted " + result.stored().size() + " event(s)",
          duplicate ? Outcome.DUPLICATE : Outcome.ACCEPTED,
          result.stored(),
          duplicates);
    } catch (RuntimeException e) {
      // The database or the guard (a StateStoreException), or a bug: keep nothing, ask again.
      release(held);
      log.warn("could not store a {} webhook delivery: {}", provider, e.getMessage());
      return unavailable("the events cannot be stored now; deliver again");
    }
  }

  private void release(List<String> held) {
    for (String claim : held) {
      try {
        claims.release(claim);
      } catch (RuntimeException e) {
        // The claim lapses after the guard's lease instead.
        log.debug("could not release a webhook claim", e);
      }
    }
  }

  private static WebhookDecision unavailable(String body) {
    return new WebhookDecision(503, body, Outcome.UNAVAILABLE, List.of(), List.of());
  }

  /**
   * Runs {@code handler} for every event of {@code type}: a neutral type such as {@code
   * payment.succeeded} ({@link dev.switchboard.webhooks.WebhookEventTypes}), or a vendor's own type
   * for events the SDK does not map. One handler per type; register them before deliveries arrive
   * (an event that runs with no handler ends {@link InboxState#UNHANDLED}).
   *
   * @return this inbox
   * @throws InvalidRequestException if {@code type} is blank, {@code handler} null, or the type
   *     already has a handler
   */
  public WebhookInbox on(String type, WebhookHandler handler) {
    addHandler(handlers, type, handler);
    return this;
  }

  private static void addHandler(
      Map<String, WebhookHandler> handlers, String type, WebhookHandler handler) {
    Objects.requireNonNull(type, "type == null");
    if (type.isBlank()) {
      throw InvalidRequestException.invalidField("type", "type is blank");
    }
    require("handler", handler);
    if (handlers.putIfAbsent(type, handler) != null) {
      throw InvalidRequestException.invalidField(
          "type", "a handler for " + type + " is registered already; combine them in one");
    }
  }

  private WebhookHandler handlerFor(WebhookEvent event) {
    return handlers.get(event.isKnownType() ? event.type() : event.vendorType());
  }

  /**
   * Runs an ended event's handler again (handled, unhandled or dead), with a new deadline.
   *
   * @throws NotFoundException if the inbox holds no such event
   * @throws ConflictException if the event is still queued, waiting or running
   */
  public InboxEvent replay(String provider, String eventId) {
    EventStore.Row row = existing(provider, eventId);
    Instant now = clock.instant();
    if (!intake.revive(row.id(), now, now.plus(deadline), now + " replay requested\n")) {
      throw new ConflictException(
          "event "
              + eventId
              + " of "
              + provider
              + " is still "
              + existing(provider, eventId).event().state()
              + "; only an ended event can be replayed",
          ErrorContext.local("replay"));
    }
    wakeUp();
    return existing(provider, eventId).event();
  }

  /**
   * {@link #replay(String, String)} for the one provider that sent an event with this id.
   *
   * @throws NotFoundException if the inbox holds no such event
   * @throws ConflictException if two providers sent events with this id (name the provider), or the
   *     event is still open
   */
  public InboxEvent replay(String eventId) {
    require("eventId", eventId);
    List<EventStore.Row> found = store.findAll(eventId);
    if (found.isEmpty()) {
      throw new NotFoundException(
          "the inbox holds no event " + eventId, ErrorContext.local("replay"));
    }
    if (found.size() > 1) {
      throw new ConflictException(
          "event id "
              + eventId
              + " was sent by "
              + found.stream().map(r -> r.event().provider()).sorted().toList()
              + "; name the provider",
          ErrorContext.local("replay"));
    }
    return replay(found.get(0).event().provider(), eventId);
  }

  /** The event {@code eventId} of {@code provider}, if the inbox holds it. */
  public Optional<InboxEvent> event(String provider, String eventId) {
    require("provider", provider);
    require("eventId", eventId);
    return store.find(provider, eventId).map(EventStore.Row::event);
  }

  /** One page of the events in {@code state}, oldest received first. */
  public List<InboxEvent> list(InboxState state, int page, int pageSize) {
    require("state", state);
    if (page < 0) {
      throw InvalidRequestException.invalidField("page", "page must be at least 0, was " + page);
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw InvalidRequestException.invalidField(
          "pageSize", "pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
    }
    return store.list(state, Math.multiplyExact(page, pageSize), pageSize).stream()
        .map(EventStore.Row::event)
        .toList();
  }

  /** How many events are in each state (every state present, zero included). */
  public Map<InboxState, Long> depth() {
    return store.depth();
  }

  /** The providers this inbox has a verifier for. */
  public Set<String> providers() {
    return verifiers.keySet();
  }

  /** Makes the workers look for due events now instead of at their next poll. */
  public void wakeUp() {
    if (scheduler != null) {
      scheduler.triggerCheckForDueExecutions();
    }
  }

  private EventStore.Row existing(String provider, String eventId) {
    require("provider", provider);
    require("eventId", eventId);
    return store
        .find(provider, eventId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the inbox holds no event " + eventId + " of " + provider,
                    ErrorContext.local("replay")));
  }

  /** Stops the workers (waiting for running handlers) and closes the inbox's own pool. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (scheduler != null) {
      scheduler.stop();
    }
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "WebhookInbox{providers="
        + verifiers.keySet()
        + (scheduler == null ? ", receive only" : ", workers")
        + "}";
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  /** Builds a {@link WebhookInbox}. */
  public static final class Builder extends JdbcJobsBuilder<Builder> {
    private final Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();
    private ReplayGuard replayGuard;
    private Duration deadline = DEFAULT_DEADLINE;
    private Duration backoffCap = DEFAULT_BACKOFF_CAP;
    private boolean orderedBySubject;
    private final Map<String, WebhookHandler> handlers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Runs {@code handler} for every event of {@code type}, as {@link WebhookInbox#on} does.
     * Handlers given here are in place before the workers start, so an event stored earlier (by
     * another instance, or before a restart) never runs without its handler.
     *
     * @throws InvalidRequestException if {@code type} is blank, {@code handler} null, or the type
     *     has a handler already
     */
    public Builder on(String type, WebhookHandler handler) {
      addHandler(handlers, type, handler);
      return this;
    }

    /**
     * Accepts deliveries for {@code verifier.provider()} with this verifier. Give it no replay
     * guard on the event id of its own: the inbox claims every event id itself.
     *
     * @throws InvalidRequestException if the provider has a verifier already
     */
    public Builder verifier(WebhookVerifier verifier) {
      require("verifier", verifier);
      if (verifiers.putIfAbsent(verifier.provider(), verifier) != null) {
        throw InvalidRequestException.invalidField(
            "verifier", "provider " + verifier.provider() + " has a verifier already");
      }
      return this;
    }

    /**
     * The guard in which each event id is claimed: {@code
     * switchboard.replayGuard("webhook-events")} from a shared state store, so that every instance
     * sees every claim. Default: one in memory, remembering ids for 7 days, for one instance.
     */
    public Builder replayGuard(ReplayGuard replayGuard) {
      require("replayGuard", replayGuard);
      this.replayGuard = replayGuard;
      return this;
    }

    /** How long after it is received a failing event is still retried; default 24 h. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive("deadline", deadline);
      return this;
    }

    public Builder backoffCap(Duration backoffCap) {
      this.backoffCap = positive("backoffCap", backoffCap);
      return this;
    }

    /**
     * Handles the events of one subject (a payment, a message) in the order they occurred: an event
     * waits while an earlier one of its subject is queued, waiting or running. Default off.
     */
    public Builder orderedBySubject(boolean orderedBySubject) {
      this.orderedBySubject = orderedBySubject;
      return this;
    }

    /**
     * Migrates the tables, then starts the workers.
     *
     * @throws InvalidRequestException if no verifier or no database was given
     * @throws dev.switchboard.state.StateStoreException if the database cannot be opened
     */
    /** The common keys under {@code prefix}, for {@link WebhookInboxFactory}. */
    Builder readCommonKeys(ConfigReader s, String prefix, List<JdbcSettings.Fallback> fallbacks) {
      return readKeys(s, prefix, fallbacks, WebhookInboxFactory.DEFAULT_URL);
    }

    public WebhookInbox build() {
      if (verifiers.isEmpty()) {
        throw InvalidRequestException.invalidField("verifiers", "add at least one verifier");
      }
      JdbcJobsBuilder.Settings settings = settings();
      if (replayGuard == null) {
        replayGuard =
            ReplayGuard.inMemory(
                JdbcJobsBuilder.DEFAULT_RETENTION,
                StateStore.REPLAY_LEASE,
                1_000_000,
                settings.clock());
      }
      return open(
          "switchboard-webhooks",
          (pool, database) -> new WebhookInbox(this, settings, pool, database));
    }

    private static Duration positive(String field, Duration value) {
      return InvalidRequestException.requirePositive(field, value);
    }
  }
}
