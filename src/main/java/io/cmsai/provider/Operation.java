package io.cmsai.provider;

/** The kinds of calls the provider makes. */
public enum Operation {
  CHAT,
  CHAT_STREAM,
  EMBEDDINGS,
  MODELS,
  HEALTH
}
