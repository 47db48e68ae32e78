package io.cmsai.config;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a connection goes: a host as written in a URL (name or IP literal, IPv6 without brackets,
 * lower case, no trailing dot) and a port.
 *
 * @param host the host name or address
 * @param port the port, {@code -1} when not known
 */
public record Destination(String host, int port) {

  public Destination {
    Objects.requireNonNull(host, "host");
    host = normalise(host);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("a destination needs a host");
    }
  }

  /**
   * The destination of an {@code http(s)://} URL (default ports 80 and 443).
   *
   * @throws IllegalArgumentException when the URL has no host
   */
  public static Destination of(URI url) {
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the URL has no host");
    }
    int port = url.getPort();
    if (port < 0) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }
    return new Destination(url.getHost(), port);
  }

  /** {@code host:port}, IPv6 in brackets. */
  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return port < 0 ? h : h + ":" + port;
  }

  static String normalise(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }
}
