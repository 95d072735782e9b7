package dev.switchboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Flow.Publisher} of an {@link InputStream}'s bytes, for one subscriber: chunks are read
 * on {@code executor} only as the subscriber asks for them, so a subscriber's thread never reads
 * the stream itself unless the executor runs tasks in place. The stream is closed when it ends,
 * fails, or the subscriber cancels.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class StreamPublisher implements Flow.Publisher<ByteBuffer> {
  /** The largest chunk handed to the subscriber. */
  public static final int CHUNK = 64 * 1024;

  private final InputStream stream;
  private final Executor executor;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  public StreamPublisher(InputStream stream, Executor executor) {
    this.stream = Objects.requireNonNull(stream, "stream == null");
    this.executor = Objects.requireNonNull(executor, "executor == null");
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber == null");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(new IllegalStateException("the content can be subscribed to once"));
      return;
    }
    subscriber.onSubscribe(new Reading(subscriber));
  }

  /** One subscription: reads while there is demand, one task at a time. */
  private final class Reading implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    private boolean done;

    Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request must be > 0, was " + n);
      } else {
        demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      }
      schedule();
    }

    @Override
    public void cancel() {
      cancelled = true;
      schedule();
    }

    private void schedule() {
      if (work.getAndIncrement() == 0) {
        try {
          executor.execute(this);
        } catch (RuntimeException e) {
          work.set(0);
          finish(e);
        }
      }
    }

    @Override
    public void run() {
      int missed = 1;
      while (true) {
        drain();
        missed = work.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void drain() {
      while (!done) {
        if (cancelled) {
          done = true;
          closeQuietly();
          return;
        }
        if (badRequest != null) {
          finish(badRequest);
          return;
        }
        if (demand.get() == 0) {
          return;
        }
        byte[] chunk = new byte[CHUNK];
        int read;
        try {
          read = stream.read(chunk);
        } catch (IOException | RuntimeException e) {
          finish(e);
          return;
        }
        if (read < 0) {
          done = true;
          closeQuietly();
          subscriber.onComplete();
          return;
        }
        if (read > 0) {
          demand.decrementAndGet();
          subscriber.onNext(ByteBuffer.wrap(chunk, 0, read).asReadOnlyBuffer());
        }
      }
    }

    private void finish(Throwable failure) {
      if (done) {
        return;
      }
      done = true;
      closeQuietly();
      subscriber.onError(failure);
    }

    private void closeQuietly() {
      try {
        stream.close();
      } catch (IOException e) {
        // The subscriber already has every byte it will get; nothing to tell it.
      }
    }
  }
}
