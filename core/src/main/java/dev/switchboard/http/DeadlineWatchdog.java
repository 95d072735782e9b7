package dev.switchboard.http;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread ({@value #THREAD_NAME}) that interrupts a caller whose {@link CallDeadline}
 * passed while still armed: the deadline of work that does not go through {@link HttpExecutor}.
 *
 * <p>Starting and closing a deadline touch only the calling thread's own {@link Slot}: a volatile
 * write, and a volatile read of when the watchdog plans to wake. Only a deadline earlier than that
 * plan wakes it, so with one timeout for all calls it wakes about once per timeout, whatever the
 * call rate. Before, each deadline was an okio {@code AsyncTimeout}, which every start and close
 * queued and dequeued under one lock that all callers (and OkHttp's own call and socket timeouts)
 * took turns at.
 *
 * <p>The thread starts with the first deadline and ends after {@link #KEEP_ALIVE_NANOS} without
 * one; a later deadline starts it again.
 */
final class DeadlineWatchdog {
  static final String THREAD_NAME = "switchboard-deadline-watchdog";

  /** How long the thread stays with no armed deadline before it ends. */
  static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * {@link #wakeAt} while the thread scans, sleeps with nothing to watch, or is not running: a
   * caller that starts a deadline then must wake (or start) it.
   */
  private static final long WAKE_ME = Long.MIN_VALUE;

  static final DeadlineWatchdog INSTANCE = new DeadlineWatchdog();

  /** A thread's own place for its innermost open deadline; only the watchdog reads it. */
  static final class Slot {
    volatile CallDeadline current;
  }

  private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::register);
  private final Object lock = new Object();

  /** Every thread's slot, held weakly: a slot goes with its thread. Guarded by {@link #lock}. */
  private final List<WeakReference<Slot>> registered = new ArrayList<>();

  /** Guarded by {@link #lock}. */
  private Thread thread;

  /** The {@code System.nanoTime()} the thread sleeps until, or {@link #WAKE_ME}. */
  private volatile long wakeAt = WAKE_ME;

  private DeadlineWatchdog() {}

  /** This thread's slot. */
  Slot slot() {
    return slots.get();
  }

  /**
   * Makes {@code deadline} the one the watchdog watches on this thread ({@code null} for none), and
   * wakes the watchdog when it would otherwise sleep past it.
   */
  void watch(Slot slot, CallDeadline deadline) {
    slot.current = deadline;
    if (deadline != null) {
      long plan = wakeAt;
      if (plan == WAKE_ME || deadline.deadlineNanos() - plan < 0) {
        wake();
      }
    }
  }

  private Slot register() {
    Slot slot = new Slot();
    synchronized (lock) {
      registered.add(new WeakReference<>(slot));
    }
    return slot;
  }

  private void wake() {
    synchronized (lock) {
      if (thread == null) {
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
      } else {
        LockSupport.unpark(thread);
      }
    }
  }

  private void run() {
    long idleSince = 0;
    boolean idle = false;
    while (true) {
      wakeAt = WAKE_ME;
      long now = System.nanoTime();
      Long next;
      synchronized (lock) {
        next = scan(now);
        if (next == null && idle && now - idleSince >= KEEP_ALIVE_NANOS) {
          // Under the lock: a caller that starts a deadline after this starts a new thread.
          thread = null;
          return;
        }
      }
      if (next == null) {
        if (!idle) {
          idle = true;
          idleSince = now;
        }
        LockSupport.parkNanos(this, KEEP_ALIVE_NANOS - (now - idleSince));
      } else {
        idle = false;
        wakeAt = next;
        LockSupport.parkNanos(this, next - System.nanoTime());
      }
    }
  }

  /**
   * Fires every armed deadline that has passed and returns the earliest one still to come, or null
   * when none is armed; drops the slots of threads that are gone.
   */
  private Long scan(long now) {
    long earliest = 0;
    boolean any = false;
    for (int i = registered.size() - 1; i >= 0; i--) {
      Slot slot = registered.get(i).get();
      if (slot == null) {
        int last = registered.size() - 1;
        registered.set(i, registered.get(last));
        registered.remove(last);
        continue;
      }
      CallDeadline deadline = slot.current;
      if (deadline == null || !deadline.armed()) {
        continue;
      }
      long at = deadline.deadlineNanos();
      if (at - now <= 0) {
        deadline.fire();
      } else if (!any || at - earliest < 0) {
        earliest = at;
        any = true;
      }
    }
    return any ? earliest : null;
  }
}
