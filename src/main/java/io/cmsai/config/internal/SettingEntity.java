package io.cmsai.config.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One saved setting (table {@code ai_setting}, created by {@code sql/common}). */
@Entity
@Table(name = "ai_setting")
public class SettingEntity {

  @Id
  @Column(name = "setting_key", length = 200)
  private String key;

  @Column(name = "setting_value", length = 8000, nullable = false)
  private String value;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected SettingEntity() {}

  public SettingEntity(String key, String value, Instant updatedAt) {
    this.key = key;
    this.value = value;
    this.updatedAt = updatedAt;
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void update(String newValue, Instant at) {
    this.value = newValue;
    this.updatedAt = at;
  }
}
