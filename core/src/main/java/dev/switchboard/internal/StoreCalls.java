package dev.switchboard.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where non-blocking calls make their calls to a shared state store (JDBC, Redis), which block the
 * thread making them: the key ledger's claims and the shared rate limit's permits. They never run
 * on the caller's thread (an event loop, say), OkHttp's or the scheduler's, where a store round
 * trip would hold up every other call waiting on that thread.
 *
 * <p>One pool for the process, like {@code Scheduler.shared()}: up to {@link #THREADS} daemon
 * threads named {@code switchboard-store-N}, started on demand and ended after a minute idle, with
 * room for 10,000 waiting calls. Beyond that it refuses ({@link
 * java.util.concurrent.RejectedExecutionException}), and the caller treats the store as
 * unreachable, since running the call on its own thread is what this pool is there to avoid.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class StoreCalls {
  /** The most threads the pool runs. */
  public static final int THREADS = 4;

  private static final ThreadPoolExecutor SHARED = create();

  private StoreCalls() {}

  /** The process's pool for blocking store calls. */
  public static Executor shared() {
    return SHARED;
  }

  private static ThreadPoolExecutor create() {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(10_000),
            task -> {
              Thread thread = new Thread(task, "switchboard-store-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
