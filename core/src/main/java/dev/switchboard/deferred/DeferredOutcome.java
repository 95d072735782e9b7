package dev.switchboard.deferred;

import dev.switchboard.SwitchboardException;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.Payment;
import dev.switchboard.storage.BlobInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link DeferredCall} ended: the port's own result, or the error that ended it.
 *
 * <pre>{@code
 * deferred.addListener((call, outcome) -> {
 *   if (outcome instanceof DeferredOutcome.Charged charged) {
 *     orders.markPaid(call.id(), charged.payment().id());
 *   } else if (outcome instanceof DeferredOutcome.Failed failed) {
 *     orders.markUnpaid(call.id(), failed.error().reason());
 *   }
 * });
 * }</pre>
 */
public sealed interface DeferredOutcome
    permits DeferredOutcome.Charged,
        DeferredOutcome.Sent,
        DeferredOutcome.Stored,
        DeferredOutcome.Failed {

  /** A charge that a provider took. */
  record Charged(Payment payment) implements DeferredOutcome {
    public Charged {
      Objects.requireNonNull(payment, "payment == null");
    }
  }

  /** An email that a provider accepted. */
  record Sent(SendResult result) implements DeferredOutcome {
    public Sent {
      Objects.requireNonNull(result, "result == null");
    }
  }

  /** A blob that a provider stored. */
  record Stored(BlobInfo blob) implements DeferredOutcome {
    public Stored {
      Objects.requireNonNull(blob, "blob == null");
    }
  }

  /**
   * A call that ended {@link DeferredState#FAILED} or {@link DeferredState#DEAD}. The exception is
   * there for listeners told as the call ends; a call read back from the database has the stored
   * {@link #error()} only.
   */
  final class Failed implements DeferredOutcome {
    private final DeferredError error;
    private final SwitchboardException exception;

    /**
     * @param error the stored error
     * @param exception the exception that ended the call, or null when it is not at hand
     */
    public Failed(DeferredError error, SwitchboardException exception) {
      this.error = Objects.requireNonNull(error, "error == null");
      this.exception = exception;
    }

    public DeferredError error() {
      return error;
    }

    /** The exception that ended the call, when this outcome was not read back from storage. */
    public Optional<SwitchboardException> exception() {
      return Optional.ofNullable(exception);
    }

    @Override
    public String toString() {
      return "Failed{" + error + "}";
    }
  }
}
