package dev.switchboard.testkit;

/** The same contract, every call made through the non-blocking form and waited for. */
class FailoverBlobStoreNonBlockingContractTest extends FailoverBlobStoreContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
