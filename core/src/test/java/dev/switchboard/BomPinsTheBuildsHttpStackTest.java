package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM a consumer imports pins the same OkHttp, okio, Kotlin stdlib, Retrofit and Moshi versions
 * the build compiled and tested Switchboard with; the BOM has no parent, so its versions are
 * written twice, and this keeps them equal.
 */
class BomPinsTheBuildsHttpStackTest {
  private static final List<String> PINNED =
      List.of(
          "okhttp.version", "okio.version", "kotlin.version", "retrofit.version", "moshi.version");

  @Test
  void theBomsHttpStackVersionsAreTheBuilds() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String parent = Files.readString(root.resolve("pom.xml"));
    String bom = Files.readString(root.resolve("bom/pom.xml"));

    for (String property : PINNED) {
      assertThat(version(bom, property)).as(property).isEqualTo(version(parent, property));
    }
    assertThat(bom)
        .contains("<artifactId>okhttp-bom</artifactId>", "<artifactId>kotlin-bom</artifactId>");
  }

  private static String version(String pom, String property) {
    Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as(property + " is declared").isTrue();
    return m.group(1);
  }
}
