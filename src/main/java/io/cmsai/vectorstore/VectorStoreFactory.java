package io.cmsai.vectorstore;

import io.cmsai.config.Destination;
import java.util.List;
import java.util.Optional;

/**
 * Opens the stores of one {@link VectorStoreSettings.Kind}; one CDI bean per kind. {@link
 * VectorStores} picks the factory of the configured kind.
 */
public interface VectorStoreFactory {

  /** The kind this factory opens. */
  VectorStoreSettings.Kind kind();

  /**
   * Opens (creating when missing) the table, collection or index the settings name.
   *
   * @param dimension the embedding model's dimension
   * @param fingerprint the embedding model's fingerprint, recorded when the store is created
   * @throws VectorStoreException when the store exists with another dimension or metric, or cannot
   *     be created
   * @throws StoreUnavailableException when the database cannot be reached
   */
  OpenedStore open(
      VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint);

  /**
   * What the settings' table, collection or index holds now, without creating or changing anything
   * (the admin console's "test connection").
   *
   * @throws StoreUnavailableException when the database cannot be reached
   * @throws VectorStoreException when it answers with an error
   */
  Inspection inspect(VectorStoreSettings settings);

  /**
   * Drops the settings' table, collection or index with everything in it, whatever dimension or
   * model it was built for (a re-index after the embedding model changed); nothing happens when it
   * does not exist. The caller must have released any open store of these settings first.
   *
   * @throws StoreUnavailableException when the database cannot be reached
   */
  void drop(VectorStoreSettings settings);

  /**
   * The hosts the settings make the module connect to (for the outbound address policy when
   * settings are saved); empty for a store without a server, or on the module's own database.
   *
   * @throws IllegalArgumentException when the settings' address cannot be read
   */
  default List<Destination> destinations(VectorStoreSettings settings) {
    return List.of();
  }

  /**
   * What an inspection found.
   *
   * @param description the store, when it exists
   * @param count its records (0 when it does not exist)
   * @param server what answered, e.g. "PostgreSQL 15.20, pgvector 0.8.0"
   */
  record Inspection(Optional<StoreDescription> description, long count, String server) {}

  /**
   * A store and what must be released with it (connection pools, files).
   *
   * @param store the store
   * @param resources closed when the store is replaced or the application stops
   */
  record OpenedStore(VectorStore store, AutoCloseable resources) {}
}
