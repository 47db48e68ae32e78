package io.cmsai.bench.facade.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake upstream's control endpoints ({@code /_bench/config}, {@code /_bench/stats}), called
 * directly, never through a relay. Each call blocks until the upstream answers.
 */
public final class UpstreamControl {
  private static final Pattern STREAMS_STARTED = Pattern.compile("\"streams_started\":(\\d+)");
  private final String base;

  /** {@code base}: the upstream's root URL, e.g. {@code http://127.0.0.1:8000}. */
  public UpstreamControl(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** Sets the next streams' tokens and pacing; returns the upstream's answer. */
  public String configure(int tokens, double delayMs) throws IOException, InterruptedException {
    return httpGet(base + "/_bench/config?tokens=" + tokens + "&delay_ms=" + delayMs);
  }

  /** Streams the upstream has started so far, or -1 when its answer has no count. */
  public long streamsStarted() throws IOException, InterruptedException {
    Matcher m = STREAMS_STARTED.matcher(httpGet(base + "/_bench/stats"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String httpGet(String url) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
