/** Snippets and query-embedding cache of semantic search; not API. */
package io.cmsai.search.internal;
