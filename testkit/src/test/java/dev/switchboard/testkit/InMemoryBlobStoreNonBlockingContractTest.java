package dev.switchboard.testkit;

/** The same contract, every call made through the non-blocking form and waited for. */
class InMemoryBlobStoreNonBlockingContractTest extends InMemoryBlobStoreContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
