package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kotlin.KotlinVersion;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot's BOM, imported by this module, must not move the libraries core was built and tested
 * with: the class path of these tests carries the parent pom's versions of OkHttp, okio, the Kotlin
 * stdlib, Retrofit, Moshi and Micrometer.
 */
class StarterKeepsTheBuildsHttpStackTest {
  @Test
  void theParentsVersionsWin() throws IOException {
    String parent = Files.readString(Path.of("../pom.xml"));

    assertThat(OkHttp.VERSION).isEqualTo(property(parent, "okhttp.version"));
    assertThat(KotlinVersion.CURRENT.toString()).isEqualTo(property(parent, "kotlin.version"));
    assertThat(jarOf(okio.Buffer.class)).contains("-" + property(parent, "okio.version") + ".jar");
    assertThat(jarOf(retrofit2.Retrofit.class))
        .contains("-" + property(parent, "retrofit.version") + ".jar");
    assertThat(jarOf(com.squareup.moshi.Moshi.class))
        .contains("-" + property(parent, "moshi.version") + ".jar");
    String micrometer = "-" + property(parent, "micrometer.version") + ".jar";
    assertThat(jarOf(MeterRegistry.class)).contains(micrometer);
    assertThat(jarOf(io.micrometer.common.KeyValue.class)).contains(micrometer);
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as(name + " in the parent pom").isTrue();
    return m.group(1);
  }

  private static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath();
  }
}
