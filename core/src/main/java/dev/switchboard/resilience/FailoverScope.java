package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.FailureCode;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What kind of call a failover composite is about to move to another provider, and what the
 * application allows for it. {@link ErrorPolicy#mayFailOver} reads it where the answer depends on
 * the call: an unknown outcome and a decline.
 *
 * <pre>{@code
 * FailoverScope.payment();                                       // declines never fail over
 * FailoverScope.payment(EnumSet.of(FailureCode.PROCESSING_ERROR)); // this decline may
 * FailoverScope.email(false);      // a possibly sent email is not sent again elsewhere
 * FailoverScope.storageRead();
 * FailoverScope.storageWrite(true); // writes are idempotent, an unknown outcome may move
 * }</pre>
 */
public final class FailoverScope {
  /** The kind of call. */
  public enum Kind {
    PAYMENT,
    EMAIL,
    STORAGE_READ,
    STORAGE_WRITE
  }

  private final Kind kind;
  private final boolean unknownOutcomeMayFailOver;
  private final Set<FailureCode> declinesThatMayFailOver;

  private FailoverScope(
      Kind kind, boolean unknownOutcomeMayFailOver, Set<FailureCode> declinesThatMayFailOver) {
    this.kind = kind;
    this.unknownOutcomeMayFailOver = unknownOutcomeMayFailOver;
    this.declinesThatMayFailOver = declinesThatMayFailOver;
  }

  /** A payment call whose declines never fail over. */
  public static FailoverScope payment() {
    return new FailoverScope(Kind.PAYMENT, false, Set.of());
  }

  /**
   * A payment call whose declines with one of the given neutral codes may be tried at the next
   * provider. An unknown outcome never fails over: that could charge the customer twice.
   *
   * @throws NullPointerException if the set or one of its codes is null
   */
  public static FailoverScope payment(Set<FailureCode> declinesThatMayFailOver) {
    if (declinesThatMayFailOver == null
        || declinesThatMayFailOver.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "declinesThatMayFailOver", "declinesThatMayFailOver must be a set of codes, not null");
    }
    Set<FailureCode> copy =
        declinesThatMayFailOver.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(declinesThatMayFailOver));
    return new FailoverScope(Kind.PAYMENT, false, copy);
  }

  /**
   * An email send.
   *
   * @param unknownOutcomeMayFailOver whether a send whose outcome is unknown may be repeated at the
   *     next provider, at the risk of the recipient getting the message twice
   */
  public static FailoverScope email(boolean unknownOutcomeMayFailOver) {
    return new FailoverScope(Kind.EMAIL, unknownOutcomeMayFailOver, Set.of());
  }

  /** A storage read (get, stat, list, presign): repeating it elsewhere changes nothing. */
  public static FailoverScope storageRead() {
    return new FailoverScope(Kind.STORAGE_READ, true, Set.of());
  }

  /**
   * A storage write (put, copy, delete).
   *
   * @param writesMayFailOver whether a write whose outcome is unknown may be repeated at the next
   *     provider; writes of the same key and bytes are idempotent, so this is usually true
   */
  public static FailoverScope storageWrite(boolean writesMayFailOver) {
    return new FailoverScope(Kind.STORAGE_WRITE, writesMayFailOver, Set.of());
  }

  public Kind kind() {
    return kind;
  }

  /** Whether an {@code OutcomeUnknownException} may move to the next provider. */
  public boolean unknownOutcomeMayFailOver() {
    return unknownOutcomeMayFailOver;
  }

  /** The decline codes that may move to the next provider; empty except for payments. */
  public Set<FailureCode> declinesThatMayFailOver() {
    return declinesThatMayFailOver;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailoverScope other
        && kind == other.kind
        && unknownOutcomeMayFailOver == other.unknownOutcomeMayFailOver
        && declinesThatMayFailOver.equals(other.declinesThatMayFailOver);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, unknownOutcomeMayFailOver, declinesThatMayFailOver);
  }

  @Override
  public String toString() {
    return "FailoverScope{kind="
        + kind
        + ", unknownOutcomeMayFailOver="
        + unknownOutcomeMayFailOver
        + ", declinesThatMayFailOver="
        + declinesThatMayFailOver
        + "}";
  }
}
