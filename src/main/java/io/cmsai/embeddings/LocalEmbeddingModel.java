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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * all-MiniLM-L6-v2 (quantised, 384 dimensions, unit-length vectors) run in-process on ONNX Runtime
 * through LangChain4j: no server, no network. The model (about 23 MB, inside the jar) is loaded on
 * first use, which takes about a second, and kept until the module is undeployed.
 *
 * <p><b>Long texts.</b> The model reads at most 512 tokens (word pieces; roughly 350 English
 * words). A longer text is not cut off: it is split into windows of 510 tokens (not inside a word),
 * each window is embedded and the vectors are averaged, weighted by their token counts, then
 * normalised. The cost grows with the length and the meaning of a long text blurs, so index chunks
 * that fit one window.
 *
 * <p><b>Threads.</b> Thread-safe. A list is embedded in batches of {@link #DEFAULT_BATCH_SIZE}
 * texts, the texts of a batch in parallel on a small pool of daemon threads (at most {@link
 * #MAX_THREADS}, idle ones end after 30 s); a single text is embedded on the caller's thread.
 *
 * <p>A model that failed to load (its class failed to initialise) is not loaded again until the
 * module is redeployed; every call fails with an {@link IllegalStateException} saying why.
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

  private static final Logger LOG = Logger.getLogger(LocalEmbeddingModel.class.getName());

  private final Path nativeCache;
  private final int batchSize;
  private final ThreadPoolExecutor executor;
  private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

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
    Thread thread = Thread.currentThread();
    ClassLoader caller = thread.getContextClassLoader();
    // LangChain4j reads the model from the context class loader, which is not the module's on
    // threads the container did not start for it.
    thread.setContextClassLoader(LocalEmbeddingModel.class.getClassLoader());
    try {
      Path cache = DjlCache.relocate(nativeCache, System::getenv);
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
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "The local embedding model "
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
