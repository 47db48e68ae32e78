package io.cmsai.provider;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * An immutable embeddings request.
 *
 * @param model the model id; {@code null} means the configured default embedding model
 * @param inputs the texts, at least one, none empty; large lists are split into batches
 * @param encoding how vectors travel on the wire (the result is the same)
 * @param dimensions ask the model for shorter vectors (models that support it), or {@code null}
 * @param extraBody vendor fields sent as they are (e.g. vLLM {@code truncate_prompt_tokens})
 */
public record EmbeddingRequest(
    String model,
    List<String> inputs,
    Encoding encoding,
    Integer dimensions,
    Map<String, JsonValue> extraBody) {

  /** Wire encoding of the vectors. */
  public enum Encoding {
    /** JSON arrays of numbers. */
    FLOAT,
    /** Base64 of little-endian float32 values: about a quarter of the JSON size. */
    BASE64
  }

  public EmbeddingRequest {
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("an embeddings request needs at least one input");
    }
    inputs = List.copyOf(inputs);
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).isEmpty()) {
        throw new IllegalArgumentException("input " + i + " is empty");
      }
    }
    if (model != null && model.isBlank()) {
      model = null;
    }
    encoding = encoding == null ? Encoding.FLOAT : encoding;
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1");
    }
    extraBody = extraBody == null ? Map.of() : Map.copyOf(extraBody);
  }

  /** Embeds {@code inputs} with the default model and encoding. */
  public static EmbeddingRequest of(List<String> inputs) {
    return new EmbeddingRequest(null, inputs, Encoding.FLOAT, null, Map.of());
  }
}
