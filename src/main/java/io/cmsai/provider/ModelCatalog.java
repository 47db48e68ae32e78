package io.cmsai.provider;

import java.util.List;
import java.util.Optional;

/** The models the configured server offers, cached for the configured TTL. Thread-safe. */
public interface ModelCatalog {

  /**
   * The model list, from the cache when it is fresh.
   *
   * @throws AiProviderException when the list is not cached and the server cannot be asked
   */
  List<ModelInfo> models();

  /** Fetches the list now, replacing the cache. */
  List<ModelInfo> refresh();

  /** A model by id, from {@link #models()}. */
  default Optional<ModelInfo> find(String id) {
    return models().stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
