/**
 * Spring Boot auto-configuration for Switchboard: the facade and its ports as beans, built from the
 * {@code switchboard.*} keys of Spring's environment; an Actuator health indicator per port;
 * Micrometer meters; the webhook servlet.
 */
package dev.switchboard.spring;
