package dev.switchboard.webhooks.inbox.internal;

import dev.switchboard.webhooks.ReplayGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay guard a verifier gets inside the inbox (Mailgun's signed tokens, PayPal's transmission
 * ids). A verifier marks a value used with {@link #firstSight}; inside a delivery that becomes a
 * claim, completed once the delivery's events are stored, and released when they could not be, so
 * that the vendor's redelivery of a delivery answered 503 is not refused as a replay. Outside a
 * delivery it behaves like the guard it wraps.
 */
public final class DeliveryGuard implements ReplayGuard {
  private static final ThreadLocal<List<Held>> HELD = new ThreadLocal<>();

  private record Held(ReplayGuard guard, String id) {}

  private final ReplayGuard delegate;

  public DeliveryGuard(ReplayGuard delegate) {
    this.delegate = delegate;
  }

  /** The values claimed on this thread while a delivery is received. */
  public static final class Scope implements AutoCloseable {
    private final List<Held> held = new ArrayList<>();
    private final List<Held> outer = HELD.get();

    private Scope() {
      HELD.set(held);
    }

    /** The delivery was stored: every value is used up. */
    public void complete() {
      held.forEach(h -> h.guard().complete(h.id()));
      held.clear();
    }

    /** The delivery was not stored: every value may be delivered again. */
    public void release() {
      held.forEach(h -> h.guard().release(h.id()));
      held.clear();
    }

    /** Releases what was neither completed nor released, and ends the scope. */
    @Override
    public void close() {
      try {
        release();
      } finally {
        if (outer == null) {
          HELD.remove();
        } else {
          HELD.set(outer);
        }
      }
    }
  }

  /** Starts holding the claims made on this thread until the scope completes or releases them. */
  public static Scope open() {
    return new Scope();
  }

  @Override
  public Sighting claim(String id) {
    return delegate.claim(id);
  }

  /** Inside a delivery, held until the delivery is stored; outside, completed at once. */
  @Override
  public void complete(String id) {
    List<Held> held = HELD.get();
    if (held == null) {
      delegate.complete(id);
    } else {
      held.add(new Held(delegate, id));
    }
  }

  @Override
  public void release(String id) {
    List<Held> held = HELD.get();
    if (held != null) {
      held.remove(new Held(delegate, id));
    }
    delegate.release(id);
  }

  @Override
  public boolean firstSight(String id) {
    List<Held> held = HELD.get();
    if (held == null) {
      return delegate.firstSight(id);
    }
    if (delegate.claim(id) != Sighting.FIRST) {
      return false;
    }
    held.add(new Held(delegate, id));
    return true;
  }

  @Override
  public String toString() {
    return "DeliveryGuard{" + delegate + "}";
  }
}
