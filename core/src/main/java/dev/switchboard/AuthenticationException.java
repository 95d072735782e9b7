package dev.switchboard;

/**
 * The provider rejected the credentials (HTTP 401 or 403).
 *
 * <p>Retried once on the same provider after the secret is re-read (it may have been rotated);
 * counts against the breaker; never fails over, since a backup cannot fix a wrong key.
 */
public class AuthenticationException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String reason, ErrorContext context) {
    this(reason, context, null);
  }

  public AuthenticationException(String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
  }
}
