package io.cmsai.vectorstore.embedded.internal;

/**
 * A document of a searcher's reader and its score (larger is better).
 *
 * @param doc the document id in the whole reader (not per segment)
 * @param score the port's score, or a ranking's own score (BM25, fused)
 */
public record Ranked(int doc, double score) {}
