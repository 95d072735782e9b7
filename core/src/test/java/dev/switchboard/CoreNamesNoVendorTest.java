package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** core is vendor-neutral: its main sources name no vendor (the build bans the dependency too). */
class CoreNamesNoVendorTest {
  private static final Pattern VENDOR =
      Pattern.compile("stripe|paypal|sendgrid|mailgun|amazonaws|twilio|braintree|adyen");

  @Test
  void mainSourcesNameNoVendor() throws IOException {
    Path main = Path.of("src", "main");
    assertThat(main).isDirectory();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(Files::isRegularFile)
              .filter(CoreNamesNoVendorTest::namesAVendor)
              .map(Path::toString)
              .collect(Collectors.toList());
    }
    assertThat(offenders).as("core files that name a vendor").isEmpty();
  }

  private static boolean namesAVendor(Path file) {
    try {
      String text = Files.readString(file).toLowerCase(Locale.ROOT);
      return VENDOR.matcher(text).find()
          || VENDOR.matcher(file.toString().toLowerCase(Locale.ROOT)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
