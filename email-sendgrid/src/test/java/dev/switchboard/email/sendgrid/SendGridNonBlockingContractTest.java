package dev.switchboard.email.sendgrid;

/** The SendGrid adapter's non-blocking form passes the same contract against the simulator. */
class SendGridNonBlockingContractTest extends SendGridEmailSenderContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
