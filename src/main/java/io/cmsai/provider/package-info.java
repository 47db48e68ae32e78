/**
 * The provider capability: talking to llm-d and OpenAI-compatible inference servers. Public values
 * (choices, tool calls, usage, stream deltas) and the exception hierarchy live here; wire formats,
 * error decoding, stream assembly and retry rules live in {@code internal}.
 */
package io.cmsai.provider;
