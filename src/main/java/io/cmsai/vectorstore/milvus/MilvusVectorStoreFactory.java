package io.cmsai.vectorstore.milvus;

import io.cmsai.config.Destination;
import io.cmsai.config.DestinationRefusedException;
import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** Opens and inspects Milvus collections of the configured server. Thread-safe. */
@ApplicationScoped
public class MilvusVectorStoreFactory implements VectorStoreFactory {

  private final KeyResolver keys;
  private final OutboundPolicy policy;

  /** For CDI proxies only. */
  protected MilvusVectorStoreFactory() {
    this.keys = null;
    this.policy = null;
  }

  @Inject
  public MilvusVectorStoreFactory(KeyResolver keys, OutboundPolicy policy) {
    this.keys = keys;
    this.policy = policy;
  }

  @Override
  public Kind kind() {
    return Kind.MILVUS;
  }

  @Override
  public OpenedStore open(
      VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint) {
    MilvusVectorStore store =
        MilvusVectorStore.open(checked(milvus(settings, dimension, fingerprint)), keys);
    return new OpenedStore(store, store::close);
  }

  @Override
  public Inspection inspect(VectorStoreSettings settings) {
    MilvusVectorStore.Inspected found =
        MilvusVectorStore.inspect(checked(milvus(settings, 1, Optional.empty())), keys);
    return new Inspection(found.description(), found.count(), found.server());
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    MilvusVectorStore.drop(checked(milvus(settings, 1, Optional.empty())), keys);
  }

  @Override
  public List<Destination> destinations(VectorStoreSettings settings) {
    return List.of(milvus(settings, 1, Optional.empty()).destination());
  }

  /** {@code settings}, once the outbound address policy allows its server. */
  private MilvusSettings checked(MilvusSettings settings) {
    try {
      policy.check(settings.destination());
    } catch (DestinationRefusedException e) {
      throw new StoreUnavailableException(
          "refused by the outbound address policy: " + e.getMessage(), null);
    }
    return settings;
  }

  private static MilvusSettings milvus(
      VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint) {
    VectorStoreSettings.Milvus connection = settings.milvus();
    MilvusSettings.Builder builder =
        MilvusSettings.builder(connection.uri().toString(), settings.name(), dimension)
            .metric(settings.metric())
            .index(settings.index())
            .consistency(connection.consistency());
    if (!connection.tokenRef().isEmpty()) {
      builder.tokenReference(connection.tokenRef());
    }
    if (!connection.database().isEmpty()) {
      builder.database(connection.database());
    }
    fingerprint.ifPresent(builder::fingerprint);
    return builder.build();
  }
}
