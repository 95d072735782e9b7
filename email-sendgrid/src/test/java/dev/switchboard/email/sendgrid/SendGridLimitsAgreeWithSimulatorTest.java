package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.sendgrid.internal.SendGridLimits;
import dev.switchboard.testkit.simulator.SendGridSimulatorLimits;
import org.junit.jupiter.api.Test;

/**
 * The testkit cannot depend on this adapter, so {@code SendGridSimulator} keeps its own copy of
 * SendGrid's limits; this test fails as soon as the two drift apart.
 */
class SendGridLimitsAgreeWithSimulatorTest {
  @Test
  void adapterAndSimulatorDeclareTheSameLimits() {
    assertThat(SendGridSimulatorLimits.MAX_REQUEST_BYTES)
        .isEqualTo(SendGridLimits.MAX_REQUEST_BYTES);
    assertThat(SendGridSimulatorLimits.MAX_RECIPIENTS).isEqualTo(SendGridLimits.MAX_RECIPIENTS);
    assertThat(SendGridSimulatorLimits.MAX_CATEGORIES).isEqualTo(SendGridLimits.MAX_CATEGORIES);
    assertThat(SendGridSimulatorLimits.MAX_CATEGORY_LENGTH)
        .isEqualTo(SendGridLimits.MAX_CATEGORY_LENGTH);
    assertThat(SendGridSimulatorLimits.MAX_CUSTOM_ARGS_BYTES)
        .isEqualTo(SendGridLimits.MAX_CUSTOM_ARGS_BYTES);
    assertThat(SendGridSimulatorLimits.MAX_SCHEDULE_AHEAD)
        .isEqualTo(SendGridLimits.MAX_SCHEDULE_AHEAD);
    assertThat(SendGridSimulatorLimits.RESERVED_HEADERS).isEqualTo(SendGridLimits.RESERVED_HEADERS);
  }
}
