package dev.switchboard;

import java.util.List;

/**
 * A failover composite tried every provider that could serve the call and none could.
 *
 * <p>{@link #causes()} holds each provider's failure in the order they were tried; they are also
 * attached as {@linkplain Throwable#getSuppressed() suppressed} exceptions so that a logged stack
 * trace shows them all.
 */
public class AllProvidersUnavailableException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final transient List<SwitchboardException> causes;

  public AllProvidersUnavailableException(
      String reason, ErrorContext context, List<? extends SwitchboardException> causes) {
    super(reason, context, null);
    this.causes = List.copyOf(causes);
    this.causes.forEach(this::addSuppressed);
  }

  /** Each provider's failure, in the order the providers were tried. */
  public List<SwitchboardException> causes() {
    return causes;
  }
}
