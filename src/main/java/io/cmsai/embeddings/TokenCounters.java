package io.cmsai.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.ModelType;
import io.cmsai.embeddings.internal.TokenEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token counters: exact ones for the tokenizers the module ships (OpenAI's through jtokkit, Hugging
 * Face {@code tokenizer.json} ones through DJL) and a conservative estimate for any other. Every
 * counter is thread-safe.
 */
public final class TokenCounters {

  private static final TokenCounter ESTIMATE = TokenEstimate::count;

  private TokenCounters() {}

  /**
   * A conservative estimate for a tokenizer that is not known: it counts at least as many tokens as
   * BERT's uncased WordPiece (all-MiniLM-L6-v2's) and OpenAI's cl100k_base in natural text of any
   * script, so a chunk sized with it fits models with either kind of vocabulary. The price is
   * smaller chunks than needed, mostly for English and for models with a multilingual vocabulary.
   *
   * <p>Measured on the 21 test samples ({@code TokenCountersTest}: news, help, recipe, code and
   * emoji texts), estimate ÷ exact count, WordPiece | cl100k_base: English 1.70–1.77 | 1.73–1.90,
   * French 1.20 | 1.44, German 1.20 | 1.39–1.41, Dutch 1.00 | 1.20, Spanish 1.18 | 1.47, Polish
   * 0.98 | 1.11, Greek 1.15 | 1.07, Russian 1.14 | 2.08, Arabic 1.12 | 1.39, Hindi 1.73 | 1.22,
   * Thai (WordPiece: one unknown token per phrase) | 1.16, Chinese 1.71 | 1.05 (traditional) to
   * 1.49 (simplified), Japanese 1.48–1.50 | 1.31–1.35, Korean 1.03 | 1.24, code 1.27 | 1.81, emoji
   * text 2.39 | 1.27. The worst case is 0.98 (Polish, WordPiece); the test fails below 0.97. Hex,
   * UUIDs, URLs and base64 come out at 0.95–1.17 of the larger exact count. The estimate of a
   * joined text is within one token of the sum of its parts' estimates. Linear: about 30 MB of text
   * per second.
   */
  public static TokenCounter estimate() {
    return ESTIMATE;
  }

  /**
   * The exact counter of an OpenAI model's tokenizer (jtokkit): cl100k_base for {@code
   * text-embedding-ada-002} and {@code text-embedding-3-small/large} (also under prefixed ids such
   * as {@code openai/text-embedding-3-small}), and the encoding jtokkit knows for OpenAI's chat
   * models. Special-token markers in the text (such as {@code <|endoftext|>}) count as ordinary
   * text. The encoding's vocabulary is loaded on first use of this method for it (about 1.7 MB for
   * cl100k_base, well under a second) and kept.
   *
   * @throws IllegalArgumentException when {@code model} is not an OpenAI model jtokkit knows
   */
  public static TokenCounter openAi(String model) {
    ModelType type =
        openAiModel(model)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no OpenAI tokenizer is known for the model '"
                            + model
                            + "'; known: text-embedding-ada-002, text-embedding-3-small,"
                            + " text-embedding-3-large and OpenAI's chat models"));
    Encoding encoding = Registry.INSTANCE.getEncodingForModel(type);
    return text -> encoding.countTokensOrdinary(Objects.requireNonNull(text, "text"));
  }

  /** Whether {@link #openAi(String)} has an exact counter for {@code model}. */
  public static boolean isOpenAi(String model) {
    return openAiModel(model).isPresent();
  }

  /**
   * The exact counter of a Hugging Face tokenizer ({@code tokenizer.json}), such as BERT's
   * WordPiece: the tokens of the text only, without the special tokens ({@code [CLS]}, {@code
   * [SEP]}) the model adds, and without the truncation the file may configure. DJL runs the
   * tokenizer in its native library, which it unpacks on first use: call {@link
   * io.cmsai.embeddings.internal.DjlCache#relocate} first (it chooses the directory and keeps DJL
   * offline), on a thread whose context class loader sees DJL. The counter holds native memory
   * until the class loader goes away; create one per tokenizer and keep it.
   *
   * @param tokenizerJson the tokenizer file; read fully, not closed
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a tokenizer DJL can load
   */
  public static TokenCounter wordPiece(InputStream tokenizerJson) throws IOException {
    Objects.requireNonNull(tokenizerJson, "tokenizerJson");
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              tokenizerJson,
              Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a tokenizer DJL can load: " + e.getMessage(), e);
    }
    return text -> tokenizer.encode(Objects.requireNonNull(text, "text")).getIds().length;
  }

  private static Optional<ModelType> openAiModel(String model) {
    if (model == null || model.isBlank()) {
      return Optional.empty();
    }
    String name =
        EmbeddingModels.find(model)
            .map(EmbeddingModels.Known::id)
            .orElseGet(() -> lastSegment(model.strip()))
            .toLowerCase(Locale.ROOT);
    return ModelType.fromName(name);
  }

  private static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** jtokkit's registry, created on first use; it loads each encoding's vocabulary when asked. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }
}
