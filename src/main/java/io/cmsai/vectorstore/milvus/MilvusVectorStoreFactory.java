package io.cmsai.vectorstore.milvus;

import io.cmsai.config.Destination;
import io.cmsai.config.DestinationRefusedException;
import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Opens, inspects and drops Milvus collections of the configured server ({@link #openCollection},
 * {@link #inspectCollection}, {@link #dropCollection} also serve tools and tests). Thread-safe.
 */
@ApplicationScoped
public class MilvusVectorStoreFactory implements VectorStoreFactory {

  private static final Logger LOG = Logger.getLogger(MilvusVectorStoreFactory.class.getName());

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
        openCollection(checked(milvus(settings, dimension, fingerprint)), keys);
    return new OpenedStore(store, store::close);
  }

  @Override
  public Inspection inspect(VectorStoreSettings settings) {
    return inspectCollection(checked(milvus(settings, 1, Optional.empty())), keys);
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    dropCollection(checked(milvus(settings, 1, Optional.empty())), keys);
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

  /**
   * Connects to Milvus and opens the collection, creating it (schema, vector index, fingerprint)
   * when it does not exist.
   *
   * @param keys resolves {@link MilvusSettings#tokenReference()}
   * @throws StoreUnavailableException when the server cannot be reached, refuses the credentials,
   *     or the token reference does not resolve
   * @throws io.cmsai.vectorstore.DimensionMismatchException when an existing collection holds
   *     vectors of another dimension
   * @throws VectorStoreException when an existing collection has another metric, embedding
   *     fingerprint or layout
   */
  public static MilvusVectorStore openCollection(MilvusSettings settings, KeyResolver keys) {
    Optional<String> token = settings.tokenReference().map(ref -> token(ref, keys, settings));
    MilvusCalls calls = new MilvusCalls(settings, token);
    MilvusClientV2 client = calls.call(MilvusCalls.CONNECT, () -> connect(settings, token));
    try {
      StoreDescription description = new MilvusCollection(settings, client, calls).open();
      LOG.fine(() -> "opened Milvus " + description.name() + " at " + settings.address());
      return new MilvusVectorStore(settings, client, calls, description);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * What the settings' collection holds, without creating anything (counting may load a released
   * collection): its description and, when it exists, its row count, plus the server version.
   *
   * @throws StoreUnavailableException when the server cannot be reached or refuses the token
   */
  public static Inspection inspectCollection(MilvusSettings settings, KeyResolver keys) {
    Optional<String> token = settings.tokenReference().map(ref -> token(ref, keys, settings));
    MilvusCalls calls = new MilvusCalls(settings, token);
    MilvusClientV2 client = calls.call(MilvusCalls.CONNECT, () -> connect(settings, token));
    try {
      String version = calls.call("read the server version", client::getServerVersion);
      Optional<StoreDescription> description =
          new MilvusCollection(settings, client, calls).inspect();
      long count = 0;
      if (description.isPresent()) {
        MilvusVectorStore store = new MilvusVectorStore(settings, client, calls, description.get());
        count = store.count();
      }
      return new Inspection(description, count, "Milvus " + version);
    } finally {
      client.close();
    }
  }

  /**
   * Drops the settings' collection when it exists, whatever it holds.
   *
   * @throws StoreUnavailableException when the server cannot be reached or refuses the token
   */
  public static void dropCollection(MilvusSettings settings, KeyResolver keys) {
    Optional<String> token = settings.tokenReference().map(ref -> token(ref, keys, settings));
    MilvusCalls calls = new MilvusCalls(settings, token);
    MilvusClientV2 client = calls.call(MilvusCalls.CONNECT, () -> connect(settings, token));
    try {
      calls.run(
          "drop " + settings.collection(),
          () ->
              client.dropCollection(
                  DropCollectionReq.builder().collectionName(settings.collection()).build()));
    } finally {
      client.close();
    }
  }

  private static String token(String reference, KeyResolver keys, MilvusSettings settings) {
    try {
      return keys.resolveFor(reference, List.of(settings.destination()))
          .orElseThrow(
              () ->
                  new StoreUnavailableException(
                      "the token of Milvus at "
                          + settings.address()
                          + ": "
                          + keys.unresolvedMessage(reference),
                      null));
    } catch (DestinationRefusedException e) {
      throw new StoreUnavailableException(e.getMessage(), null);
    }
  }

  private static MilvusClientV2 connect(MilvusSettings settings, Optional<String> token) {
    ConnectConfig.ConnectConfigBuilder config =
        ConnectConfig.builder()
            .uri(settings.uri())
            .connectTimeoutMs(settings.connectTimeout().toMillis())
            .rpcDeadlineMs(settings.requestTimeout().toMillis());
    token.ifPresent(config::token);
    settings.database().ifPresent(config::dbName);
    MilvusClientV2 client = new MilvusClientV2(config.build());
    client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
    return client;
  }
}
