package io.cmsai.content;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every {@link ContentSource} of the application, by name. The demo corpus is included only while
 * it is enabled (see {@link DemoContent}). Thread-safe.
 */
@ApplicationScoped
public class ContentSources {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

  private final List<ContentSource> all;
  private final DemoContent demo;

  /** For CDI proxies only. */
  protected ContentSources() {
    this.all = List.of();
    this.demo = null;
  }

  @Inject
  public ContentSources(Instance<ContentSource> sources, DemoContent demo) {
    this(sources.stream().toList(), demo);
  }

  /** Over explicit sources (tests, tools). */
  public ContentSources(List<ContentSource> sources, DemoContent demo) {
    Map<String, ContentSource> byName = new HashMap<>();
    for (ContentSource source : sources) {
      String name = checkName(source.name());
      ContentSource previous = byName.putIfAbsent(name, source);
      if (previous != null) {
        throw new IllegalStateException(
            "two content sources are named '"
                + name
                + "': "
                + previous.getClass().getName()
                + " and "
                + source.getClass().getName());
      }
    }
    List<ContentSource> sorted = new ArrayList<>(byName.values());
    sorted.sort(Comparator.comparing(ContentSource::name));
    this.all = List.copyOf(sorted);
    this.demo = demo;
  }

  /** The sources a full re-index lists, ordered by name. */
  public List<ContentSource> active() {
    boolean demoOn = demo.enabled(hostSources());
    return all.stream().filter(s -> !s.name().equals(DemoContent.SOURCE) || demoOn).toList();
  }

  /** The active source named {@code name}. */
  public Optional<ContentSource> find(String name) {
    return active().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** How many sources the host application contributes (not push or demo). */
  public long hostSources() {
    return all.stream()
        .filter(s -> !s.name().equals(DemoContent.SOURCE) && !s.name().equals(PushedContent.SOURCE))
        .count();
  }

  /**
   * {@code name}, checked.
   *
   * @throws IllegalArgumentException when it is not {@code [a-z0-9_-]{1,32}}
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a content source name is 1..32 of a-z, 0-9, '_' and '-', got '" + name + "'");
    }
    return name;
  }
}
