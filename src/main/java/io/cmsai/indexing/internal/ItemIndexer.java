package io.cmsai.indexing.internal;

import io.cmsai.content.ContentItem;
import io.cmsai.embeddings.EmbeddingModel;
import io.cmsai.indexing.IndexFields;
import io.cmsai.indexing.IndexOutcome;
import io.cmsai.indexing.IndexSettings;
import io.cmsai.indexing.SourcedItem;
import io.cmsai.indexing.internal.Catalog.ChunkRow;
import io.cmsai.indexing.internal.Catalog.ItemRow;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brings the vector store and the catalogue in line with a batch of items. The order of steps makes
 * every crash recoverable by running the same batch again:
 *
 * <ol>
 *   <li>classify: compare each published item with its catalogue row; unchanged items are only
 *       recorded as seen;
 *   <li>plan: chunk each changed item; a chunk's vector id is derived from its content (and the
 *       item's metadata), so unchanged chunks keep their ids and are not embedded again;
 *   <li>record pending: the ids about to be written, as pending in the catalogue (committed first:
 *       the store never holds a vector the catalogue does not know);
 *   <li>write: embed the new chunks in batches, upsert them, delete the item's vectors that are no
 *       longer wanted;
 *   <li>commit the catalogue: obsolete rows gone, new rows live, item rows saved.
 * </ol>
 *
 * Not thread-safe: callers serialise writes (the pipeline holds a lock).
 */
public final class ItemIndexer {

  private static final int UPSERT_SLICE = 512;

  private final Database database;
  private final VectorStore store;
  private final EmbeddingModel model;
  private final Chunker chunker;
  private final IndexSettings settings;
  private final String policy;
  private final Clock clock;

  /** The embedded text and metadata of one chunk, before embedding. */
  private record Planned(String vectorId, String hash, String text, Map<String, Object> metadata) {}

  /** A changed item with what the catalogue knows of it. */
  private record Known(SourcedItem item, String hash, Map<String, ChunkRow> existing) {}

  /** Published items split by whether the catalogue holds them as they are. */
  private record Classified(List<Known> changed, List<SourcedItem> unchanged) {}

  /** Vectors to write (by id, in plan order) and to delete. */
  private record Changes(Map<String, Planned> toWrite, Set<String> toDelete) {}

  /** What one changed item needs. */
  private record Plan(
      SourcedItem item,
      String hash,
      boolean truncated,
      Map<String, Planned> desired,
      Map<String, ChunkRow> existing) {}

  public ItemIndexer(
      Database database,
      VectorStore store,
      EmbeddingModel model,
      EmbeddingFingerprint fingerprint,
      IndexSettings settings,
      Clock clock) {
    this.database = database;
    this.store = store;
    this.model = model;
    this.settings = settings;
    int maxTokens = Math.min(settings.chunkTokens(), model.maxInputTokens());
    int overlap = Math.min(settings.overlapTokens(), Math.max(0, maxTokens / 2 - 1));
    this.chunker =
        new Chunker(
            model.tokenCounter(), new ChunkingPolicy(maxTokens, overlap, settings.contextShare()));
    this.policy =
        fingerprint.model()
            + "|"
            + fingerprint.dimension()
            + "|"
            + maxTokens
            + "|"
            + overlap
            + "|"
            + settings.contextShare()
            + "|"
            + settings.maxBodyChars();
    this.clock = clock;
  }

  /**
   * Indexes {@code items}: changed and new ones are chunked, embedded and written; unchanged ones
   * only recorded as seen by {@code runId}; unpublished ones removed.
   *
   * @param runId the full re-index run that sees these items (the latest run for incremental
   *     changes), recorded on each item so the run's orphan sweep keeps it
   * @throws RuntimeException when embedding or the store fails: nothing recorded as live that was
   *     not written; running the batch again completes it
   */
  public IndexOutcome index(List<SourcedItem> items, long runId) {
    List<SourcedItem> published = new ArrayList<>();
    List<SourcedItem> unpublished = new ArrayList<>();
    for (SourcedItem item : dedupe(items)) {
      (item.item().published() ? published : unpublished).add(item);
    }
    Classified classified = classify(published);
    List<String> problems = new ArrayList<>();
    List<Plan> plans = plan(classified.changed(), problems);
    Changes changes = changes(plans);
    recordPending(plans, changes, classified.unchanged(), runId);
    writeVectors(new ArrayList<>(changes.toWrite().values()));
    if (!changes.toDelete().isEmpty()) {
      store.delete(changes.toDelete());
    }
    commit(plans, changes, runId);
    int removed =
        remove(unpublished.stream().map(i -> new String[] {i.source(), i.item().id()}).toList());
    return new IndexOutcome(
        plans.size(),
        classified.unchanged().size(),
        removed,
        changes.toWrite().size(),
        changes.toDelete().size(),
        problems);
  }

  /** Step 1, classify: which items changed since the catalogue recorded them (one transaction). */
  private Classified classify(List<SourcedItem> published) {
    List<Known> changed = new ArrayList<>();
    List<SourcedItem> unchanged = new ArrayList<>();
    database.withConnection(
        c -> {
          for (SourcedItem item : published) {
            String hash = itemHash(item);
            Optional<ItemRow> row = Catalog.item(c, item.source(), item.item().id());
            Map<String, ChunkRow> existing = Catalog.chunks(c, item.source(), item.item().id());
            if (row.isPresent()
                && row.get().hash().equals(hash)
                && existing.values().stream().allMatch(ChunkRow::live)) {
              unchanged.add(item);
            } else {
              changed.add(new Known(item, hash, existing));
            }
          }
          return null;
        });
    return new Classified(changed, unchanged);
  }

  /**
   * Step 2, plan: chunks each changed item, outside any transaction (parsing and chunking take up
   * to seconds for a large body). An item that cannot be planned is added to {@code problems}.
   */
  private List<Plan> plan(List<Known> changed, List<String> problems) {
    List<Plan> plans = new ArrayList<>();
    for (Known known : changed) {
      try {
        plans.add(plan(known.item(), known.hash(), known.existing()));
      } catch (RuntimeException e) {
        problems.add(known.item().key() + ": " + e.getMessage());
      }
    }
    return plans;
  }

  /** The vectors the plans write (new, or recorded but never confirmed) and delete. */
  private static Changes changes(List<Plan> plans) {
    Map<String, Planned> toWrite = new LinkedHashMap<>();
    Set<String> toDelete = new LinkedHashSet<>();
    for (Plan plan : plans) {
      plan.desired()
          .forEach(
              (id, planned) -> {
                ChunkRow known = plan.existing().get(id);
                if (known == null || !known.live()) {
                  toWrite.put(id, planned);
                }
              });
      plan.existing().keySet().stream()
          .filter(id -> !plan.desired().containsKey(id))
          .forEach(toDelete::add);
    }
    return new Changes(toWrite, toDelete);
  }

  /**
   * Step 3, record pending: the ids about to be written, committed before the store sees them; the
   * unchanged items are recorded as seen by {@code runId} in the same transaction.
   */
  private void recordPending(
      List<Plan> plans, Changes changes, List<SourcedItem> unchanged, long runId) {
    List<ChunkRow> pending = new ArrayList<>();
    for (Plan plan : plans) {
      for (Planned planned : plan.desired().values()) {
        if (changes.toWrite().containsKey(planned.vectorId())) {
          pending.add(
              new ChunkRow(
                  planned.vectorId(),
                  plan.item().source(),
                  plan.item().item().id(),
                  planned.hash(),
                  false));
        }
      }
    }
    database.withConnection(
        c -> {
          Catalog.recordPending(c, pending);
          for (SourcedItem item : unchanged) {
            Catalog.touch(c, item.source(), item.item().id(), runId);
          }
          return null;
        });
  }

  /**
   * Step 5, commit (after the vectors were written and the obsolete ones deleted): obsolete rows
   * gone, new rows live, item rows saved, in one transaction.
   */
  private void commit(List<Plan> plans, Changes changes, long runId) {
    database.withConnection(
        c -> {
          Catalog.forget(c, changes.toDelete());
          Catalog.markLive(c, changes.toWrite().keySet());
          for (Plan plan : plans) {
            Catalog.saveItem(c, itemRow(plan, runId), clock.instant());
          }
          return null;
        });
  }

  private static ItemRow itemRow(Plan plan, long runId) {
    ContentItem item = plan.item().item();
    return new ItemRow(
        plan.item().source(),
        item.id(),
        plan.hash(),
        item.title(),
        item.url(),
        item.language(),
        plan.desired().size(),
        plan.truncated(),
        runId);
  }

  /**
   * Removes items (deleted or unpublished) from the store and the catalogue.
   *
   * @param requested {source, item id} pairs
   * @return how many of them were indexed
   */
  public int remove(List<String[]> requested) {
    Map<String, String[]> unique = new LinkedHashMap<>();
    requested.forEach(key -> unique.putIfAbsent(key[0] + "\u0000" + key[1], key));
    List<String[]> keys = new ArrayList<>(unique.values());
    if (keys.isEmpty()) {
      return 0;
    }
    List<String> vectorIds = new ArrayList<>();
    int[] known = {0};
    database.withConnection(
        c -> {
          for (String[] key : keys) {
            if (Catalog.item(c, key[0], key[1]).isPresent()) {
              known[0]++;
            }
            vectorIds.addAll(Catalog.chunks(c, key[0], key[1]).keySet());
          }
          return null;
        });
    if (!vectorIds.isEmpty()) {
      store.delete(vectorIds);
    }
    database.withConnection(
        c -> {
          Catalog.forget(c, vectorIds);
          for (String[] key : keys) {
            Catalog.deleteItem(c, key[0], key[1]);
          }
          return null;
        });
    return known[0];
  }

  /** Deletes recorded vectors that have no item row (left by a crash), up to {@code limit}. */
  public int removeStrays(int limit) {
    List<String> ids = database.withConnection(c -> Catalog.strayChunks(c, limit));
    if (!ids.isEmpty()) {
      store.delete(ids);
      database.withConnection(
          c -> {
            Catalog.forget(c, ids);
            return null;
          });
    }
    return ids.size();
  }

  /** Step 4, write: embeds {@code planned} in slices and upserts each slice. */
  private void writeVectors(List<Planned> planned) {
    for (int from = 0; from < planned.size(); from += UPSERT_SLICE) {
      List<Planned> slice = planned.subList(from, Math.min(planned.size(), from + UPSERT_SLICE));
      List<float[]> vectors = model.embed(slice.stream().map(Planned::text).toList());
      List<VectorRecord> records = new ArrayList<>(slice.size());
      for (int i = 0; i < slice.size(); i++) {
        Planned p = slice.get(i);
        records.add(new VectorRecord(p.vectorId(), vectors.get(i), p.text(), p.metadata()));
      }
      store.upsert(records);
    }
  }

  private Plan plan(SourcedItem sourced, String hash, Map<String, ChunkRow> existing) {
    ContentItem item = sourced.item();
    String html = item.bodyHtml();
    boolean truncated = html.length() > settings.maxBodyChars();
    if (truncated) {
      html = html.substring(0, settings.maxBodyChars());
    }
    String text = HtmlText.toText(html);
    List<String> context = new ArrayList<>();
    if (!item.tags().isEmpty()) {
      context.add("Tags: " + String.join(", ", item.tags()));
    }
    Map<String, Object> metadata = metadata(sourced);
    String metadataKey = new TreeMap<>(metadata).toString();
    Map<String, Planned> desired = new LinkedHashMap<>();
    Map<String, Integer> occurrences = new HashMap<>();
    for (TextChunk chunk : chunker.chunk(item.title(), context, text)) {
      String hash64 = hex(IndexFields.sha256(policy + "\n" + metadataKey + "\n" + chunk.text()));
      int n = occurrences.merge(hash64, 1, Integer::sum) - 1;
      String id = sourced.key() + "#" + hash64.substring(0, 16) + (n == 0 ? "" : "-" + n);
      Map<String, Object> chunkMetadata = new LinkedHashMap<>(metadata);
      chunkMetadata.put(IndexFields.BODY_AT, (long) bodyAt(chunk));
      desired.put(id, new Planned(id, hash64, chunk.text(), chunkMetadata));
    }
    return new Plan(sourced, hash, truncated, desired, existing);
  }

  private static int bodyAt(TextChunk chunk) {
    int at = chunk.text().length() - chunk.body().length();
    return at >= 0 && chunk.text().endsWith(chunk.body()) ? at : 0;
  }

  private static Map<String, Object> metadata(SourcedItem sourced) {
    ContentItem item = sourced.item();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(IndexFields.SOURCE, sourced.source());
    metadata.put(IndexFields.ITEM, item.id());
    metadata.put(IndexFields.TITLE, item.title());
    metadata.put(IndexFields.URL, item.url());
    metadata.put(IndexFields.LANGUAGE, IndexFields.primaryLanguage(item.language()));
    metadata.put(IndexFields.TYPE, item.type());
    metadata.put(IndexFields.PUBLIC, item.isPublic());
    for (String tag : item.tags()) {
      metadata.put(IndexFields.tag(tag), true);
    }
    for (String group : item.accessGroups()) {
      metadata.put(IndexFields.group(group), true);
    }
    return metadata;
  }

  private String itemHash(SourcedItem sourced) {
    ContentItem item = sourced.item();
    String body = item.bodyHtml();
    if (body.length() > settings.maxBodyChars()) {
      body = body.substring(0, settings.maxBodyChars());
    }
    return hex(
        IndexFields.sha256(
            String.join(
                "\u0000",
                policy,
                sourced.key(),
                item.title(),
                item.url(),
                item.language(),
                item.type(),
                String.join(",", item.tags()),
                String.join(",", item.accessGroups()),
                body)));
  }

  private static List<SourcedItem> dedupe(List<SourcedItem> items) {
    Map<String, SourcedItem> last = new LinkedHashMap<>();
    for (SourcedItem item : items) {
      last.remove(item.key());
      last.put(item.key(), item);
    }
    return new ArrayList<>(last.values());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
