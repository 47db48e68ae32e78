package io.cmsai.vectorstore.embedded;

import io.cmsai.platform.DataDirectory;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.lucene.util.Version;

/**
 * Opens embedded (Lucene) indexes under {@code <data-dir>/vectors/<name>}; inspects them with a
 * reader, so an index open for writing can still be tested. Thread-safe.
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
        LuceneVectorStore.open(
            dataDirectory,
            new LuceneStoreSettings(
                settings.name(), dimension, settings.metric(), settings.index(), fingerprint));
    return new OpenedStore(store, store::close);
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    LuceneVectorStore.drop(dataDirectory.root(), settings.name());
  }

  @Override
  public Inspection inspect(VectorStoreSettings settings) {
    String server = "embedded Lucene " + Version.LATEST + " index";
    return LuceneVectorStore.inspect(dataDirectory.root(), settings.name())
        .map(
            found ->
                new Inspection(
                    Optional.of(
                        new StoreDescription(
                            LuceneVectorStore.KIND,
                            found.settings().name(),
                            found.settings().dimension(),
                            found.settings().metric(),
                            found.settings().index(),
                            found.settings().fingerprint(),
                            "files in " + found.path())),
                    found.count(),
                    server))
        .orElse(new Inspection(Optional.empty(), 0, server));
  }
}
