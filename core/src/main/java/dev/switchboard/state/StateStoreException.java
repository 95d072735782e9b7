package dev.switchboard.state;

import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;

/**
 * The state store could not be reached, or answered in a way that cannot be trusted. Nothing was
 * sent to a vendor because of the call that met it: a payment whose key cannot be claimed is not
 * sent (fail closed), so {@link #requestSent()} is false.
 *
 * <p>The context's provider is {@code state.<store>}, such as {@code state.jdbc}; the reason names
 * the store and what failed, never a connection string or password.
 */
public class StateStoreException extends ProviderUnavailableException {
  private static final long serialVersionUID = 1L;

  /**
   * @param store the store's name, such as {@code jdbc}
   * @param operation what was being done, such as {@code claim}
   * @param reason what went wrong, without secrets
   * @param cause the driver's exception, or null
   */
  public StateStoreException(String store, String operation, String reason, Throwable cause) {
    super(
        "state store '" + store + "' failed to " + operation + ": " + reason,
        ErrorContext.builder().provider("state." + store).operation(operation).build(),
        cause);
  }

  /** Carries an existing failure's reason and context for a caller-facing operation. */
  public StateStoreException(String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
  }
}
