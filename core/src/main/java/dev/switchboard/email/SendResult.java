package dev.switchboard.email;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider answered when it accepted a message: who accepted it, the provider's id for it
 * (the id its delivery, bounce and open events refer to) and when.
 *
 * <pre>{@code
 * SendResult result = sender.send(message);
 * log.info("accepted by {} as {}", result.provider(), result.messageId());
 * }</pre>
 *
 * <p>Accepted means queued for delivery, not delivered: delivery and bounces arrive later as
 * webhook events.
 */
public final class SendResult {
  private final String provider;
  private final String messageId;
  private final Instant acceptedAt;
  private final String vendorRequestId;

  private SendResult(String provider, String messageId, Instant acceptedAt, String requestId) {
    if (provider == null || provider.isBlank()) {
      throw InvalidRequestException.invalidField("provider", "provider is blank");
    }
    if (messageId == null || messageId.isBlank()) {
      throw InvalidRequestException.invalidField("messageId", "message id is blank");
    }
    Objects.requireNonNull(acceptedAt, "acceptedAt == null");
    this.provider = provider;
    this.messageId = messageId;
    this.acceptedAt = acceptedAt;
    this.vendorRequestId = requestId;
  }

  /** A result without a vendor request id. */
  public static SendResult of(String provider, String messageId, Instant acceptedAt) {
    return new SendResult(provider, messageId, acceptedAt, null);
  }

  /**
   * A result with the vendor's id for the HTTP request.
   *
   * @param vendorRequestId null when the vendor gave none
   */
  public static SendResult of(
      String provider, String messageId, Instant acceptedAt, String vendorRequestId) {
    return new SendResult(provider, messageId, acceptedAt, vendorRequestId);
  }

  /** The provider that accepted the message, such as {@code "fake"}. */
  public String provider() {
    return provider;
  }

  /** The provider's id for the message. */
  public String messageId() {
    return messageId;
  }

  /** When the provider accepted the message. */
  public Instant acceptedAt() {
    return acceptedAt;
  }

  /** The vendor's id for the request, to quote to the vendor's support, when it gave one. */
  public Optional<String> vendorRequestId() {
    return Optional.ofNullable(vendorRequestId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SendResult other
        && provider.equals(other.provider)
        && messageId.equals(other.messageId)
        && acceptedAt.equals(other.acceptedAt)
        && Objects.equals(vendorRequestId, other.vendorRequestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, messageId, acceptedAt, vendorRequestId);
  }

  @Override
  public String toString() {
    return "SendResult{provider="
        + provider
        + ", messageId="
        + messageId
        + ", acceptedAt="
        + acceptedAt
        + (vendorRequestId == null ? "" : ", vendorRequestId=" + vendorRequestId)
        + '}';
  }
}
