/**
 * Semantic search over indexed site content: {@link io.cmsai.search.SemanticSearch} (CDI) and the
 * public REST endpoint {@code /api/ai/search} ({@code GET} with query parameters, {@code POST} with
 * a JSON body). Dense (vector), keyword (full text) or hybrid (reciprocal rank fusion of both)
 * retrieval over chunks, grouped per content item, restricted to what the caller may see.
 */
package io.cmsai.search;
