package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobPageTest {
  private static final BlobInfo A =
      BlobInfo.builder().key("a").size(1).etag("e").lastModified(Instant.EPOCH).build();

  @Test
  void copiesItsListsAndTreatsAnEmptyTokenAsTheLastPage() {
    List<BlobInfo> items = new ArrayList<>(List.of(A));
    BlobPage page = BlobPage.of(items, List.of("p/"), "");
    items.clear();

    assertThat(page.items()).containsExactly(A);
    assertThat(page.commonPrefixes()).containsExactly("p/");
    assertThat(page.nextPageToken()).isEmpty();
    assertThatThrownBy(() -> page.items().add(A)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsTheNextToken() {
    BlobPage page = BlobPage.of(List.of(A), List.of(), "t");
    assertThat(page.nextPageToken()).contains("t");
    assertThat(page)
        .isEqualTo(BlobPage.of(List.of(A), List.of(), "t"))
        .hasSameHashCodeAs(BlobPage.of(List.of(A), List.of(), "t"))
        .isNotEqualTo(BlobPage.of(List.of(A), List.of(), null))
        .hasToString("BlobPage[items=1, commonPrefixes=0, more=true]");
  }

  @Test
  void rejectsNullListsAndElements() {
    assertThatThrownBy(() -> BlobPage.of(null, List.of(), null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> BlobPage.of(Arrays.asList(A, null), List.of(), null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> BlobPage.of(List.of(), null, null))
        .isInstanceOf(InvalidRequestException.class);
  }
}
