/**
 * The Stripe adapter: {@link dev.switchboard.payments.stripe.StripePaymentGateway} (PaymentIntents
 * and Refunds), {@link dev.switchboard.payments.stripe.StripeWebhookVerifier}, and {@link
 * dev.switchboard.payments.stripe.StripePaymentGatewayFactory} for configuration.
 */
package dev.switchboard.payments.stripe;
