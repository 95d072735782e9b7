package dev.switchboard.testkit;

/** The same contract, every call made through the non-blocking form and waited for. */
class FailoverEmailSenderNonBlockingContractTest extends FailoverEmailSenderContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
