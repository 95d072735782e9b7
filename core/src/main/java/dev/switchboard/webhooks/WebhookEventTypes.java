package dev.switchboard.webhooks;

/**
 * The neutral event types that verifiers map vendor events to. Switch on these instead of on each
 * vendor's names; the vendor's own type stays in {@link WebhookEvent#vendorType()}.
 */
public final class WebhookEventTypes {
  /** Money was taken: a charge or capture completed. */
  public static final String PAYMENT_SUCCEEDED = "payment.succeeded";

  /** A payment attempt failed or was declined. */
  public static final String PAYMENT_FAILED = "payment.failed";

  /** Funds were authorized and await capture. */
  public static final String PAYMENT_AUTHORIZED = "payment.authorized";

  /** The buyer must act (authenticate, approve) before the payment goes on. */
  public static final String PAYMENT_REQUIRES_ACTION = "payment.requires_action";

  /** An authorization was voided or a payment canceled before capture. */
  public static final String PAYMENT_CANCELED = "payment.canceled";

  /** Money was returned to the buyer, in full or in part. */
  public static final String PAYMENT_REFUNDED = "payment.refunded";

  /** The buyer disputed a payment with their bank. */
  public static final String PAYMENT_DISPUTED = "payment.disputed";

  /** The receiving server accepted the message. */
  public static final String EMAIL_DELIVERED = "email.delivered";

  /** The receiving server refused the message for good. */
  public static final String EMAIL_BOUNCED = "email.bounced";

  /** Delivery was delayed and will be tried again. */
  public static final String EMAIL_DEFERRED = "email.deferred";

  /** The vendor did not attempt delivery (suppressed address, invalid message). */
  public static final String EMAIL_DROPPED = "email.dropped";

  /** The recipient opened the message. */
  public static final String EMAIL_OPENED = "email.opened";

  /** The recipient clicked a link in the message. */
  public static final String EMAIL_CLICKED = "email.clicked";

  /** The recipient marked the message as spam. */
  public static final String EMAIL_COMPLAINED = "email.complained";

  /** The recipient unsubscribed. */
  public static final String EMAIL_UNSUBSCRIBED = "email.unsubscribed";

  /** A vendor event the SDK has no neutral type for; read its vendor type and raw JSON. */
  public static final String UNKNOWN = "unknown";

  private WebhookEventTypes() {}
}
