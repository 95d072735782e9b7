package dev.switchboard.http;

import dev.switchboard.InvalidRequestException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deadline of the call running on this thread. A {@code ResiliencePolicy} with a {@code
 * timeout.call} starts one around each attempt, on the caller's own thread; the transport reads it
 * and ends the call there, so no attempt is handed to another thread to be timed.
 *
 * <ul>
 *   <li>{@link HttpExecutor} {@linkplain #takeOver() takes the deadline over} for every call it
 *       executes: it sets the OkHttp call timeout to the time left (or keeps a shorter one), so
 *       OkHttp cancels the socket at the deadline; when no time is left it sends nothing.
 *   <li>For work that does not go through {@code HttpExecutor} (fakes, custom adapters), one shared
 *       daemon thread, {@code switchboard-deadline-watchdog}, interrupts the caller's thread at the
 *       deadline, unless the transport has taken it over. {@link #close()} clears the interrupt the
 *       watchdog caused, and only that one. Starting and closing a deadline take no lock: each
 *       thread keeps its deadline in a place of its own, which the watchdog reads.
 * </ul>
 *
 * <pre>{@code
 * try (CallDeadline deadline = CallDeadline.start(Duration.ofSeconds(30))) {
 *   return adapter.charge(request); // CallDeadline.current() is the time left
 * }
 * }</pre>
 *
 * <p>A deadline started while another is open on the thread ends no later than the outer one, and
 * closing it restores the outer one. Cleanup that must be sent even when the deadline has passed
 * runs {@linkplain #outside(Supplier) outside} it. Not thread-safe: start, use and close it on one
 * thread.
 */
public final class CallDeadline implements AutoCloseable {
  /** Longest deadline kept exactly; a longer one is as good as none, and must not overflow. */
  private static final Duration LONGEST = Duration.ofDays(365);

  private static final int ARMED = 0;
  private static final int TAKEN_OVER = 1;
  private static final int FIRING = 2;
  private static final int FIRED = 3;
  private static final int CLOSED = 4;
  private static final int SUSPENDED = 5;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(CallDeadline.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Duration timeout;
  private final long deadlineNanos;
  private final Thread owner;
  private final CallDeadline outer;
  private final DeadlineWatchdog.Slot slot;

  @SuppressWarnings("unused") // read and written through STATE
  private volatile int state = ARMED;

  private volatile boolean ownerAlreadyInterrupted;
  private boolean interruptedOwner;

  private CallDeadline(Duration timeout, DeadlineWatchdog.Slot slot) {
    this.timeout = timeout;
    this.owner = Thread.currentThread();
    this.slot = slot;
    this.outer = slot.current;
    long own = System.nanoTime() + timeout.toNanos();
    this.deadlineNanos = outer != null && outer.deadlineNanos - own < 0 ? outer.deadlineNanos : own;
  }

  /**
   * Starts a deadline {@code timeout} from now for the calling thread.
   *
   * @throws InvalidRequestException if the timeout is null, zero or negative
   */
  public static CallDeadline start(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw InvalidRequestException.invalidField("timeout", "timeout must be > 0: " + timeout);
    }
    CallDeadline deadline =
        new CallDeadline(
            timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout, DeadlineWatchdog.INSTANCE.slot());
    DeadlineWatchdog.INSTANCE.watch(deadline.slot, deadline);
    return deadline;
  }

  /**
   * The time left before this thread's deadline: zero or negative once it has passed; empty when no
   * deadline is open on this thread.
   */
  public static Optional<Duration> current() {
    CallDeadline deadline = DeadlineWatchdog.INSTANCE.slot().current;
    return deadline == null ? Optional.empty() : Optional.of(deadline.remaining());
  }

  /**
   * Tells this thread's deadline that the transport will enforce it from now on, so the watchdog
   * does not interrupt the thread, and returns the time left as {@link #current()} does. A
   * transport that takes the deadline over must end its call by then, and send nothing when no time
   * is left.
   */
  public static Optional<Duration> takeOver() {
    CallDeadline deadline = DeadlineWatchdog.INSTANCE.slot().current;
    if (deadline == null) {
      return Optional.empty();
    }
    for (CallDeadline d = deadline; d != null; d = d.outer) {
      d.cas(ARMED, TAKEN_OVER);
    }
    return Optional.of(deadline.remaining());
  }

  /**
   * Runs {@code work} on this thread with no deadline current, and returns what it returns: for
   * cleanup that must be sent even once the call's deadline has passed or the call was cut off at
   * it, such as giving back what the failed call had started. Inside {@code work}, {@link
   * #current()} is empty, so {@link HttpExecutor} sends its calls, bound only by their own
   * timeouts; the watchdog does not interrupt the thread for the deadline set aside; and an
   * interrupt the watchdog already caused is cleared, since OkHttp fails a call on an interrupted
   * thread. Afterwards, also when {@code work} throws, the deadline is this thread's again and that
   * interrupt is restored. A deadline started inside {@code work} is bounded by its own timeout
   * only.
   *
   * <pre>{@code
   * try {
   *   return client.finish(order);
   * } catch (SwitchboardException e) {
   *   CallDeadline.outside(() -> client.cancel(order)); // sent although the time is up
   *   throw e;
   * }
   * }</pre>
   *
   * <p>With no deadline open on this thread it simply runs {@code work}.
   */
  public static <T> T outside(Supplier<T> work) {
    Objects.requireNonNull(work, "work == null");
    DeadlineWatchdog.Slot slot = DeadlineWatchdog.INSTANCE.slot();
    CallDeadline setAside = slot.current;
    if (setAside == null) {
      return work.get();
    }
    boolean suspended = setAside.suspend();
    DeadlineWatchdog.INSTANCE.watch(slot, null);
    boolean interrupt = setAside.watchdogInterruptPending() && Thread.interrupted();
    try {
      return work.get();
    } finally {
      if (suspended) {
        setAside.cas(SUSPENDED, ARMED);
      }
      if (setAside.state != CLOSED) {
        DeadlineWatchdog.INSTANCE.watch(slot, setAside);
      }
      if (interrupt) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The timeout this deadline was started with. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether the deadline has passed. */
  public boolean passed() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /**
   * Whether the watchdog interrupted the thread at the deadline, because the transport had not
   * taken it over. Final once {@link #close()} has returned.
   */
  public boolean interruptedCaller() {
    int now = state;
    return now == FIRING || now == FIRED || (now == CLOSED && interruptedOwner);
  }

  /**
   * Ends the deadline: the watchdog will not interrupt the thread after this returns, an interrupt
   * it caused is cleared (one the thread already had is kept), and the outer deadline, if any, is
   * this thread's again. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (state == CLOSED) {
      return;
    }
    while (!cas(ARMED, CLOSED) && !cas(TAKEN_OVER, CLOSED) && !cas(SUSPENDED, CLOSED)) {
      if (state == FIRED) {
        interruptedOwner = true;
        if (!ownerAlreadyInterrupted) {
          Thread.interrupted();
        }
        state = CLOSED;
        break;
      }
      // The watchdog is between deciding to interrupt and interrupting: a few instructions.
      Thread.onSpinWait();
    }
    DeadlineWatchdog.INSTANCE.watch(slot, outer);
  }

  @Override
  public String toString() {
    return "CallDeadline{timeout=" + timeout + ", remaining=" + remaining() + "}";
  }

  private Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  private boolean cas(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }

  /**
   * Keeps the watchdog from interrupting the thread for this deadline until it is armed again;
   * waits out an interrupt under way. Returns whether it was armed.
   */
  private boolean suspend() {
    while (!cas(ARMED, SUSPENDED)) {
      if (state != FIRING) {
        return false;
      }
      // The watchdog is between deciding to interrupt and interrupting: a few instructions.
      Thread.onSpinWait();
    }
    return true;
  }

  /** Whether the watchdog interrupted the thread for this deadline or an outer one, still open. */
  private boolean watchdogInterruptPending() {
    for (CallDeadline d = this; d != null; d = d.outer) {
      if (d.state == FIRED && !d.ownerAlreadyInterrupted) {
        return true;
      }
    }
    return false;
  }

  /** The {@code System.nanoTime()} of the deadline, for the watchdog. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Whether the watchdog is still to interrupt the thread at the deadline. */
  boolean armed() {
    return state == ARMED;
  }

  /** Runs on the watchdog thread at the deadline; must be quick. */
  void fire() {
    if (cas(ARMED, FIRING)) {
      ownerAlreadyInterrupted = owner.isInterrupted();
      owner.interrupt();
      state = FIRED;
    }
  }
}
