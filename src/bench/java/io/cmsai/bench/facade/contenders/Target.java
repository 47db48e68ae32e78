package io.cmsai.bench.facade.contenders;

import java.net.URI;

/** Where to send streams: a path's name and its chat completions endpoint. */
public record Target(String name, String host, int port, String path) {
  public static final String DIRECT = "direct";
  public static final String NGINX = "nginx";
  public static final String FACADE = "facade";

  /** A target from an absolute http URL. */
  public static Target of(String name, String url) {
    URI uri = URI.create(url);
    return new Target(name, uri.getHost(), uri.getPort(), uri.getRawPath());
  }
}
