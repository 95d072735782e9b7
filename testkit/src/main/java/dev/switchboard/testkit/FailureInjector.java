package dev.switchboard.testkit;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.resilience.Scheduler;
import dev.switchboard.resilience.Sleeper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Makes a fake misbehave on purpose: fail the next N calls, go down and recover, add latency, hang
 * until released, or fail at random from a seeded source. Every fake in the testkit has one,
 * reachable through its {@code failures()} method, and consults it on every port call.
 *
 * <pre>{@code
 * FakeEmailSender email = FakeEmailSender.create();
 * email.failures().failNext(2, Failure.unavailable()); // two calls fail, the third succeeds
 * email.failures().goDown();                          // every call fails until recover()
 * email.failures().failRandomly(0.2, Failure.outcomeUnknown()); // 20 %, from the fake's seed
 * }</pre>
 *
 * <p>Thread-safe. Latency is spent through a {@link Sleeper}, which a test can replace with one
 * that advances a fake clock instead of sleeping.
 */
public final class FailureInjector {
  private final String provider;
  private final Random random;
  private final Deque<Failure> queued = new ArrayDeque<>();
  private final AtomicLong calls = new AtomicLong();
  private Failure randomFailure;
  private double randomRate;
  private boolean down;
  private Duration latency = Duration.ZERO;
  private Sleeper sleeper = Sleeper.real();
  private Scheduler scheduler = Scheduler.shared();
  private CompletableFuture<Void> hang;

  /**
   * @param provider the name the injected exceptions carry as their provider
   * @param seed the seed of the source that {@link #failRandomly} draws from
   */
  public FailureInjector(String provider, long seed) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.random = new Random(seed);
  }

  /** Fails the next {@code count} calls with {@code failure}, after any already queued. */
  public synchronized FailureInjector failNext(int count, Failure failure) {
    if (count < 0) {
      throw new IllegalArgumentException("count < 0: " + count);
    }
    Objects.requireNonNull(failure, "failure == null");
    for (int i = 0; i < count; i++) {
      queued.addLast(failure);
    }
    return this;
  }

  /** Every call fails with {@link ProviderUnavailableException} until {@link #recover()}. */
  public synchronized FailureInjector goDown() {
    down = true;
    return this;
  }

  /** Ends an outage begun by {@link #goDown()}, and releases a {@link #hang()}. */
  public synchronized FailureInjector recover() {
    down = false;
    release();
    return this;
  }

  public synchronized boolean isDown() {
    return down;
  }

  /** Adds {@code latency} to every call before it does anything. */
  public synchronized FailureInjector latency(Duration latency) {
    Objects.requireNonNull(latency, "latency == null");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency < 0: " + latency);
    }
    this.latency = latency;
    return this;
  }

  /**
   * Replaces how the latency of a non-blocking call ({@code async()}) is waited out; the default is
   * {@link Scheduler#shared()}.
   */
  public synchronized FailureInjector scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    return this;
  }

  /** Replaces how latency is spent, for example with a clock that a test advances. */
  public synchronized FailureInjector sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    return this;
  }

  /**
   * Makes every call block until {@link #release()} or {@link #recover()}, like a vendor that
   * accepts the connection and never answers. An interrupted caller gets {@link
   * ProviderUnavailableException}.
   */
  public synchronized FailureInjector hang() {
    if (hang == null) {
      hang = new CompletableFuture<>();
    }
    return this;
  }

  /** Lets every call blocked by {@link #hang()} go on. */
  public synchronized FailureInjector release() {
    if (hang != null) {
      hang.complete(null);
      hang = null;
    }
    return this;
  }

  /**
   * Fails each call with probability {@code rate}, drawn from this injector's seeded source, so a
   * test that fixes the seed sees the same sequence every run. A rate of 0 turns it off.
   */
  public synchronized FailureInjector failRandomly(double rate, Failure failure) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be within 0..1: " + rate);
    }
    this.randomRate = rate;
    this.randomFailure = rate == 0.0 ? null : Objects.requireNonNull(failure, "failure == null");
    return this;
  }

  /** Clears every queued, random and ongoing failure, latency and hang. */
  public synchronized FailureInjector reset() {
    queued.clear();
    randomFailure = null;
    randomRate = 0;
    down = false;
    latency = Duration.ZERO;
    release();
    return this;
  }

  /** How many port calls have been offered to the fake, failed or not. */
  public long calls() {
    return calls.get();
  }

  /**
   * Runs one port call under the injected behaviour: spends latency, hangs, throws a failure of
   * phase {@link Failure.Phase#BEFORE}, runs {@code action}, then throws a failure of phase {@link
   * Failure.Phase#AFTER} in place of its result.
   *
   * @param operation the port operation, such as {@code charge}
   * @param key the call's idempotency key, or null for reads
   */
  public <T> T run(String operation, IdempotencyKey key, Supplier<T> action) {
    return Futures.join(run(CallMode.BLOCKING, operation, key, action));
  }

  /**
   * {@link #run(String, IdempotencyKey, Supplier)} in the given mode. A {@link
   * CallMode#NON_BLOCKING} call holds no thread while it waits: its latency is scheduled and a hang
   * waits for {@link #release()} on a future, so a fake's {@code async()} form behaves like a
   * non-blocking adapter. A blocking call completes before this returns.
   */
  public <T> CompletableFuture<T> run(
      CallMode mode, String operation, IdempotencyKey key, Supplier<T> action) {
    calls.incrementAndGet();
    Duration delay;
    CompletableFuture<Void> gate;
    Failure failure;
    Scheduler later;
    synchronized (this) {
      delay = latency;
      gate = hang;
      later = scheduler;
      failure = down ? Failure.unavailable() : queued.pollFirst();
      if (failure == null && randomFailure != null && random.nextDouble() < randomRate) {
        failure = randomFailure;
      }
    }
    ErrorContext context =
        ErrorContext.builder().provider(provider).operation(operation).idempotencyKey(key).build();
    Failure chosen = failure;
    Supplier<T> rest =
        () -> {
          if (chosen != null && chosen.phase() == Failure.Phase.BEFORE) {
            throw chosen.exceptionFor(context);
          }
          T result = action.get();
          if (chosen != null) {
            throw chosen.exceptionFor(context);
          }
          return result;
        };
    if (mode == CallMode.BLOCKING) {
      try {
        pause(delay, gate, context);
      } catch (ProviderUnavailableException e) {
        return Futures.failed(e);
      }
      return Futures.call(rest);
    }
    CompletableFuture<Void> waited = new CompletableFuture<>();
    if (delay.isZero()) {
      waited.complete(null);
    } else {
      later.schedule(delay, () -> waited.complete(null));
    }
    CompletableFuture<Void> released =
        gate == null ? waited : waited.thenCombine(gate, (a, b) -> a);
    return released.thenCompose(ready -> Futures.call(rest));
  }

  private void pause(Duration delay, CompletableFuture<Void> gate, ErrorContext context) {
    try {
      if (!delay.isZero()) {
        sleeper.sleep(delay);
      }
      if (gate != null) {
        gate.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException("interrupted while the provider hung", context, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a hang is only ever released", e);
    }
  }

  /** For fakes that throw on their own: builds the context the injector would use. */
  ErrorContext contextFor(String operation, IdempotencyKey key) {
    return ErrorContext.builder()
        .provider(provider)
        .operation(operation)
        .idempotencyKey(key)
        .build();
  }
}
