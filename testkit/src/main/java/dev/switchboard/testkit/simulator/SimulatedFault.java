package dev.switchboard.testkit.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a {@link VendorSimulator} answers with instead of its normal response.
 *
 * <p>Three faults answer with an error <em>before</em> the simulator looks at the request, so the
 * vendor did nothing: {@link #unavailable()} (503), {@link #serverError()} (500) and {@link
 * #rateLimited(Duration)} (429 with {@code Retry-After}). Three process the request first and then
 * lose or spoil the answer, as a vendor that acted and failed to say so: {@link #hang()}, {@link
 * #resetAfterRequest()} and {@link #malformedBody()}. The second group is what makes an outcome
 * unknown to the caller, which is why it must never be blindly retried without an idempotency key.
 *
 * <pre>{@code
 * simulator.failNext(2, SimulatedFault.unavailable());
 * simulator.failNext(1, SimulatedFault.resetAfterRequest()); // charged, but the answer is lost
 * simulator.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(2)));
 * }</pre>
 */
public final class SimulatedFault {
  /** What the simulator does instead of answering normally. */
  public enum Kind {
    /** 503 in the vendor's error format, before processing. */
    UNAVAILABLE,
    /** 500 in the vendor's error format, before processing. */
    SERVER_ERROR,
    /** 429 with {@code Retry-After} in whole seconds, before processing. */
    RATE_LIMITED,
    /** Processes the request, then never answers (the client's read timeout decides). */
    HANG,
    /** Processes the request, then closes the connection without answering. */
    RESET_AFTER_REQUEST,
    /** Processes the request, then answers with its normal status and a truncated JSON body. */
    MALFORMED_BODY
  }

  private final Kind kind;
  private final Duration retryAfter;

  private SimulatedFault(Kind kind, Duration retryAfter) {
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.retryAfter = retryAfter;
  }

  /** 503 before processing. */
  public static SimulatedFault unavailable() {
    return new SimulatedFault(Kind.UNAVAILABLE, Duration.ZERO);
  }

  /** 500 before processing. */
  public static SimulatedFault serverError() {
    return new SimulatedFault(Kind.SERVER_ERROR, Duration.ZERO);
  }

  /** 429 with {@code Retry-After: <seconds>}, before processing. */
  public static SimulatedFault rateLimited(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter < 0: " + retryAfter);
    }
    return new SimulatedFault(Kind.RATE_LIMITED, retryAfter);
  }

  /** Processes the request, then never answers. */
  public static SimulatedFault hang() {
    return new SimulatedFault(Kind.HANG, Duration.ZERO);
  }

  /** Processes the request, then drops the connection before the status line. */
  public static SimulatedFault resetAfterRequest() {
    return new SimulatedFault(Kind.RESET_AFTER_REQUEST, Duration.ZERO);
  }

  /** Processes the request, then answers with a body that is not valid JSON. */
  public static SimulatedFault malformedBody() {
    return new SimulatedFault(Kind.MALFORMED_BODY, Duration.ZERO);
  }

  /** Which fault this is. */
  public Kind kind() {
    return kind;
  }

  /** The {@code Retry-After} a {@link Kind#RATE_LIMITED} fault sends; zero for the others. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether the simulator processes the request (and changes its state) before failing. */
  public boolean actsFirst() {
    return kind == Kind.HANG || kind == Kind.RESET_AFTER_REQUEST || kind == Kind.MALFORMED_BODY;
  }

  @Override
  public String toString() {
    return kind == Kind.RATE_LIMITED ? kind + "(retryAfter=" + retryAfter + ")" : kind.toString();
  }
}
