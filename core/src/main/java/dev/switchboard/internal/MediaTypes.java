package dev.switchboard.internal;

import dev.switchboard.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks media types ({@code type/subtype; param=value}), so that a malformed one is refused before
 * it reaches a vendor. Shared by the email and storage models.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class MediaTypes {
  /** The media type of bytes nobody described. */
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final int MAX_LENGTH = 255;
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final String QUOTED = "\"(?:[^\"\\\\\\p{Cntrl}]|\\\\[\\x20-\\x7e])*\"";
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          TOKEN
              + "/"
              + TOKEN
              + "(?:[ \\t]*;[ \\t]*"
              + TOKEN
              + "=(?:"
              + TOKEN
              + "|"
              + QUOTED
              + "))*");

  private MediaTypes() {}

  /**
   * Returns {@code contentType} when it is a well-formed media type of at most 255 characters.
   *
   * @param field the name the error gives the field, such as {@code contentType}
   * @throws InvalidRequestException naming the field and the value otherwise
   */
  public static String requireValid(String field, String contentType) {
    Objects.requireNonNull(contentType, () -> field + " == null");
    if (contentType.length() > MAX_LENGTH || !MEDIA_TYPE.matcher(contentType).matches()) {
      throw InvalidRequestException.invalidField(
          field,
          field
              + " must be a media type such as text/plain or image/png; charset=x, was \""
              + (contentType.length() > 64 ? contentType.substring(0, 64) + "..." : contentType)
              + "\"");
    }
    return contentType;
  }
}
