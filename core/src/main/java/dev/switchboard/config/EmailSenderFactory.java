package dev.switchboard.config;

import dev.switchboard.email.EmailSender;

/**
 * Discovers a {@link EmailSender} implementation with {@link java.util.ServiceLoader}. Register it
 * in {@code META-INF/services/dev.switchboard.config.EmailSenderFactory}; it is then selected by
 * {@code switchboard.email.providers} and configured under {@code switchboard.email.<name>.}.
 *
 * <pre>{@code
 * public final class AcmeEmailSenderFactory implements EmailSenderFactory {
 *   public String name() { return "acme"; }
 *   public EmailSender create(ProviderContext context) { ... }
 * }
 * }</pre>
 */
public interface EmailSenderFactory extends ProviderFactory<EmailSender> {}
