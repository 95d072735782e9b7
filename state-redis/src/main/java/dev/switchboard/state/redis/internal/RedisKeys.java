package dev.switchboard.state.redis.internal;

/**
 * The key layout. Every operation touches exactly one key, and the part of a key that names the
 * record sits in a hash tag, so in Redis Cluster its slot is decided by the record alone: braces
 * inside a caller's key or id are escaped and can neither end the tag early nor pile unrelated
 * records onto one slot.
 *
 * <pre>
 * {prefix}ledger:{scope:key}       a key ledger record
 * {prefix}replay:{namespace:id}    a replay guard's claim or completed id
 * {prefix}quota:{provider}         the last quota a vendor reported
 * {prefix}rate:{name:limit/period} a rate budget's token bucket (Bucket4j's format)
 * </pre>
 */
public final class RedisKeys {
  private final String prefix;

  public RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  public String ledger(String scope, String key) {
    return tagged("ledger:", escape(scope, true) + ':' + escape(key, false));
  }

  public String replay(String namespace, String id) {
    return tagged("replay:", escape(namespace, true) + ':' + escape(id, false));
  }

  public String quota(String provider) {
    return tagged("quota:", escape(provider, false));
  }

  public String rate(String bucketKey) {
    return tagged("rate:", escape(bucketKey, false));
  }

  private String tagged(String kind, String tag) {
    return prefix + kind + '{' + tag + '}';
  }

  /**
   * Percent-escapes what would break the layout: the escape itself, braces, and in the first part
   * of a pair the colon that separates it from the second. The mapping is one-to-one, so two
   * records never share a key.
   */
  static String escape(String value, boolean escapeColon) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '%' -> "%25";
            case '{' -> "%7B";
            case '}' -> "%7D";
            case ':' -> escapeColon ? "%3A" : null;
            default -> null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }
}
