package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.storage.BlobInfo;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobInfoAssertTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private final BlobInfo info =
      BlobInfo.builder()
          .key("a.txt")
          .size(5)
          .contentType("text/plain")
          .etag("\"e1\"")
          .lastModified(T0)
          .metadata(Map.of("owner", "ann"))
          .build();

  @Test
  void passesWhenEveryFieldMatches() {
    new BlobInfoAssert(info)
        .hasKey("a.txt")
        .hasSize(5)
        .hasContentType("text/plain")
        .hasEtag("\"e1\"")
        .wasLastModifiedAt(T0)
        .hasMetadata("Owner", "ann");
  }

  @Test
  void eachMismatchNamesWhatWasExpectedAndFound() {
    BlobInfoAssert a = new BlobInfoAssert(info);
    assertThatThrownBy(() -> a.hasKey("b.txt"))
        .hasMessage("Expected blob key <b.txt> but was <a.txt>");
    assertThatThrownBy(() -> a.hasSize(6))
        .hasMessage("Expected blob <a.txt> to be 6 bytes but it was 5");
    assertThatThrownBy(() -> a.hasContentType("image/png"))
        .hasMessage(
            "Expected blob <a.txt> to have content type <image/png> but it had <text/plain>");
    assertThatThrownBy(() -> a.hasEtag("\"e2\""))
        .hasMessage("Expected blob <a.txt> to have etag <\"e2\"> but it had <\"e1\">");
    assertThatThrownBy(() -> a.wasLastModifiedAt(T0.plusSeconds(1)))
        .hasMessage(
            "Expected blob <a.txt> to be last modified at <2024-05-01T10:00:01Z> but it was at"
                + " <2024-05-01T10:00:00Z>");
    assertThatThrownBy(() -> a.hasMetadata("owner", "bob"))
        .hasMessage(
            "Expected blob <a.txt> to have metadata <owner=bob> but its metadata was <{owner=ann}>");
  }

  @Test
  void listingInfoHasNoContentType() {
    BlobInfo listed = info.toBuilder().contentType(null).build();
    assertThatThrownBy(() -> new BlobInfoAssert(listed).hasContentType("text/plain"))
        .hasMessageEndingWith("but it had <null>");
  }
}
