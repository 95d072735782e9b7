package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.util.regex.Pattern;

/** Checks media types, so that a malformed one is refused before it reaches a vendor. */
final class ContentTypes {
  static final String DEFAULT = "application/octet-stream";

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

  private ContentTypes() {}

  static String requireValid(String contentType) {
    if (contentType == null) {
      throw InvalidRequestException.invalidField("contentType", "contentType == null");
    }
    if (contentType.length() > MAX_LENGTH || !MEDIA_TYPE.matcher(contentType).matches()) {
      throw InvalidRequestException.invalidField(
          "contentType",
          "contentType must be a media type such as text/plain or image/png; charset=x, was \""
              + (contentType.length() > 64 ? contentType.substring(0, 64) + "..." : contentType)
              + "\"");
    }
    return contentType;
  }
}
