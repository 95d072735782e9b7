package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks and copies the key-value metadata that requests carry, within every vendor's limits, and
 * the optional free-text fields of requests.
 */
final class RequestChecks {
  static final int MAX_ENTRIES = 50;
  static final int MAX_KEY_LENGTH = 40;
  static final int MAX_VALUE_LENGTH = 500;

  private RequestChecks() {}

  /** An unmodifiable copy in the caller's order, after checking the limits a request must meet. */
  static Map<String, String> checkedCopy(Map<String, String> metadata) {
    Map<String, String> copy = copy(metadata);
    if (copy.size() > MAX_ENTRIES) {
      throw invalidField(
          "metadata",
          "metadata holds " + copy.size() + " entries, more than the " + MAX_ENTRIES + " allowed");
    }
    copy.forEach(
        (key, value) -> {
          if (key.isBlank()) {
            throw invalidField("metadata", "metadata key is blank");
          }
          if (key.length() > MAX_KEY_LENGTH) {
            throw invalidField(
                "metadata",
                "metadata key \""
                    + key
                    + "\" is "
                    + key.length()
                    + " characters, more than the "
                    + MAX_KEY_LENGTH
                    + " allowed");
          }
          if (value.length() > MAX_VALUE_LENGTH) {
            throw invalidField(
                "metadata",
                "metadata value for \""
                    + key
                    + "\" is "
                    + value.length()
                    + " characters, more than the "
                    + MAX_VALUE_LENGTH
                    + " allowed");
          }
        });
    return copy;
  }

  /** Optional free text: null stays null, blank is rejected. */
  static String optionalText(String field, String value) {
    if (value != null && value.isBlank()) {
      throw invalidField(field, field + " is blank");
    }
    return value;
  }

  /** An unmodifiable copy in the caller's order, rejecting only null keys and values. */
  static Map<String, String> copy(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata == null");
    if (metadata.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    metadata.forEach(
        (key, value) -> {
          Objects.requireNonNull(key, "metadata key == null");
          Objects.requireNonNull(value, () -> "metadata value for \"" + key + "\" == null");
          copy.put(key, value);
        });
    return Collections.unmodifiableMap(copy);
  }
}
