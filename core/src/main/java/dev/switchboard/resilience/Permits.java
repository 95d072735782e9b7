package dev.switchboard.resilience;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bulkhead's slots: a {@link Semaphore} that a blocking caller waits on with its thread, and a
 * queue of futures that non-blocking callers wait in without one. A released slot goes to a waiting
 * future when there is one; the semaphore itself is not fair, so neither kind of waiter starves the
 * other for long.
 */
final class Permits {
  private final Semaphore semaphore;
  private final Queue<CompletableFuture<Boolean>> waiters = new ConcurrentLinkedQueue<>();

  Permits(int slots) {
    this.semaphore = new Semaphore(slots);
  }

  int available() {
    return semaphore.availablePermits();
  }

  /** Takes a slot now if one is free. */
  boolean tryAcquire() {
    return semaphore.tryAcquire();
  }

  /**
   * Waits up to {@code maxWait} on this thread for a slot.
   *
   * @throws InterruptedException if the thread is interrupted, before or while it waits
   */
  boolean acquire(Duration maxWait) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException();
    }
    if (semaphore.tryAcquire()) {
      return true;
    }
    return !maxWait.isZero() && semaphore.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * A future that completes with true once a slot is this caller's, or false when {@code maxWait}
   * passes first; completing it with false (cancelled) gives up the place in the queue.
   */
  CompletableFuture<Boolean> acquireLater(Duration maxWait, Scheduler scheduler) {
    if (semaphore.tryAcquire()) {
      return CompletableFuture.completedFuture(true);
    }
    CompletableFuture<Boolean> waiter = new CompletableFuture<>();
    if (maxWait.isZero()) {
      waiter.complete(false);
      return waiter;
    }
    waiters.add(waiter);
    // A slot released between the failed try and joining the queue is handed out here.
    handOut();
    if (!waiter.isDone()) {
      Runnable unschedule = scheduler.schedule(maxWait, () -> waiter.complete(false));
      waiter.whenComplete((granted, error) -> unschedule.run());
    }
    return waiter;
  }

  void release() {
    semaphore.release();
    handOut();
  }

  /** Gives free slots to waiting futures, skipping those that gave up. */
  private void handOut() {
    while (!waiters.isEmpty() && semaphore.tryAcquire()) {
      CompletableFuture<Boolean> waiter = waiters.poll();
      if (waiter == null) {
        semaphore.release();
        return;
      }
      if (!waiter.complete(true)) {
        semaphore.release();
      }
    }
  }
}
