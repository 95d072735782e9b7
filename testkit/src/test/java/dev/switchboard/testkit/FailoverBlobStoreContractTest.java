package dev.switchboard.testkit;

import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** The composite keeps the store contract while its primary serves, page tokens included. */
class FailoverBlobStoreContractTest extends BlobStoreContract {
  private final InMemoryBlobStoreContractTest.OffsetClock clock =
      new InMemoryBlobStoreContractTest.OffsetClock(Instant.parse("2024-05-01T10:00:00Z"));
  private InMemoryBlobStore primary;

  @Override
  protected BlobStore store() {
    primary = InMemoryBlobStore.builder().provider("primary").clock(clock).seed(42).build();
    InMemoryBlobStore replica =
        InMemoryBlobStore.builder().provider("replica").clock(clock).seed(43).build();
    return FailoverBlobStore.builder().add(primary).add(replica).build();
  }

  @Override
  protected byte[] fetchPresigned(URI uri) throws IOException {
    try (Blob blob = primary.openPresigned(uri)) {
      return blob.content().readAllBytes();
    }
  }

  @Override
  protected void uploadPresigned(URI uri, byte[] body, String contentType) {
    primary.putPresigned(uri, BlobContent.of(body));
  }

  @Override
  protected void setClockOffset(Duration offset) {
    clock.offset = offset;
  }
}
