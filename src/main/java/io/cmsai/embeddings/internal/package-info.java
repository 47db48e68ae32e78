/**
 * Helpers of the embeddings capability: input checks and batching, and where the in-process model's
 * native libraries are unpacked. Not for use outside {@code io.cmsai.embeddings}.
 */
package io.cmsai.embeddings.internal;
