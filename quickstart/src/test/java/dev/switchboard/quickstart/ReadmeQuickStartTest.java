package dev.switchboard.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Quick start shows the consumer project in {@code src/it/shop} file by file, and the
 * invoker plugin builds and tests that project: so the Quick start is compiled and run, and this
 * test keeps the two the same.
 */
class ReadmeQuickStartTest {
  private static final Path SHOP = Path.of("src", "it", "shop");
  private static final Pattern SHOWN =
      Pattern.compile("<!-- quickstart: (\\S+) -->\\n```\\w+\\n(.*?)\\n```", Pattern.DOTALL);
  private static final String POM_BEGIN = "  <!-- quickstart:pom -->\n";
  private static final String POM_END = "  <!-- quickstart:end -->";

  @Test
  void everyBlockOfTheQuickStartIsTheConsumerProjectsFile() {
    Map<String, String> shown = shownFiles();

    assertThat(shown).isNotEmpty();
    shown.forEach(
        (file, block) ->
            assertThat(block)
                .as("the README's Quick start block for %s", file)
                .isEqualTo(expected(file)));
  }

  @Test
  void theQuickStartShowsEveryFileOfTheConsumerProject() throws IOException {
    Set<String> files;
    try (Stream<Path> walk = Files.walk(SHOP.resolve("src"))) {
      files =
          walk.filter(Files::isRegularFile)
              .map(path -> SHOP.relativize(path).toString().replace('\\', '/'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    files.add("pom.xml");

    assertThat(shownFiles().keySet()).containsExactlyInAnyOrderElementsOf(files);
  }

  private static Map<String, String> shownFiles() {
    String readme = read(Path.of("..", "README.md"));
    int start = readme.indexOf("\n## Quick start\n");
    assertThat(start).as("README has a Quick start section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    Matcher blocks = SHOWN.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    Map<String, String> shown = new LinkedHashMap<>();
    while (blocks.find()) {
      shown.put(blocks.group(1), blocks.group(2));
    }
    return shown;
  }

  /**
   * The file as the README shows it: the pom's marked part, unindented, with the version filled.
   */
  private static String expected(String file) {
    String text = read(SHOP.resolve(file)).stripTrailing();
    if (!file.equals("pom.xml")) {
      return text;
    }
    int begin = text.indexOf(POM_BEGIN);
    int end = text.indexOf(POM_END);
    assertThat(begin).as("pom.xml marks the part the README shows").isNotNegative();
    return text.substring(begin + POM_BEGIN.length(), end)
        .stripTrailing()
        .lines()
        .map(line -> line.startsWith("  ") ? line.substring(2) : line)
        .collect(Collectors.joining("\n"))
        .replace("@project.version@", System.getProperty("switchboard.version"));
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
