package io.cmsai.provider;

import java.util.OptionalInt;

/**
 * A model the server offers.
 *
 * @param id the id to send as {@code model}; may contain {@code /} (Hugging Face ids)
 * @param ownedBy the server's {@code owned_by} ({@code ""} when absent)
 * @param maxModelLen the context length when the server tells it (vLLM's {@code max_model_len})
 */
public record ModelInfo(String id, String ownedBy, OptionalInt maxModelLen) {}
