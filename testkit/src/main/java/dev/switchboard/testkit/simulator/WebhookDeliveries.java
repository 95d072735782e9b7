package dev.switchboard.testkit.simulator;

import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Delivers signed webhooks over HTTP the way a vendor does: it POSTs each delivery to an endpoint
 * and, when an attempt gets no 2xx answer (another status, a timeout, a refused connection), tries
 * again on the vendor's {@link RedeliverySchedule}. Time comes from an injected {@link Clock} and
 * nothing runs in the background: {@link #send} makes the first attempt at once, and {@link
 * #redeliverDue()} makes every attempt that is due at the clock's now. A test moves its clock and
 * calls it.
 *
 * <pre>{@code
 * TestClock clock = TestClock.start();
 * StripeSimulator stripe = new StripeSimulator(clock);
 * WebhookDeliveries deliveries = stripe.deliveries(receiver.url("/webhooks/stripe").uri());
 *
 * Delivery delivery = deliveries.send(stripe.webhookEventFor("payment_intent.succeeded", piId));
 * if (delivery.state() == Delivery.State.PENDING) {          // the receiver answered 503, say
 *   clock.set(delivery.nextAttemptAt().orElseThrow());
 *   deliveries.redeliverDue();                                  // re-signed with a fresh t=
 * }
 * deliveries.duplicate(delivery);                             // the same event once more
 * deliveries.replay(delivery.lastAttempt(), otherInstance);   // the very same bytes elsewhere
 * deliveries.send(WebhookDeliveries.tampered(stripe.webhookEventFor(type, piId)));
 * }</pre>
 *
 * <p>A delivery of a {@link WebhookRequest} sends it as given the first time; later attempts send
 * it through the {@linkplain Builder#resigner resigner}, which the simulators set to sign the same
 * body again as their vendor does for each attempt (Stripe: a fresh {@code t=}; SendGrid: a fresh
 * timestamp header; Mailgun: a fresh timestamp and token; PayPal: a new transmission id and time).
 * A delivery of a {@link Supplier} calls it for every attempt. Each request carries the delivery's
 * headers, a {@code Content-Type} ({@code application/json} unless it has one) and a {@code
 * User-Agent} (the {@linkplain Builder#userAgent configured one} unless it has one). Redirects are
 * not followed and a failed connection is not silently retried, so each attempt is exactly one
 * POST.
 *
 * <p>There is nothing to await: {@link #send} and {@link #redeliverDue()} return when their
 * attempts have been answered, timed out or refused. Calls are serialised; safe to share between
 * threads.
 *
 * <p>Defaults: {@link RedeliverySchedule#none()}, the UTC system clock, a {@value
 * #DEFAULT_TIMEOUT_MILLIS} ms timeout per attempt (the whole call: connect, send, answer), no
 * resigning, User-Agent {@value #DEFAULT_USER_AGENT}. The vendors wait longer for an answer, but
 * none of the four states how long on the pages {@link RedeliverySchedule} cites, so the default is
 * only short enough for tests; one that wants a slow receiver to count as failed sets a shorter
 * {@link Builder#timeout}.
 */
public final class WebhookDeliveries {
  /** The per-attempt timeout unless {@link Builder#timeout} sets another: {@value} ms. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 2_000;

  /** The User-Agent sent unless the delivery or {@link Builder#userAgent} has one. */
  public static final String DEFAULT_USER_AGENT = "Switchboard-Testkit-Webhooks/1.0";

  private static final long MAX_ANSWER_BYTES = 8_192;
  private static final MediaType JSON = MediaType.get("application/json");
  private static final OkHttpClient SHARED = new OkHttpClient();

  private final URI endpoint;
  private final Clock clock;
  private final RedeliverySchedule schedule;
  private final Duration timeout;
  private final String userAgent;
  private final UnaryOperator<WebhookRequest> resigner;
  private final OkHttpClient client;
  private final List<Delivery> deliveries = new ArrayList<>();

  private WebhookDeliveries(Builder b) {
    this.endpoint = b.endpoint;
    this.clock = b.clock;
    this.schedule = b.schedule;
    this.timeout = b.timeout;
    this.userAgent = b.userAgent;
    this.resigner = b.resigner;
    this.client =
        SHARED
            .newBuilder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /** A builder; {@link Builder#endpoint} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this engine's settings, to derive a variant; deliveries are not copied. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * A copy of {@code request} whose body was changed after signing, headers untouched: {@code
   * "tampered":true,} inserted after the first opening brace (or a small object put in front when
   * there is none), so the JSON still parses but no longer matches a signature over the body.
   * Mailgun signs only a timestamp and token, not the body, so a tampered Mailgun delivery still
   * verifies: that is Mailgun's design, and a receiver's test should expect it.
   */
  public static WebhookRequest tampered(WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = request.bodyAsString();
    int brace = body.indexOf('{');
    String changed;
    if (brace < 0) {
      changed = "{\"tampered\":true}" + body;
    } else {
      String rest = body.substring(brace + 1);
      String field = rest.strip().startsWith("}") ? "\"tampered\":true" : "\"tampered\":true,";
      changed = body.substring(0, brace + 1) + field + rest;
    }
    return copy(request, "Content-Length").body(changed.getBytes(StandardCharsets.UTF_8)).build();
  }

  /** A builder holding {@code request}'s headers except {@code without} (any case) and its body. */
  static WebhookRequest.Builder copy(WebhookRequest request, String... without) {
    WebhookRequest.Builder b = WebhookRequest.builder().body(request.body());
    request
        .headers()
        .forEach(
            (name, values) -> {
              for (String drop : without) {
                if (drop.equalsIgnoreCase(name)) {
                  return;
                }
              }
              values.forEach(value -> b.header(name, value));
            });
    return b;
  }

  /**
   * Delivers {@code request} to the endpoint: the first attempt now, later ones re-signed by the
   * resigner.
   */
  public Delivery send(WebhookRequest request) {
    return send(endpoint, request);
  }

  /** Delivers {@code request} to another endpoint, as {@link #send(WebhookRequest)} does. */
  public Delivery send(URI endpoint, WebhookRequest request) {
    Objects.requireNonNull(request, "request == null");
    return start(endpoint, attempt -> attempt == 1 ? request : resign(request), false);
  }

  /**
   * Delivers to the endpoint what {@code signer} returns, calling it once per attempt. A supplier
   * that makes a new event each time ({@code () -> stripe.webhookEventFor(type, id)}) sends a
   * different event id on each attempt, which no vendor does: to redeliver one event, pass the
   * {@link WebhookRequest} and let the resigner sign it again.
   */
  public Delivery send(Supplier<WebhookRequest> signer) {
    return send(endpoint, signer);
  }

  /** Delivers to another endpoint what {@code signer} returns, calling it once per attempt. */
  public Delivery send(URI endpoint, Supplier<WebhookRequest> signer) {
    Objects.requireNonNull(signer, "signer == null");
    return start(
        endpoint,
        attempt ->
            Objects.requireNonNull(signer.get(), "signer returned null on attempt " + attempt),
        true);
  }

  /**
   * Delivers the same event again, as a new delivery to the same endpoint: what a vendor does when
   * it sends one event twice. Every attempt is re-signed by the resigner; a delivery of a {@link
   * Supplier} calls it again.
   */
  public Delivery duplicate(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    IntFunction<WebhookRequest> original = delivery.requests;
    boolean fromSupplier = delivery.fromSupplier;
    return start(
        delivery.endpoint(),
        attempt -> fromSupplier ? original.apply(attempt) : resign(original.apply(1)),
        fromSupplier);
  }

  /**
   * Sends exactly the request of {@code attempt}, same headers and bytes, not re-signed, to {@code
   * endpoint}: a captured delivery replayed, to a second instance of the receiver, say. Redelivered
   * on the schedule like any other, every attempt with the same bytes.
   */
  public Delivery replay(Attempt attempt, URI endpoint) {
    Objects.requireNonNull(attempt, "attempt == null");
    WebhookRequest request = attempt.request();
    return start(endpoint, n -> request, false);
  }

  /**
   * Makes every attempt due at the clock's now, oldest delivery first, and returns them; empty when
   * none is due. Each delivery gets at most one attempt per call, since its next one is scheduled
   * from now.
   */
  public synchronized List<Attempt> redeliverDue() {
    Instant now = clock.instant();
    List<Attempt> made = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      Optional<Instant> next = delivery.nextAttemptAt();
      if (next.isPresent() && !next.get().isAfter(now)) {
        made.add(attempt(delivery));
      }
    }
    return List.copyOf(made);
  }

  /** Every delivery so far, oldest first. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The deliveries still waiting for an attempt, oldest first. */
  public synchronized List<Delivery> pending() {
    return deliveries.stream().filter(d -> d.state() == Delivery.State.PENDING).toList();
  }

  /** When the earliest pending delivery is due; empty when none is pending. */
  public synchronized Optional<Instant> nextAttemptAt() {
    return deliveries.stream()
        .map(Delivery::nextAttemptAt)
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /** The endpoint {@link #send(WebhookRequest)} delivers to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The schedule every delivery follows. */
  public RedeliverySchedule schedule() {
    return schedule;
  }

  /** The time each attempt is given. */
  public Duration timeout() {
    return timeout;
  }

  private WebhookRequest resign(WebhookRequest request) {
    return Objects.requireNonNull(resigner.apply(request), "resigner returned null");
  }

  private synchronized Delivery start(
      URI endpoint, IntFunction<WebhookRequest> requests, boolean fromSupplier) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    Delivery delivery = new Delivery(deliveries.size() + 1, endpoint, requests, fromSupplier);
    deliveries.add(delivery);
    attempt(delivery);
    return delivery;
  }

  private Attempt attempt(Delivery delivery) {
    int number = delivery.attempts().size() + 1;
    WebhookRequest request = delivery.requests.apply(number);
    Instant at = clock.instant();
    Attempt attempt = post(delivery.endpoint(), request, number, at);
    Instant next = null;
    Delivery.State state;
    if (attempt.succeeded()) {
      state = Delivery.State.DELIVERED;
    } else if (attempt.status().isPresent() && schedule.isFinal(attempt.status().getAsInt())) {
      state = Delivery.State.GIVEN_UP;
    } else {
      Optional<Duration> wait = schedule.waitAfter(number);
      state = wait.isPresent() ? Delivery.State.PENDING : Delivery.State.GIVEN_UP;
      next = wait.map(at::plus).orElse(null);
    }
    delivery.record(attempt, state, next);
    return attempt;
  }

  private Attempt post(URI to, WebhookRequest request, int number, Instant at) {
    // A Content-Type OkHttp cannot parse is sent as it is, the way a vendor's would arrive.
    String contentType = request.header("Content-Type").orElse(JSON.toString());
    MediaType type = MediaType.parse(contentType);
    Request.Builder http =
        new Request.Builder().url(to.toString()).post(RequestBody.create(request.body(), type));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.addHeader(name, value));
              }
            });
    if (type == null) {
      http.header("Content-Type", contentType);
    }
    if (request.header("User-Agent").isEmpty()) {
      http.header("User-Agent", userAgent);
    }
    try (Response response = client.newCall(http.build()).execute()) {
      return new Attempt(
          number, at, to, request, Outcome.ANSWERED, response.code(), answer(response));
    } catch (ConnectException e) {
      return new Attempt(number, at, to, request, Outcome.CONNECTION_REFUSED, -1, e.toString());
    } catch (InterruptedIOException e) {
      return new Attempt(number, at, to, request, Outcome.TIMED_OUT, -1, e.toString());
    } catch (IOException e) {
      return new Attempt(number, at, to, request, Outcome.CONNECTION_FAILED, -1, e.toString());
    }
  }

  private static String answer(Response response) throws IOException {
    return response.peekBody(MAX_ANSWER_BYTES).string();
  }

  @Override
  public synchronized String toString() {
    return "WebhookDeliveries["
        + endpoint
        + ", "
        + schedule
        + ", "
        + deliveries.size()
        + " deliveries]";
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** The endpoint answered with an HTTP status, 2xx or not. */
    ANSWERED,
    /** No answer within the timeout. */
    TIMED_OUT,
    /** Nothing listened at the endpoint. */
    CONNECTION_REFUSED,
    /** The connection broke some other way (reset, TLS, DNS). */
    CONNECTION_FAILED
  }

  /** One POST of a delivery: when, what was sent, and how it ended. Immutable. */
  public static final class Attempt {
    private final int number;
    private final Instant at;
    private final URI endpoint;
    private final WebhookRequest request;
    private final Outcome outcome;
    private final int status;
    private final String answer;

    Attempt(
        int number,
        Instant at,
        URI endpoint,
        WebhookRequest request,
        Outcome outcome,
        int status,
        String answer) {
      this.number = number;
      this.at = at;
      this.endpoint = endpoint;
      this.request = request;
      this.outcome = outcome;
      this.status = status;
      this.answer = answer;
    }

    /** 1 for a delivery's first attempt. */
    public int number() {
      return number;
    }

    /** When it was made, by the engine's clock. */
    public Instant at() {
      return at;
    }

    /** Where it was sent. */
    public URI endpoint() {
      return endpoint;
    }

    /** What was sent: headers and body as signed (without the added User-Agent). */
    public WebhookRequest request() {
      return request;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** The HTTP status, when the endpoint answered. */
    public OptionalInt status() {
      return outcome == Outcome.ANSWERED ? OptionalInt.of(status) : OptionalInt.empty();
    }

    /**
     * The answer's body (its first 8 KiB) when the endpoint answered; otherwise the error that
     * ended the attempt.
     */
    public String answer() {
      return answer;
    }

    /** Whether the endpoint answered 2xx. */
    public boolean succeeded() {
      return outcome == Outcome.ANSWERED && status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      return "Attempt#"
          + number
          + "["
          + at
          + " "
          + endpoint
          + ": "
          + (outcome == Outcome.ANSWERED
              ? "HTTP " + status
              : outcome.name().toLowerCase(Locale.ROOT))
          + "]";
    }
  }

  /** One webhook on its way to an endpoint, with every attempt made so far. */
  public static final class Delivery {
    /** Where a delivery stands. */
    public enum State {
      /** An attempt got a 2xx answer. */
      DELIVERED,
      /** The last attempt failed and another is scheduled: see {@link #nextAttemptAt()}. */
      PENDING,
      /** The schedule is exhausted, or an answer's status was final for the vendor. */
      GIVEN_UP
    }

    private final int id;
    private final URI endpoint;
    private final IntFunction<WebhookRequest> requests;
    private final boolean fromSupplier;
    private final List<Attempt> attempts = new ArrayList<>();
    private State state = State.PENDING;
    private Instant nextAttemptAt;

    Delivery(int id, URI endpoint, IntFunction<WebhookRequest> requests, boolean fromSupplier) {
      this.id = id;
      this.endpoint = endpoint;
      this.requests = requests;
      this.fromSupplier = fromSupplier;
    }

    synchronized void record(Attempt attempt, State state, Instant next) {
      attempts.add(attempt);
      this.state = state;
      this.nextAttemptAt = next;
    }

    /** 1 for the engine's first delivery. */
    public int id() {
      return id;
    }

    public URI endpoint() {
      return endpoint;
    }

    /** Every attempt so far, oldest first. */
    public synchronized List<Attempt> attempts() {
      return List.copyOf(attempts);
    }

    /** The latest attempt (every delivery has made its first one). */
    public synchronized Attempt lastAttempt() {
      return attempts.get(attempts.size() - 1);
    }

    public synchronized State state() {
      return state;
    }

    /** When the next attempt is due; empty unless {@link State#PENDING}. */
    public synchronized Optional<Instant> nextAttemptAt() {
      return state == State.PENDING ? Optional.ofNullable(nextAttemptAt) : Optional.empty();
    }

    @Override
    public synchronized String toString() {
      return "Delivery#"
          + id
          + "["
          + endpoint
          + ", "
          + state
          + ", "
          + attempts.size()
          + " attempts]";
    }
  }

  /** Builds a {@link WebhookDeliveries}. */
  public static final class Builder {
    private URI endpoint;
    private Clock clock = Clock.systemUTC();
    private RedeliverySchedule schedule = RedeliverySchedule.none();
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);
    private String userAgent = DEFAULT_USER_AGENT;
    private UnaryOperator<WebhookRequest> resigner = UnaryOperator.identity();

    private Builder() {}

    private Builder(WebhookDeliveries d) {
      this.endpoint = d.endpoint;
      this.clock = d.clock;
      this.schedule = d.schedule;
      this.timeout = d.timeout;
      this.userAgent = d.userAgent;
      this.resigner = d.resigner;
    }

    /** Where {@link #send(WebhookRequest)} delivers: the receiver's URL. Required. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    /** The time source for attempts and the schedule. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** When failed attempts are made again. */
    public Builder schedule(RedeliverySchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule == null");
      return this;
    }

    /** The time each attempt is given, from connecting to the end of the answer. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The User-Agent of requests whose delivery has none. */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent == null");
      return this;
    }

    /**
     * How the vendor signs a delivery again for a later attempt; the identity (same bytes every
     * time) unless set. The simulators' {@code deliveries(URI)} set their own.
     */
    public Builder resigner(UnaryOperator<WebhookRequest> resigner) {
      this.resigner = Objects.requireNonNull(resigner, "resigner == null");
      return this;
    }

    /**
     * @throws IllegalStateException if no endpoint was set
     */
    public WebhookDeliveries build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint == null");
      }
      return new WebhookDeliveries(this);
    }
  }
}
