package dev.switchboard.testkit.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/**
 * The part every vendor simulator shares: a {@link Dispatcher} for {@link MockWebServer} that
 * records each request, injects {@link SimulatedFault faults}, and otherwise hands the request to
 * the vendor-specific {@link #handle(RecordedRequest)}.
 *
 * <p>A simulator can run on a server of the test's own ({@code server.setDispatcher(simulator)}) or
 * start one on the loopback interface with {@link #start()}:
 *
 * <pre>{@code
 * try (StripeSimulator stripe = new StripeSimulator(clock)) {
 *   HttpUrl baseUrl = stripe.start();
 *   stripe.failNext(1, SimulatedFault.unavailable());
 *   ...
 *   assertThat(stripe.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Requests are handled one at a time (dispatch is synchronized), so subclasses may keep plain
 * collections as state. Faults that answer before processing use {@link #faultResponse(int,
 * RecordedRequest)} for the body, so each vendor's error format is kept.
 */
public abstract class VendorSimulator extends Dispatcher implements AutoCloseable {
  private final List<RecordedRequest> requests = new ArrayList<>();

  /** A queued fault and the requests it may strike. */
  private record Queued(SimulatedFault fault, Predicate<RecordedRequest> matching) {}

  private final Deque<Queued> next = new ArrayDeque<>();
  private SimulatedFault standing;
  private MockWebServer server;

  /** For subclasses. */
  protected VendorSimulator() {}

  /**
   * Starts a {@link MockWebServer} on the loopback interface, on a free port, dispatching to this
   * simulator.
   *
   * @return the server's base URL, ending in {@code /}
   * @throws IllegalStateException if already started
   */
  public final synchronized HttpUrl start() {
    if (server != null) {
      throw new IllegalStateException("already started at " + server.url("/"));
    }
    MockWebServer started = new MockWebServer();
    started.setDispatcher(this);
    started.setServerSocketFactory(new NoDelayServerSocketFactory());
    try {
      started.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the simulator's server", e);
    }
    server = started;
    return started.url("/");
  }

  /**
   * The base URL of the server {@link #start()} started.
   *
   * @throws IllegalStateException if not started
   */
  public final synchronized HttpUrl baseUrl() {
    if (server == null) {
      throw new IllegalStateException("not started: call start() first");
    }
    return server.url("/");
  }

  /**
   * Stops the server {@link #start()} started, if any; idempotent. (A {@link MockWebServer} also
   * calls this when it shuts down, as its dispatcher's close.)
   */
  @Override
  public void close() {
    MockWebServer running;
    synchronized (this) {
      running = server;
      server = null;
    }
    if (running != null) {
      running.close();
    }
  }

  /** The next {@code times} requests meet {@code fault}; then normal service resumes. */
  public final synchronized void failNext(int times, SimulatedFault fault) {
    failNext(times, fault, request -> true);
  }

  /**
   * The next {@code times} requests that {@code matching} accepts meet {@code fault}; other
   * requests are served normally meanwhile. For example, fail only charges and not the token
   * endpoint: {@code failNext(1, SimulatedFault.unavailable(), r ->
   * r.getUrl().encodedPath().startsWith("/v2/checkout/orders"))}.
   */
  public final synchronized void failNext(
      int times, SimulatedFault fault, Predicate<RecordedRequest> matching) {
    if (times < 0) {
      throw new IllegalArgumentException("times < 0: " + times);
    }
    Objects.requireNonNull(fault, "fault == null");
    Objects.requireNonNull(matching, "matching == null");
    for (int i = 0; i < times; i++) {
      next.add(new Queued(fault, matching));
    }
  }

  /** Every request meets {@code fault} until {@link #heal()}. */
  public final synchronized void failAlways(SimulatedFault fault) {
    this.standing = Objects.requireNonNull(fault, "fault == null");
  }

  /** Drops every fault, queued or standing. */
  public final synchronized void heal() {
    next.clear();
    standing = null;
  }

  /**
   * Back to how the constructor left the simulator, on the same server: forgets the recorded
   * requests, every fault (queued or standing) and the vendor's state (payments, orders, messages,
   * idempotency records, issued tokens), and undoes the test knobs (accepted keys, rate limits,
   * broken next answers). A test class that shares one simulator calls this before each test, as
   * {@code SimulatorExtension} does.
   */
  public final synchronized void reset() {
    requests.clear();
    next.clear();
    standing = null;
    drainServerQueue();
    resetState();
  }

  /**
   * Forgets the vendor-specific state and knobs, for {@link #reset()}. Called with this simulator's
   * lock held; does nothing unless overridden.
   */
  protected void resetState() {}

  /** Every request received so far, in order, faulted ones included. */
  public final synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The most recent request, if any. */
  public final synchronized Optional<RecordedRequest> lastRequest() {
    return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
  }

  @Override
  public final synchronized MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    drainServerQueue();
    SimulatedFault fault = takeFault(request);
    if (fault == null) {
      return handle(request).build();
    }
    return switch (fault.kind()) {
      case UNAVAILABLE -> faultResponse(503, request).build();
      case SERVER_ERROR -> faultResponse(500, request).build();
      case RATE_LIMITED ->
          faultResponse(429, request)
              .setHeader("Retry-After", Long.toString(fault.retryAfter().toSeconds()))
              .build();
      case HANG -> handle(request).onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case RESET_AFTER_REQUEST ->
          handle(request).onResponseStart(new SocketEffect.CloseSocket()).build();
      case MALFORMED_BODY ->
          handle(request)
              .setHeader("Content-Type", "application/json")
              .body("{\"id\": \"trunc")
              .build();
    };
  }

  /**
   * Empties the queue of the server {@link #start()} started: MockWebServer keeps every request for
   * {@code takeRequest()}, which nobody can call on a server only this simulator sees, so without
   * this a long run, or a suite that {@link #reset() resets} between tests, would keep every
   * request it ever received. A server of the test's own keeps its queue.
   */
  private void drainServerQueue() {
    if (server == null) {
      return;
    }
    try {
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // dropped: requests() has it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SimulatedFault takeFault(RecordedRequest request) {
    for (Iterator<Queued> it = next.iterator(); it.hasNext(); ) {
      Queued queued = it.next();
      if (queued.matching().test(request)) {
        it.remove();
        return queued.fault();
      }
    }
    return standing;
  }

  /**
   * Answers a request the vendor's way: routes it, checks authentication, changes state. Called
   * with this simulator's lock held.
   */
  protected abstract MockResponse.Builder handle(RecordedRequest request);

  /**
   * The vendor's error response for an injected 500, 503 or 429: the status with a body in the
   * vendor's error format (and its request-id header), as the real vendor would send.
   */
  protected abstract MockResponse.Builder faultResponse(int status, RecordedRequest request);

  /**
   * Server sockets whose connections send at once (TCP_NODELAY). MockWebServer writes an answer's
   * headers and body separately; with Nagle's algorithm on, the body waits for the client's delayed
   * ACK of the headers, about 40 ms on Linux loopback, on every answer that has a body.
   */
  private static final class NoDelayServerSocketFactory extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new java.net.ServerSocket() {
        @Override
        public java.net.Socket accept() throws IOException {
          java.net.Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds the unbound socket itself");
    }
  }
}
