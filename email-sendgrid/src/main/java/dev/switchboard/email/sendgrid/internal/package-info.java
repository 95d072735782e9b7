/**
 * SendGrid's wire format and the adapter's plumbing: the Retrofit service, the JSON records, the
 * streaming request body, the one mapper, the limits and the Dagger graph. Not for application
 * code; it may change without notice.
 */
package dev.switchboard.email.sendgrid.internal;
