/**
 * The Mailgun adapter: {@link dev.switchboard.email.mailgun.MailgunEmailSender} sends through
 * Mailgun's v3 messages API, {@link dev.switchboard.email.mailgun.MailgunWebhookVerifier} verifies
 * Mailgun's signed webhooks, and {@link dev.switchboard.email.mailgun.MailgunEmailSenderFactory}
 * makes both configurable as {@code mailgun}. Everything under {@code internal} may change without
 * notice.
 */
package dev.switchboard.email.mailgun;
