package dev.switchboard.testkit;

/**
 * A feature of the email port that not every implementation offers. An implementation running
 * {@link EmailSenderContract} declares the ones it has; the contract's tests for the others are
 * reported as skipped with the missing capability named, never silently passed.
 */
public enum EmailCapability {
  /** Delivers cc and bcc recipients. */
  CC_BCC,
  /** Delivers reply-to addresses. */
  REPLY_TO,
  /** Delivers custom headers. */
  CUSTOM_HEADERS,
  /** Delivers tags (categories). */
  TAGS,
  /** Delivers metadata (custom arguments, user variables). */
  METADATA,
  /** Delivers inline attachments with their content ids. */
  INLINE_ATTACHMENTS,
  /** Schedules delivery for {@code sendAt}, and rejects a time beyond the provider's horizon. */
  SCHEDULED_SEND,
  /** Delivers once when the same message is sent twice with one idempotency key. */
  IDEMPOTENT_REPLAY,
  /** Rejects a reused idempotency key with a different message as a ConflictException. */
  IDEMPOTENCY_CONFLICT
}
