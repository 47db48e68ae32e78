package io.cmsai.embeddings;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;

/**
 * The embedding settings, declared for the configuration reference; {@link EmbeddingModelSelector}
 * reads the key itself.
 */
public final class EmbeddingSettings {

  private EmbeddingSettings() {}

  public static final Setting<Integer> DIMENSIONS =
      Setting.withoutDefault(
          EmbeddingModelSelector.DIMENSIONS_KEY,
          SettingType.atLeast(1),
          "Embedding dimensions",
          "The dimensions asked of a remote embedding model that can shorten its vectors"
              + " (default: the model's own).");

  /** Every embedding setting. */
  public static final SettingGroup<Void> SETTINGS =
      SettingGroup.documented("Embeddings", "cms.ai.embeddings.", DIMENSIONS);
}
