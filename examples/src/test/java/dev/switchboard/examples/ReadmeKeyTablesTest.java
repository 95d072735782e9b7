package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeyCatalog;
import dev.switchboard.config.CoreKeys;
import dev.switchboard.config.SwitchboardConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's key tables agree with the declarations ({@link ConfigKeyCatalog} of every module on
 * this classpath): every documented key is declared with the documented default, and every declared
 * key is documented. The declarations are the source of truth; this test keeps the prose honest.
 */
class ReadmeKeyTablesTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern VENDOR_PREFIX = Pattern.compile("^([a-z0-9, -]+):\\s*(.*)$");

  /** The adapter sections and the prefix their tables' keys sit under. */
  private static final Map<String, String> ADAPTER_SECTIONS =
      Map.of(
          "### Stripe", "switchboard.payments.stripe.",
          "### PayPal", "switchboard.payments.paypal.",
          "### SendGrid", "switchboard.email.sendgrid.",
          "### Mailgun", "switchboard.email.mailgun.",
          "### S3 and S3-compatible servers", "switchboard.storage.s3.");

  private static Map<String, ConfigKeyCatalog.Entry> declared;
  private static final Map<String, String> documented = new TreeMap<>();
  private static final List<String> mismatches = new ArrayList<>();

  @BeforeAll
  static void readTables() throws IOException {
    declared = new LinkedHashMap<>();
    ConfigKeyCatalog.discover().entries().forEach(e -> declared.put(e.name(), e));
    Path root = Path.of("..").toAbsolutePath().normalize();
    read(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
    read(Files.readString(root.resolve("deferred/README.md"), StandardCharsets.UTF_8));
  }

  private static void read(String markdown) {
    String section = "";
    List<String> table = null;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("## ") || line.startsWith("### ")) {
        section = line.strip();
      }
      if (line.startsWith("|")) {
        if (table == null) {
          table = new ArrayList<>();
        }
        table.add(line);
      } else if (table != null) {
        table(section, table);
        table = null;
      }
    }
    if (table != null) {
      table(section, table);
    }
  }

  private static List<String> cells(String row) {
    String inner = row.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  private static void table(String section, List<String> rows) {
    if (rows.size() < 3 || !cells(rows.get(0)).get(0).startsWith("key")) {
      return;
    }
    for (String row : rows.subList(2, rows.size())) {
      List<String> cells = cells(row);
      row(section, cells.get(0), cells.get(1));
    }
  }

  private static void row(String section, String keyCell, String defaultCell) {
    if (keyCell.startsWith("fake providers") || keyCell.contains("(resilience)")) {
      return; // the testkit's fakes declare nothing; S3's row restates the resilience key
    }
    List<String> vendors = List.of();
    Matcher vendor = VENDOR_PREFIX.matcher(keyCell);
    if (section.equals("### Webhook verifiers") && vendor.matches()) {
      vendors = Arrays.stream(vendor.group(1).split(",")).map(String::strip).toList();
      keyCell = vendor.group(2);
    }
    List<String> names = names(keyCell);
    List<String> defaults = split(defaultCell, names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String dflt = defaults == null ? (i == 0 ? defaultCell : null) : defaults.get(i);
      for (String full : fullNames(section, name, vendors)) {
        check(full, dflt);
      }
    }
  }

  /** The keys a cell names: {@code `a.b` / `.c`} is a.b and a.c. */
  private static List<String> names(String cell) {
    List<String> names = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      String name = m.group(1);
      if (names.isEmpty()) {
        names.add(name);
        continue;
      }
      String first = names.get(0);
      boolean sibling =
          name.startsWith(".")
              || !name.contains(".")
              || (first.startsWith("switchboard.") && !name.startsWith("switchboard."));
      if (sibling) {
        String tail = name.startsWith(".") ? name.substring(1) : name;
        List<String> parts = new ArrayList<>(Arrays.asList(first.split("\\.")));
        int k = tail.split("\\.").length;
        String head = String.join(".", parts.subList(0, Math.max(0, parts.size() - k)));
        names.add(head.isEmpty() ? tail : head + "." + tail);
      } else {
        names.add(name);
      }
    }
    return names;
  }

  /** One default per key when the cell has exactly that many, else null. */
  private static List<String> split(String cell, int count) {
    if (count == 1) {
      return List.of(cell);
    }
    for (String separator : List.of(" / ", ", ")) {
      List<String> parts = Arrays.asList(cell.split(Pattern.quote(separator)));
      if (parts.size() == count) {
        return parts;
      }
    }
    return null;
  }

  private static List<String> fullNames(String section, String name, List<String> vendors) {
    if (name.startsWith("switchboard.")) {
      if (name.contains("<provider>")) {
        return factoriesOf(name.substring(0, name.indexOf("<provider>"))).stream()
            .map(p -> name.replace("<provider>", p))
            .toList();
      }
      return List.of(name);
    }
    String adapter = ADAPTER_SECTIONS.get(section);
    if (adapter != null) {
      return List.of(adapter + name);
    }
    if (section.equals("### Webhook verifiers")) {
      List<String> of = vendors.isEmpty() ? factoriesOf("switchboard.webhooks.") : vendors;
      return of.stream().map(v -> "switchboard.webhooks." + v + "." + name).toList();
    }
    if (section.equals("## Configuration")) {
      List<String> all = new ArrayList<>();
      for (String port : List.of("payments", "email", "storage")) {
        factoriesOf("switchboard." + port + ".")
            .forEach(p -> all.add("switchboard." + port + "." + p + "." + name));
      }
      return all;
    }
    throw new AssertionError("a key table in " + section + " that this test does not know");
  }

  /** The names that have a {@code type} key under {@code prefix}: the factories there. */
  private static List<String> factoriesOf(String prefix) {
    Set<String> names = new TreeSet<>();
    for (String key : declared.keySet()) {
      if (key.startsWith(prefix) && key.endsWith("." + CoreKeys.TYPE.name())) {
        String rest = key.substring(prefix.length());
        if (rest.indexOf('.') == rest.lastIndexOf('.')) {
          names.add(rest.substring(0, rest.indexOf('.')));
        }
      }
    }
    return List.copyOf(names);
  }

  /** A key documented twice (a module's README and the root's) has its default checked once. */
  private static void check(String full, String documentedDefault) {
    if (documented.containsKey(full)) {
      return;
    }
    documented.put(full, documentedDefault == null ? "" : documentedDefault);
    ConfigKeyCatalog.Entry entry = declared.get(full);
    if (entry == null) {
      mismatches.add(full + ": documented but not declared");
      return;
    }
    if (documentedDefault == null) {
      return;
    }
    String wanted = vendorDefault(full, documentedDefault);
    if (!sameDefault(entry.key(), wanted)) {
      mismatches.add(
          full
              + ": the README says the default is '"
              + wanted
              + "', the declaration '"
              + entry.key().documentedDefault()
              + "'");
    }
  }

  /** {@code Stripe 300s, PayPal 5m} names each vendor's default. */
  private static String vendorDefault(String full, String cell) {
    Matcher pairs = Pattern.compile("([A-Z][A-Za-z0-9]+) (\\S+?)(,|$)").matcher(cell);
    Map<String, String> byVendor = new TreeMap<>();
    while (pairs.find()) {
      byVendor.put(pairs.group(1).toLowerCase(Locale.ROOT), pairs.group(2));
    }
    if (byVendor.size() > 1 && full.startsWith("switchboard.webhooks.")) {
      String vendor = full.substring("switchboard.webhooks.".length()).split("\\.")[0];
      return byVendor.getOrDefault(vendor, cell);
    }
    return cell;
  }

  private static boolean sameDefault(ConfigKey<?> key, String documented) {
    String doc = plain(documented);
    String declaredText = plain(key.documentedDefault());
    if (doc.equalsIgnoreCase(declaredText)) {
      return true;
    }
    String docFirst = firstToken(doc);
    String declaredFirst = firstToken(declaredText);
    switch (key.type()) {
      case DURATION:
        return duration(docFirst) != null && duration(docFirst).equals(duration(declaredFirst));
      case INTEGER:
      case LONG:
      case DECIMAL:
        try {
          return Double.parseDouble(docFirst) == Double.parseDouble(declaredFirst);
        } catch (NumberFormatException e) {
          return false;
        }
      default:
        return false;
    }
  }

  private static String plain(String text) {
    return text.replace("`", "").strip();
  }

  private static String firstToken(String text) {
    return text.split("[\\s,]+")[0];
  }

  private static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    if (n == 0) {
      return Duration.ZERO;
    }
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  @Test
  void everyDocumentedKeyIsDeclaredWithTheDocumentedDefault() {
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyDeclaredKeyIsDocumented() {
    assertThat(documented).isNotEmpty();
    assertThat(new TreeSet<>(declared.keySet())).isSubsetOf(documented.keySet());
  }

  @Test
  void everyPropertiesExampleInTheReadmesUsesDeclaredKeysOnly() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    int blocks = 0;
    try (var files = Files.list(root)) {
      List<Path> readmes = new ArrayList<>(List.of(root.resolve("README.md")));
      files.map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).forEach(readmes::add);
      for (Path readme : readmes) {
        for (Map<String, String> block : propertiesBlocks(Files.readString(readme))) {
          blocks++;
          ConfigKeyCatalog.discover()
              .check(SwitchboardConfig.fromMap(block))
              .forEach(p -> problems.add(root.relativize(readme) + ": " + p));
        }
      }
    }
    assertThat(blocks).isGreaterThan(5);
    assertThat(problems).isEmpty();
  }

  /** The {@code switchboard.*} lines of each fenced block, as key-value maps. */
  private static List<Map<String, String>> propertiesBlocks(String markdown) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> block = null;
    Pattern line = Pattern.compile("^(switchboard\\.[a-z0-9.<>-]+)\\s*=\\s*(\\S.*?)\\s*(#.*)?$");
    for (String text : markdown.lines().toList()) {
      if (text.startsWith("```")) {
        if (block != null && !block.isEmpty()) {
          blocks.add(block);
        }
        block = block == null ? new LinkedHashMap<>() : null;
        continue;
      }
      Matcher m = line.matcher(text.strip());
      if (block != null && m.matches() && !m.group(1).contains("<")) {
        block.put(m.group(1), m.group(2));
      }
    }
    return blocks;
  }

  @Test
  void theTyposTheIssueNamesAreDeclaredCorrectly() {
    assertThat(declared).containsKey("switchboard.payments.stripe.retry.max-attempts");
    assertThat(declared).doesNotContainKey("switchboard.payments.stripe.retry.max-attemps");
  }
}
