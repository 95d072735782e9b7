package dev.switchboard.email;

import dev.switchboard.internal.Futures;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link EmailSender#async()} of a sender that has no non-blocking form of its own: each send
 * runs on the calling thread, and the future is complete when it returns.
 */
final class BlockingAsyncEmailSender implements AsyncEmailSender {
  private final EmailSender sender;

  BlockingAsyncEmailSender(EmailSender sender) {
    this.sender = sender;
  }

  @Override
  public String provider() {
    return sender.provider();
  }

  @Override
  public CompletableFuture<SendResult> send(EmailMessage message) {
    return Futures.call(() -> sender.send(message));
  }

  @Override
  public String toString() {
    return "blocking async view of " + sender;
  }
}
