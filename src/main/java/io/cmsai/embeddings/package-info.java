/**
 * The embeddings capability: the {@link io.cmsai.embeddings.EmbeddingModel} port that indexing and
 * semantic search embed texts through, its two implementations (the in-process {@link
 * io.cmsai.embeddings.LocalEmbeddingModel} and the provider-backed {@link
 * io.cmsai.embeddings.RemoteEmbeddingModel}), the rule that picks one ({@link
 * io.cmsai.embeddings.EmbeddingModelSelector}), and what is known about model dimensions ({@link
 * io.cmsai.embeddings.EmbeddingModels}, {@link io.cmsai.embeddings.EmbeddingDimensions}).
 */
package io.cmsai.embeddings;
