package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BlobTest {
  private static final BlobInfo INFO =
      BlobInfo.builder().key("k").size(10).etag("e").lastModified(Instant.EPOCH).build();

  @Test
  void closingTheBlobClosesItsStream() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream in =
        new ByteArrayInputStream(new byte[10]) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    try (Blob blob = Blob.of(INFO, in)) {
      assertThat(blob.content()).isSameAs(in);
      assertThat(blob.info()).isEqualTo(INFO);
      assertThat(blob.range()).isEmpty();
    }
    assertThat(closed).isTrue();
  }

  @Test
  void carriesTheRangeItAnswered() {
    Blob blob = Blob.of(INFO, InputStream.nullInputStream(), ByteRange.of(2, 4));
    assertThat(blob.range()).contains(ByteRange.of(2, 4));
    assertThat(blob).hasToString("Blob[key=k, size=10, range=bytes=2-4]");
  }

  @Test
  void answeredRangeNeedsBothEnds() {
    assertThatThrownBy(() -> Blob.of(INFO, InputStream.nullInputStream(), ByteRange.from(2)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Blob.of(INFO, InputStream.nullInputStream(), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsMissingInfoOrContent() {
    assertThatThrownBy(() -> Blob.of(null, InputStream.nullInputStream()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Blob.of(INFO, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void failureToCloseIsReportedUnchecked() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() {
            return -1;
          }

          @Override
          public void close() throws IOException {
            throw new IOException("reset");
          }
        };
    assertThatThrownBy(() -> Blob.of(INFO, failing).close())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("k");
  }
}
