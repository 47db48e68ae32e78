package io.cmsai.config;

import io.cmsai.config.internal.SettingEntity;
import io.cmsai.platform.Database;
import io.cmsai.platform.InstallationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saved settings as string key/value pairs in the module database.
 *
 * <p>{@link #findByPrefix} answers from memory while nothing was written through this repository
 * since it last read that prefix: settings groups are looked up on every call (the provider's for
 * each chat request), while they change only when an administrator saves, through here. A value
 * written to the table by anything else (another server on the same database, SQL by hand) is seen
 * after the next write through this repository or a restart.
 *
 * <p>Thread-safe; each method runs in its own transaction.
 */
@ApplicationScoped
public class SettingsRepository implements InstallationRecord {

  static final String INSTALLED_AT = "module.installed-at";

  private final Database database;
  private final Clock clock;
  private final AtomicLong writes = new AtomicLong();
  private final Map<String, Read> byPrefix = new ConcurrentHashMap<>();

  /** What {@link #findByPrefix} read, after how many writes. */
  private record Read(Map<String, String> values, long afterWrites) {}

  /** For CDI proxies only. */
  protected SettingsRepository() {
    this.database = null;
    this.clock = null;
  }

  @Inject
  public SettingsRepository(Database database) {
    this(database, Clock.systemUTC());
  }

  SettingsRepository(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The saved value of {@code key}, if any. */
  public Optional<String> find(String key) {
    return database
        .inTransaction(session -> Optional.ofNullable(session.find(SettingEntity.class, key)))
        .map(SettingEntity::value);
  }

  /** Saves {@code value} under {@code key}, replacing any earlier value. */
  public void put(String key, String value) {
    try {
      putNow(key, value);
    } finally {
      wrote();
    }
  }

  private void putNow(String key, String value) {
    database.inTransaction(
        session -> {
          SettingEntity existing = session.find(SettingEntity.class, key);
          if (existing == null) {
            session.persist(new SettingEntity(key, value, clock.instant()));
          } else {
            existing.update(value, clock.instant());
          }
          return null;
        });
  }

  /**
   * Saves {@code value} under {@code key} only if nothing is saved there yet; returns the value.
   */
  public String putIfAbsent(String key, String value) {
    try {
      return putIfAbsentNow(key, value);
    } finally {
      wrote();
    }
  }

  private String putIfAbsentNow(String key, String value) {
    return database.inTransaction(
        session -> {
          SettingEntity existing = session.find(SettingEntity.class, key);
          if (existing != null) {
            return existing.value();
          }
          session.persist(new SettingEntity(key, value, clock.instant()));
          return value;
        });
  }

  /** The installation date, saved under {@code module.installed-at} at the first start. */
  @Override
  public Instant installedAt(Instant now) {
    return Instant.parse(putIfAbsent(INSTALLED_AT, now.toString()));
  }

  /** Every saved value whose key starts with {@code prefix}, by key (unmodifiable). */
  public Map<String, String> findByPrefix(String prefix) {
    long before = writes.get();
    Read known = byPrefix.get(prefix);
    if (known != null && known.afterWrites() == before) {
      return known.values();
    }
    Map<String, String> values = Collections.unmodifiableMap(readByPrefix(prefix));
    if (writes.get() == before) {
      // A write that committed while this read ran has moved the counter: then keep nothing.
      byPrefix.put(prefix, new Read(values, before));
    }
    return values;
  }

  private Map<String, String> readByPrefix(String prefix) {
    return database.inTransaction(
        session -> {
          Map<String, String> values = new TreeMap<>();
          session
              .createSelectionQuery(
                  "from SettingEntity s where s.key like :prefix escape '!'", SettingEntity.class)
              .setParameter("prefix", escapeLike(prefix) + "%")
              .getResultList()
              .forEach(entity -> values.put(entity.key(), entity.value()));
          return values;
        });
  }

  /**
   * In one transaction: saves every entry of {@code values} and deletes the keys in {@code
   * removed}. Either all of it happens or nothing.
   */
  public void saveAll(Map<String, String> values, Set<String> removed) {
    try {
      saveAllNow(values, removed);
    } finally {
      wrote();
    }
  }

  /** After a write committed (or failed): every remembered read is out of date. */
  private void wrote() {
    writes.incrementAndGet();
    byPrefix.clear();
  }

  private void saveAllNow(Map<String, String> values, Set<String> removed) {
    database.inTransaction(
        session -> {
          values.forEach(
              (key, value) -> {
                SettingEntity existing = session.find(SettingEntity.class, key);
                if (existing == null) {
                  session.persist(new SettingEntity(key, value, clock.instant()));
                } else {
                  existing.update(value, clock.instant());
                }
              });
          for (String key : removed) {
            SettingEntity existing = session.find(SettingEntity.class, key);
            if (existing != null) {
              session.remove(existing);
            }
          }
          return null;
        });
  }

  private static String escapeLike(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
