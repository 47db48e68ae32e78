package io.cmsai.indexing.internal;

import io.cmsai.indexing.IndexFreshness;
import java.util.Optional;

/**
 * Decides the index's {@link IndexFreshness} from what the status gathered, with the sentence the
 * console shows beside it. The first rule that applies wins: an unreachable store, then a store of
 * another model, then an empty catalogue, then an unfinished or foreign build. Pure and
 * thread-safe.
 */
public final class FreshnessEvaluator {

  /**
   * What freshness is decided from.
   *
   * @param storeProblem why the vector store cannot be reached, {@code ""} when it can
   * @param storeMismatch how the store's existing vectors differ from the model's, in words (e.g.
   *     {@code "holds 768-dimensional vectors"}); empty when they match or the store is new
   * @param items items in the catalogue
   * @param running whether a full re-index is running
   * @param builtForStore whether the catalogue was built for the current store settings
   * @param lastRunCompleted whether the latest full re-index completed
   * @param model the embedding model in words, e.g. {@code all-minilm (384 dimensions)}
   */
  public record Facts(
      String storeProblem,
      Optional<String> storeMismatch,
      long items,
      boolean running,
      boolean builtForStore,
      boolean lastRunCompleted,
      String model) {}

  /** A freshness with what it means and what to do, in words. */
  public record Verdict(IndexFreshness freshness, String detail) {}

  private FreshnessEvaluator() {}

  /** The verdict when the embedding model's dimension cannot be learnt yet. */
  public static Verdict dimensionPending(String reason) {
    return new Verdict(
        IndexFreshness.UNAVAILABLE, "the embedding model's dimension is not known yet: " + reason);
  }

  /** The verdict on {@code facts}. */
  public static Verdict evaluate(Facts facts) {
    if (!facts.storeProblem().isEmpty()) {
      return new Verdict(
          IndexFreshness.UNAVAILABLE,
          "the vector store cannot be reached: " + facts.storeProblem());
    }
    if (facts.storeMismatch().isPresent()) {
      return new Verdict(
          IndexFreshness.STALE,
          "the store "
              + facts.storeMismatch().get()
              + ". Rebuild the index to re-embed all content.");
    }
    if (facts.items() == 0 && !facts.running()) {
      return new Verdict(IndexFreshness.EMPTY, "nothing is indexed yet: rebuild the index");
    }
    if (facts.running()) {
      return new Verdict(IndexFreshness.INCOMPLETE, "a re-index is running");
    }
    if (!facts.builtForStore() || !facts.lastRunCompleted()) {
      return new Verdict(
          IndexFreshness.INCOMPLETE,
          "the last full re-index did not complete (or the store settings changed since):"
              + " rebuild the index");
    }
    return new Verdict(
        IndexFreshness.FRESH,
        "every published item of the content sources is indexed for " + facts.model());
  }
}
