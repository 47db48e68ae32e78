package io.cmsai.content;

import io.cmsai.platform.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.eclipse.microprofile.config.Config;

/**
 * The demo site's content: sections of The Debian Administrator's Handbook shipped with the module
 * ({@code demo/corpus.jsonl.gz}, licence in {@code demo/NOTICE.md}), the content source {@value
 * #SOURCE}. Each item's URL is {@code demo/<id>}, served by the demo page servlet.
 *
 * <p>{@code cms.ai.demo.enabled}: {@code auto} (default) indexes the demo only while the
 * application has no content source of its own, {@code true} always, {@code false} never. The
 * corpus is read once, on first use. Thread-safe.
 */
@ApplicationScoped
public class DemoContent implements ContentSource {

  /** The source name of the demo corpus. */
  public static final String SOURCE = "demo";

  /** The class-path resource of the corpus. */
  public static final String RESOURCE = "demo/corpus.jsonl.gz";

  /** The corpus, read once: items ordered by id, their ids, items and origins by id. */
  private record Corpus(
      List<ContentItem> items,
      List<String> ids,
      Map<String, ContentItem> byId,
      Map<String, String> origins) {}

  private final String mode;
  private volatile Corpus corpus;

  /** For CDI proxies only. */
  protected DemoContent() {
    this.mode = "auto";
  }

  @Inject
  public DemoContent(Config config) {
    this(ContentSettings.DEMO.read(config));
  }

  /**
   * @param mode {@code auto}, {@code true} or {@code false}
   */
  public DemoContent(String mode) {
    String m = mode.strip().toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("true") && !m.equals("false")) {
      throw new IllegalArgumentException(
          "cms.ai.demo.enabled must be auto, true or false, got '" + mode + "'");
    }
    this.mode = m;
  }

  @Override
  public String name() {
    return SOURCE;
  }

  /** Whether the demo is indexed, given how many content sources the host application has. */
  public boolean enabled(long hostSources) {
    return mode.equals("true") || (mode.equals("auto") && hostSources == 0);
  }

  @Override
  public List<ContentItem> list(String afterId, int limit) {
    Corpus c = corpus();
    int from = 0;
    if (afterId != null) {
      int found = Collections.binarySearch(c.ids(), afterId);
      from = found >= 0 ? found + 1 : -found - 1;
    }
    return List.copyOf(c.items().subList(from, Math.min(c.items().size(), from + limit)));
  }

  @Override
  public long count() {
    return corpus().items().size();
  }

  /** The demo item {@code id}. */
  public Optional<ContentItem> find(String id) {
    return Optional.ofNullable(corpus().byId().get(id));
  }

  /** The online address of the handbook section demo item {@code id} was taken from. */
  public Optional<String> origin(String id) {
    return Optional.ofNullable(corpus().origins().get(id));
  }

  /** Every demo item, ordered by id. */
  public List<ContentItem> items() {
    return corpus().items();
  }

  private Corpus corpus() {
    Corpus loaded = corpus;
    if (loaded == null) {
      synchronized (this) {
        if (corpus == null) {
          corpus = load();
        }
        loaded = corpus;
      }
    }
    return loaded;
  }

  private static Corpus load() {
    InputStream raw = DemoContent.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (raw == null) {
      throw new IllegalStateException("the demo corpus " + RESOURCE + " is not on the class path");
    }
    Map<String, ContentItem> byId = new TreeMap<>();
    Map<String, String> origins = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          JsonObject json = Jsons.readObject(line);
          ContentItem item = item(json);
          byId.put(item.id(), item);
          origins.put(item.id(), json.getString("origin", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo corpus " + RESOURCE, e);
    }
    return new Corpus(
        List.copyOf(byId.values()),
        List.copyOf(byId.keySet()),
        Map.copyOf(byId),
        Map.copyOf(origins));
  }

  private static ContentItem item(JsonObject json) {
    String id = json.getString("id");
    Set<String> tags = new TreeSet<>();
    JsonValue array = json.get("tags");
    if (array != null && array.getValueType() == JsonValue.ValueType.ARRAY) {
      array.asJsonArray().forEach(v -> tags.add(((JsonString) v).getString()));
    }
    return new ContentItem(
        id,
        json.getString("title"),
        json.getString("body"),
        "demo/" + id,
        json.getString("language"),
        tags,
        json.getString("type", "page"),
        true,
        Set.of(),
        LocalDate.parse(json.getString("modified")).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
