package io.cmsai.indexing;

/**
 * How content is cut and fed to the embedding model.
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

  /** The defaults: 256-token chunks, 32 overlap, 25 % context, 2 M characters, 16 items. */
  public static final IndexSettings DEFAULTS = new IndexSettings(256, 32, 0.25, 2_000_000, 16);

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
