/**
 * SendGrid for Switchboard: {@link dev.switchboard.email.sendgrid.SendGridEmailSender} sends
 * through the v3 Mail Send API, {@link dev.switchboard.email.sendgrid.SendGridWebhookVerifier}
 * verifies the signed Event Webhook, and {@link
 * dev.switchboard.email.sendgrid.SendGridEmailSenderFactory} lets configuration pick {@code
 * sendgrid}.
 */
package dev.switchboard.email.sendgrid;
