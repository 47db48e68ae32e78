package io.cmsai.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of a benchmark program as {@code --name value} pairs. Not thread-safe; read once
 * at start.
 */
public final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException when an argument is not a {@code --name} followed by a value
   */
  public Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * The value of {@code --name}, else the fallback.
   *
   * @throws IllegalArgumentException when both are missing (a null fallback marks it required)
   */
  public String get(String name, String fallback) {
    String v = values.getOrDefault(name, fallback);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  public int getInt(String name, int fallback) {
    return Integer.parseInt(get(name, Integer.toString(fallback)));
  }
}
