package dev.switchboard.http;

import java.io.IOException;

/**
 * Carries what the interceptor chain knew when a call failed, whether request bytes may have been
 * sent and our request id, out to the {@link HttpExecutor}, which only sees the exception. OkHttp
 * may wrap it (a call timeout becomes an {@code InterruptedIOException} with this as its cause).
 */
final class CallFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean requestSent;
  private final String requestId;

  CallFailedException(IOException cause, boolean requestSent, String requestId) {
    super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    this.requestSent = requestSent;
    this.requestId = requestId;
  }

  boolean requestSent() {
    return requestSent;
  }

  String requestId() {
    return requestId;
  }

  static CallFailedException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CallFailedException found) {
        return found;
      }
    }
    return null;
  }
}
