package io.cmsai.indexing;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import java.util.List;
import java.util.Optional;

/**
 * How content is cut and fed to the embedding model: keys {@code cms.ai.index.*}, each declared
 * once below (set in configuration only, read at start).
 *
 * @param chunkTokens the largest chunk in the model's tokens, title prefix included (capped at the
 *     model's input limit when indexing)
 * @param overlapTokens tokens a chunk repeats from the end of the previous one
 * @param contextShare the largest share of a chunk the title and context lines may take (0–0.5)
 * @param maxBodyChars HTML bodies longer than this are cut (the item is marked truncated)
 * @param itemsPerBatch items per indexing batch (one embedding call sequence, one checkpoint)
 */
public record IndexSettings(
    int chunkTokens, int overlapTokens, double contextShare, int maxBodyChars, int itemsPerBatch) {

  /** Prefix of every key. */
  public static final String PREFIX = "cms.ai.index.";

  public static final Setting<Integer> CHUNK_TOKENS =
      Setting.of(
          PREFIX + "chunk-tokens",
          SettingType.integer(32, 8192),
          256,
          "Chunk size",
          "The largest chunk in the embedding model's tokens, title prefix included (capped at"
              + " the model's input limit).");

  public static final Setting<Integer> OVERLAP_TOKENS =
      Setting.of(
          PREFIX + "overlap-tokens",
          SettingType.atLeast(0),
          32,
          "Chunk overlap",
          "Tokens a chunk repeats from the end of the previous one; less than half a chunk.");

  public static final Setting<Double> CONTEXT_SHARE =
      Setting.of(
          PREFIX + "context-share",
          SettingType.decimal(0, 0.5),
          0.25,
          "Context share",
          "The largest share of a chunk the title and context lines may take.");

  public static final Setting<Integer> MAX_BODY_CHARS =
      Setting.of(
          PREFIX + "max-body-chars",
          SettingType.atLeast(1000),
          2_000_000,
          "Body limit",
          "Longer bodies (characters) are cut before parsing, and the item is marked truncated;"
              + " HTML parsing needs about 11 MB of heap per MB.");

  public static final Setting<Integer> ITEMS_PER_BATCH =
      Setting.of(
          PREFIX + "items-per-batch",
          SettingType.integer(1, 1000),
          16,
          "Items per batch",
          "Items per indexing batch: one embedding call sequence, one checkpoint.");

  /** Whether a first full re-index starts by itself (read by {@link ContentIndex}). */
  public static final Setting<Boolean> AUTO_REBUILD =
      Setting.of(
          PREFIX + "auto-rebuild",
          SettingType.BOOLEAN,
          true,
          "Rebuild automatically",
          "Start a first full re-index when the index is empty and there is content.");

  /** Every indexing setting, and how they make {@link IndexSettings}. */
  public static final SettingGroup<IndexSettings> SETTINGS =
      new SettingGroup<>(
          "Indexing",
          PREFIX,
          List.of(
              CHUNK_TOKENS,
              OVERLAP_TOKENS,
              CONTEXT_SHARE,
              MAX_BODY_CHARS,
              ITEMS_PER_BATCH,
              AUTO_REBUILD),
          v ->
              new IndexSettings(
                  v.get(CHUNK_TOKENS),
                  v.get(OVERLAP_TOKENS),
                  v.get(CONTEXT_SHARE),
                  v.get(MAX_BODY_CHARS),
                  v.get(ITEMS_PER_BATCH)));

  /** The defaults of the settings above. */
  public static final IndexSettings DEFAULTS = SETTINGS.read(key -> Optional.empty());

  public IndexSettings {
    if (chunkTokens < 32 || chunkTokens > 8192) {
      throw new IllegalArgumentException(
          "cms.ai.index.chunk-tokens must be 32..8192, got " + chunkTokens);
    }
    if (overlapTokens < 0 || overlapTokens >= chunkTokens / 2) {
      throw new IllegalArgumentException(
          "cms.ai.index.overlap-tokens must be 0.."
              + (chunkTokens / 2 - 1)
              + ", got "
              + overlapTokens);
    }
    if (!(contextShare >= 0 && contextShare <= 0.5)) {
      throw new IllegalArgumentException(
          "cms.ai.index.context-share must be 0..0.5, got " + contextShare);
    }
    if (maxBodyChars < 1000) {
      throw new IllegalArgumentException(
          "cms.ai.index.max-body-chars must be at least 1000, got " + maxBodyChars);
    }
    if (itemsPerBatch < 1 || itemsPerBatch > 1000) {
      throw new IllegalArgumentException(
          "cms.ai.index.items-per-batch must be 1..1000, got " + itemsPerBatch);
    }
  }
}
