package dev.switchboard.config;

import dev.switchboard.payments.PaymentGateway;

/**
 * Discovers a {@link PaymentGateway} implementation with {@link java.util.ServiceLoader}. Register
 * it in {@code META-INF/services/dev.switchboard.config.PaymentGatewayFactory}; it is then selected
 * by {@code switchboard.payments.providers} and configured under {@code
 * switchboard.payments.<name>.}.
 *
 * <pre>{@code
 * public final class AcmePaymentGatewayFactory implements PaymentGatewayFactory {
 *   public String name() { return "acme"; }
 *   public PaymentGateway create(ProviderContext context) { ... }
 * }
 * }</pre>
 */
public interface PaymentGatewayFactory extends ProviderFactory<PaymentGateway> {}
