package io.cmsai.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.cmsai.embeddings.Dimension.Source;
import io.cmsai.embeddings.internal.DjlCache;
import io.cmsai.embeddings.internal.Texts;
import io.cmsai.platform.DataDirectory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * all-MiniLM-L6-v2 (quantised, 384 dimensions, unit-length vectors) run in-process on ONNX Runtime
 * through LangChain4j: no server, no network. The model (about 23 MB, inside the jar) is loaded on
 * first use, which takes about a second, and kept until the module is undeployed.
 *
 * <p><b>Long texts.</b> The model reads the first {@value #MAX_INPUT_TOKENS} tokens (word pieces,
 * special tokens excluded; roughly 90 English words) of a text and ignores the rest: the tokenizer
 * file inside the model's jar truncates at 128 tokens including {@code [CLS]} and {@code [SEP]},
 * and LangChain4j's 510-token windowing never sees more. Index chunks of at most {@link
 * #maxInputTokens()} tokens, counted with {@link #tokenCounter()}.
 *
 * <p><b>Threads.</b> Thread-safe. A list is embedded in batches of {@link #DEFAULT_BATCH_SIZE}
 * texts, the texts of a batch in parallel on a small pool of daemon threads (at most {@link
 * #MAX_THREADS}, idle ones end after 30 s); a single text is embedded on the caller's thread.
 *
 * <p>A model that failed to load (its class failed to initialise) is not loaded again until the
 * module is redeployed; every call fails with an {@link IllegalStateException} saying why.
 *
 * <p><b>Tokens.</b> {@link #tokenCounter()} counts exactly, with the model's own tokenizer file run
 * by DJL (the tokenizer alone: counting does not load the model).
 *
 * <p><b>Files.</b> ONNX Runtime unpacks its native library into {@code java.io.tmpdir} ({@code
 * onnxruntime-java*}); DJL unpacks the tokenizer's into {@code <data-dir>/cache/djl} unless {@code
 * DJL_CACHE_DIR} is set (see {@link DjlCache}).
 */
@ApplicationScoped
@Typed(LocalEmbeddingModel.class)
public class LocalEmbeddingModel implements EmbeddingModel {

  /** The model id. */
  public static final String ID = "all-minilm-l6-v2";

  /** The vector length. */
  public static final int DIMENSION = 384;

  /** Texts per batch. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** The most threads embedding at once for this model. */
  public static final int MAX_THREADS = 4;

  /**
   * The tokens of one text the model reads: 128 (the truncation in its tokenizer file) less {@code
   * [CLS]} and {@code [SEP]}.
   */
  public static final int MAX_INPUT_TOKENS = 126;

  /** The model's tokenizer file, a resource of the LangChain4j model jar. */
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private static final Logger LOG = Logger.getLogger(LocalEmbeddingModel.class.getName());

  private final Path nativeCache;
  private final int batchSize;
  private final ThreadPoolExecutor executor;
  private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;
  private volatile TokenCounter tokenCounter;

  /** For CDI proxies only. */
  protected LocalEmbeddingModel() {
    this.nativeCache = null;
    this.batchSize = 0;
    this.executor = null;
  }

  @Inject
  public LocalEmbeddingModel(DataDirectory dataDirectory) {
    this(dataDirectory.root().resolve("cache").resolve("djl"), DEFAULT_BATCH_SIZE);
  }

  /**
   * @param nativeCache where DJL unpacks the tokenizer's native library (unless DJL_CACHE_DIR is
   *     set)
   * @param batchSize texts per batch
   */
  public LocalEmbeddingModel(Path nativeCache, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size is at least 1, got " + batchSize);
    }
    this.nativeCache = nativeCache;
    this.batchSize = batchSize;
    int threads = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    this.executor =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads());
    this.executor.allowCoreThreadTimeOut(true);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Always known, without loading the model. */
  @Override
  public Dimension dimensionStatus() {
    return Dimension.known(DIMENSION, Source.LOCAL_MODEL);
  }

  @Override
  public boolean normalized() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the model cannot be loaded (its native libraries do not run
   *     on this platform, or the cache directory is not writable)
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    List<String> checked = Texts.checked(texts);
    if (checked.isEmpty()) {
      return List.of();
    }
    AllMiniLmL6V2QuantizedEmbeddingModel loaded = model();
    List<float[]> vectors = new ArrayList<>(checked.size());
    for (List<String> batch : Texts.batches(checked, batchSize)) {
      List<TextSegment> segments = batch.stream().map(TextSegment::from).toList();
      for (Embedding embedding : loaded.embedAll(segments).content()) {
        vectors.add(embedding.vector());
      }
    }
    return vectors;
  }

  /** {@value #MAX_INPUT_TOKENS}: longer texts are truncated (see the class comment). */
  @Override
  public int maxInputTokens() {
    return MAX_INPUT_TOKENS;
  }

  /**
   * The exact counter of the model's WordPiece tokenizer (special tokens excluded, no truncation).
   * The first call loads the tokenizer (not the model), unpacking DJL's native library like {@link
   * #embed} does; later calls return the same counter.
   *
   * @throws IllegalStateException when the tokenizer cannot be loaded (its native library does not
   *     run on this platform, or the cache directory is not writable)
   */
  @Override
  public TokenCounter tokenCounter() {
    TokenCounter loaded = tokenCounter;
    if (loaded != null) {
      return loaded;
    }
    synchronized (this) {
      if (tokenCounter == null) {
        tokenCounter = withModuleClassLoader("tokenizer", cache -> loadTokenizer());
      }
      return tokenCounter;
    }
  }

  /** Whether the model has been loaded (by a first {@link #embed}). */
  public boolean isLoaded() {
    return model != null;
  }

  /** Stops the embedding threads (on undeploy). The model stays loaded until its class is gone. */
  @PreDestroy
  public void close() {
    executor.shutdown();
  }

  private AllMiniLmL6V2QuantizedEmbeddingModel model() {
    AllMiniLmL6V2QuantizedEmbeddingModel loaded = model;
    if (loaded != null) {
      return loaded;
    }
    synchronized (this) {
      if (model == null) {
        model = load();
      }
      return model;
    }
  }

  private AllMiniLmL6V2QuantizedEmbeddingModel load() {
    long started = System.nanoTime();
    return withModuleClassLoader(
        "model",
        cache -> {
          AllMiniLmL6V2QuantizedEmbeddingModel loaded =
              new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
          LOG.info(
              () ->
                  "Loaded the local embedding model "
                      + ID
                      + " in "
                      + (System.nanoTime() - started) / 1_000_000
                      + " ms (native library cache "
                      + cache
                      + ")");
          return loaded;
        });
  }

  private TokenCounter loadTokenizer() {
    try (InputStream json =
        LocalEmbeddingModel.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (json == null) {
        throw new IllegalStateException("the resource " + TOKENIZER_RESOURCE + " is missing");
      }
      return TokenCounters.wordPiece(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code loader} with DJL's cache relocated (its argument: the directory) and the module's
   * class loader as the context class loader: LangChain4j and DJL read their resources through it,
   * and it is not the module's on threads the container did not start for it.
   */
  private <T> T withModuleClassLoader(String what, Function<Path, T> loader) {
    Thread thread = Thread.currentThread();
    ClassLoader caller = thread.getContextClassLoader();
    thread.setContextClassLoader(LocalEmbeddingModel.class.getClassLoader());
    try {
      return loader.apply(DjlCache.relocate(nativeCache, System::getenv));
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "The local embedding "
              + what
              + " "
              + ID
              + " could not be loaded: "
              + rootCause(e)
              + ". It runs on Linux, macOS and Windows (x86-64, ARM64) and unpacks its tokenizer"
              + " library into "
              + nativeCache
              + ", which must be writable",
          e);
    } finally {
      thread.setContextClassLoader(caller);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "cms-ai-local-embeddings-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
