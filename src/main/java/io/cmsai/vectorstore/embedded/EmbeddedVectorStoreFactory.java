package io.cmsai.vectorstore.embedded;

import io.cmsai.platform.DataDirectory;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.Names;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import io.cmsai.vectorstore.embedded.internal.StoreCommitData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.Version;

/**
 * Opens embedded (Lucene) indexes under {@code <data-dir>/vectors/<name>}; inspects them with a
 * reader, so an index open for writing can still be tested. Owns the indexes' lifecycle: {@link
 * #openIndex}, {@link #inspectIndex} and {@link #dropIndex} also serve tools and tests that name a
 * data folder. Thread-safe.
 */
@ApplicationScoped
public class EmbeddedVectorStoreFactory implements VectorStoreFactory {

  private final DataDirectory dataDirectory;

  /** For CDI proxies only. */
  protected EmbeddedVectorStoreFactory() {
    this.dataDirectory = null;
  }

  @Inject
  public EmbeddedVectorStoreFactory(DataDirectory dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  @Override
  public Kind kind() {
    return Kind.EMBEDDED;
  }

  @Override
  public OpenedStore open(
      VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint) {
    LuceneVectorStore store =
        openIndex(
            dataDirectory,
            new LuceneStoreSettings(
                settings.name(), dimension, settings.metric(), settings.index(), fingerprint));
    return new OpenedStore(store, store::close);
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    dropIndex(dataDirectory.root(), settings.name());
  }

  @Override
  public Inspection inspect(VectorStoreSettings settings) {
    return inspectIndex(dataDirectory.root(), settings.name());
  }

  /** The folder of index {@code name} under the data directory {@code dataRoot}. */
  public static Path directoryOf(Path dataRoot, String name) {
    return dataRoot.resolve(LuceneVectorStore.FOLDER).resolve(Names.embedded(name));
  }

  /**
   * The index {@code name} under {@code dataRoot} as recorded, with its live document count,
   * without opening it for writing (it may be open elsewhere in this process); empty when it does
   * not exist.
   *
   * @throws StoreUnavailableException when the folder cannot be read
   */
  public static Inspection inspectIndex(Path dataRoot, String name) {
    String server = "embedded Lucene " + Version.LATEST + " index";
    Path path = directoryOf(dataRoot, name).toAbsolutePath();
    try (Directory directory = FSDirectory.open(path)) {
      if (!Files.isDirectory(path) || !DirectoryReader.indexExists(directory)) {
        return new Inspection(Optional.empty(), 0, server);
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        LuceneStoreSettings recorded =
            StoreCommitData.parse(
                reader.getIndexCommit().getUserData(),
                name,
                LuceneVectorStore.describe(name, path));
        return new Inspection(
            Optional.of(
                new StoreDescription(
                    LuceneVectorStore.KIND,
                    recorded.name(),
                    recorded.dimension(),
                    recorded.metric(),
                    recorded.index(),
                    recorded.fingerprint(),
                    "files in " + path)),
            reader.numDocs(),
            server);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException(
          LuceneVectorStore.describe(name, path) + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the folder of index {@code name} under {@code dataRoot} with everything in it; nothing
   * happens when it does not exist. The index must not be open (close the store first).
   *
   * @throws StoreUnavailableException when a file cannot be deleted
   */
  public static void dropIndex(Path dataRoot, String name) {
    Path path = directoryOf(dataRoot, name).toAbsolutePath();
    if (!Files.exists(path)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException(
          LuceneVectorStore.describe(name, path) + " cannot be deleted: " + e.getMessage(), e);
    }
  }

  /** {@link #openIndex(Path, LuceneStoreSettings)} under the module's data directory. */
  public static LuceneVectorStore openIndex(
      DataDirectory dataDirectory, LuceneStoreSettings settings) {
    return openIndex(dataDirectory.ensureWritable(), settings);
  }

  /**
   * Opens the index {@code settings.name()} under {@code dataRoot}, creating it when missing.
   *
   * @throws VectorStoreException when the index exists with another dimension, metric, index or
   *     fingerprint, or is no vector store
   * @throws StoreUnavailableException when the folder cannot be used or the index is already open
   */
  public static LuceneVectorStore openIndex(Path dataRoot, LuceneStoreSettings settings) {
    Path path = directoryOf(dataRoot, settings.name()).toAbsolutePath();
    String where = LuceneVectorStore.describe(settings.name(), path);
    Analyzer analyzer = new StandardAnalyzer();
    Directory directory = null;
    IndexWriter writer = null;
    try {
      Files.createDirectories(path);
      directory = FSDirectory.open(path);
      writer = new IndexWriter(directory, LuceneVectorStore.writerConfig(settings, analyzer));
      Map<String, String> stored = new HashMap<>();
      writer.getLiveCommitData().forEach(e -> stored.put(e.getKey(), e.getValue()));
      LuceneStoreSettings effective = StoreCommitData.reconcile(stored, settings, where);
      Map<String, String> data = StoreCommitData.of(effective);
      if (!data.equals(stored)) {
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
      }
      return new LuceneVectorStore(effective, path, analyzer, directory, writer);
    } catch (LockObtainFailedException e) {
      IOUtils.closeWhileHandlingException(writer, directory, analyzer);
      throw new StoreUnavailableException(
          where + " is already open in this or another process; use that instance", e);
    } catch (IOException e) {
      IOUtils.closeWhileHandlingException(writer, directory, analyzer);
      throw new StoreUnavailableException(where + " cannot be opened: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory, analyzer);
      throw e;
    }
  }
}
