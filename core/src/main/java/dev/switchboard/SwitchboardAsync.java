package dev.switchboard;

import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.storage.AsyncBlobStore;
import java.util.function.Supplier;

/**
 * The facade's ports in their non-blocking form: the same composites, policies, key ledger and
 * failover as {@link Switchboard#payments()} and its siblings, each call returning a {@link
 * java.util.concurrent.CompletableFuture} at once and holding no thread while it waits.
 *
 * <pre>{@code
 * AsyncPaymentGateway payments = switchboard.async().payments();
 * Mono<Payment> paid = Mono.fromFuture(() -> payments.charge(request)); // Project Reactor
 * }</pre>
 *
 * <p>Futures complete on the thread that ends the call, usually OkHttp's dispatcher thread; use the
 * {@code ...Async(fn, executor)} stages to continue on an executor of your own. Thread-safe.
 */
public final class SwitchboardAsync {
  private final Supplier<AsyncPaymentGateway> payments;
  private final Supplier<AsyncEmailSender> email;
  private final Supplier<AsyncBlobStore> storage;

  SwitchboardAsync(
      Supplier<AsyncPaymentGateway> payments,
      Supplier<AsyncEmailSender> email,
      Supplier<AsyncBlobStore> storage) {
    this.payments = payments;
    this.email = email;
    this.storage = storage;
  }

  /**
   * The non-blocking form of {@link Switchboard#payments()}.
   *
   * @throws dev.switchboard.config.ConfigurationException when no payments provider is configured
   */
  public AsyncPaymentGateway payments() {
    return payments.get();
  }

  /**
   * The non-blocking form of {@link Switchboard#email()}.
   *
   * @throws dev.switchboard.config.ConfigurationException when no email provider is configured
   */
  public AsyncEmailSender email() {
    return email.get();
  }

  /**
   * The non-blocking form of {@link Switchboard#storage()}.
   *
   * @throws dev.switchboard.config.ConfigurationException when no storage provider is configured
   */
  public AsyncBlobStore storage() {
    return storage.get();
  }

  @Override
  public String toString() {
    return "SwitchboardAsync";
  }
}
