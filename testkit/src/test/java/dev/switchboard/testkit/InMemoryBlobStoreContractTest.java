package dev.switchboard.testkit;

import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The in-memory store keeps the whole contract, presigned URLs included. */
class InMemoryBlobStoreContractTest extends BlobStoreContract {
  private final OffsetClock clock = new OffsetClock(Instant.parse("2024-05-01T10:00:00Z"));
  private InMemoryBlobStore store;

  @Override
  protected BlobStore store() {
    store = InMemoryBlobStore.builder().clock(clock).seed(42).build();
    return store;
  }

  @Override
  protected byte[] fetchPresigned(URI uri) throws IOException {
    try (Blob blob = store.openPresigned(uri)) {
      return blob.content().readAllBytes();
    }
  }

  @Override
  protected void uploadPresigned(URI uri, byte[] body, String contentType) {
    store.putPresigned(uri, BlobContent.of(body));
  }

  @Override
  protected void setClockOffset(Duration offset) {
    clock.offset = offset;
  }

  /** A fixed instant moved by an offset the contract sets. */
  static final class OffsetClock extends Clock {
    private final Instant base;
    volatile Duration offset = Duration.ZERO;

    OffsetClock(Instant base) {
      this.base = base;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return base.plus(offset);
    }
  }
}
