package dev.switchboard.email;

import dev.switchboard.SwitchboardException;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking form of an {@link EmailSender}: {@link #send} returns at once with a {@link
 * CompletableFuture} that completes with the {@link SendResult} the blocking call returns, or fails
 * with the {@link SwitchboardException} it throws, holding no thread while the call waits. Get one
 * from {@link EmailSender#async()} or {@code switchboard.async().email()}.
 *
 * <pre>{@code
 * switchboard.async().email().send(message)
 *     .thenAccept(result -> log.info("sent {}", result.messageId()));
 * }</pre>
 *
 * <p>The future completes on the thread that ends the call, usually OkHttp's dispatcher thread.
 * Cancelling it cancels the call: a {@link java.util.concurrent.CancellationException} when nothing
 * was sent, an {@link dev.switchboard.OutcomeUnknownException} once the message may have been
 * accepted. The method never throws: a bad argument fails the future.
 */
public interface AsyncEmailSender {
  /** The provider's name, as {@link EmailSender#provider()}. */
  String provider();

  /** {@link EmailSender#send}, without blocking. */
  CompletableFuture<SendResult> send(EmailMessage message);
}
