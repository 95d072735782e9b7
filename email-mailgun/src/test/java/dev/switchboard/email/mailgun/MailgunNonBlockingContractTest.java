package dev.switchboard.email.mailgun;

/** The Mailgun adapter's non-blocking form passes the same contract against the simulator. */
class MailgunNonBlockingContractTest extends MailgunEmailSenderContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
