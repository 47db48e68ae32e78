/**
 * Semantic search over indexed site content: {@link io.cmsai.search.SemanticSearch} (CDI) and the
 * public REST endpoint {@code GET /api/ai/search}. Dense (vector), keyword (full text) or hybrid
 * (reciprocal rank fusion of both) retrieval over chunks, grouped per content item, restricted to
 * what the caller may see.
 */
package io.cmsai.search;
