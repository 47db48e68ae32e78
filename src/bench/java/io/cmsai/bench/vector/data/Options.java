package io.cmsai.bench.vector.data;

import java.util.LinkedHashMap;
import java.util.Map;

public final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();

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
