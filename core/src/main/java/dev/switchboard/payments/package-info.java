/**
 * Taking payments through any provider: the {@link dev.switchboard.payments.PaymentGateway} port
 * and its model — {@link dev.switchboard.payments.Money}, {@link
 * dev.switchboard.payments.PaymentSource}, the requests, {@link dev.switchboard.payments.Payment}
 * and {@link dev.switchboard.payments.Refund}.
 */
package dev.switchboard.payments;
