/**
 * Sending email through any vendor: the {@link dev.switchboard.email.EmailSender} port and its
 * model ({@link dev.switchboard.email.EmailMessage}, {@link dev.switchboard.email.EmailAddress},
 * {@link dev.switchboard.email.Attachment}, {@link dev.switchboard.email.SendResult}).
 */
package dev.switchboard.email;
