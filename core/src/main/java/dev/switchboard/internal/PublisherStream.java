package dev.switchboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;

/**
 * An {@link InputStream} over a {@link Flow.Publisher} of byte buffers: it subscribes on the first
 * read, asks for one buffer at a time, and blocks the reading thread until it arrives. So a
 * publisher can be the body of an upload that is written by the thread sending it, holding at most
 * two buffers in memory. Closing it cancels the subscription.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class PublisherStream extends InputStream {
  private static final Object END = new Object();

  private final Flow.Publisher<ByteBuffer> publisher;
  private final BlockingQueue<Object> arrived = new ArrayBlockingQueue<>(4);
  private volatile Flow.Subscription subscription;
  private ByteBuffer current;
  private boolean started;
  private boolean ended;
  private IOException failure;

  public PublisherStream(Flow.Publisher<ByteBuffer> publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher == null");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (length == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(length, current.remaining());
    current.get(into, offset, n);
    return n;
  }

  private void next() throws IOException {
    if (!started) {
      started = true;
      publisher.subscribe(new Receiver());
    }
    Object item;
    try {
      item = arrived.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted waiting for the publisher's next buffer");
    }
    if (item == END) {
      ended = true;
    } else if (item instanceof Throwable t) {
      failure = t instanceof IOException io ? io : new IOException("the publisher failed", t);
    } else {
      current = (ByteBuffer) item;
      subscription.request(1);
    }
  }

  @Override
  public void close() {
    ended = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  private final class Receiver implements Flow.Subscriber<ByteBuffer> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(ByteBuffer item) {
      // One buffer is asked for at a time, so the queue always has room.
      arrived.add(item);
    }

    @Override
    public void onError(Throwable t) {
      arrived.offer(t);
    }

    @Override
    public void onComplete() {
      arrived.offer(END);
    }
  }
}
