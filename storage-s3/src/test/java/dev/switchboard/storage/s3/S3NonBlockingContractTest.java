package dev.switchboard.storage.s3;

/**
 * The adapter's non-blocking form passes the same contract against the same in-process S3 server:
 * every call goes through {@code async()}, and every blob is read through its publisher.
 */
class S3NonBlockingContractTest extends S3BlobStoreContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
