package dev.switchboard.http;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Watches one call to learn whether any request byte may have left this machine. Everything up to
 * the connection (DNS, connect, TLS handshake) happens before {@code requestHeadersStart}; from
 * that event on, bytes may be on the wire, so a failure can no longer prove the vendor did nothing.
 *
 * <p>As the call starts, on the thread starting it, it also tags the call with the {@link
 * CallScope} current there, so that what the call {@linkplain CallScope#carried() carries} reaches
 * the interceptors on OkHttp's dispatcher thread ({@code call.tag(CallScope.class)}).
 */
final class SendTracker extends EventListener {
  private volatile boolean requestStarted;

  static SendTracker of(Call call) {
    return call.tag(SendTracker.class);
  }

  boolean requestStarted() {
    return requestStarted;
  }

  @Override
  public void callStart(Call call) {
    // Call tags are not ready while the factory runs (inside the call's constructor).
    call.tag(SendTracker.class, () -> this);
    CallScope scope = CallScope.current().orElse(null);
    if (scope != null) {
      call.tag(CallScope.class, () -> scope);
    }
  }

  @Override
  public void requestHeadersStart(Call call) {
    requestStarted = true;
  }
}
