package io.cmsai.content;

import io.cmsai.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Content pushed over REST by a CMS that runs elsewhere ({@code PUT /api/ai/content/{id}}), kept in
 * the module database (table {@code ai_content_item}) so a full re-index can list it again: the
 * content source {@value #SOURCE}. Thread-safe; each call is one transaction.
 */
@ApplicationScoped
public class PushedContent implements ContentSource {

  /** The source name of pushed content. */
  public static final String SOURCE = "push";

  private static final String COLUMNS =
      "item_id, title, body_html, url, language, tags, content_type, published, access_groups,"
          + " modified_at";

  private final Database database;
  private final Clock clock;

  /** For CDI proxies only. */
  protected PushedContent() {
    this.database = null;
    this.clock = null;
  }

  @Inject
  public PushedContent(Database database) {
    this(database, Clock.systemUTC());
  }

  PushedContent(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public String name() {
    return SOURCE;
  }

  /** Stores {@code item}, replacing an item with the same id. */
  public void save(ContentItem item) {
    database.withConnection(
        c -> {
          delete(c, item.id());
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO ai_content_item ("
                      + COLUMNS
                      + ", received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, item.id());
            p.setString(2, item.title());
            p.setString(3, item.bodyHtml());
            p.setString(4, item.url());
            p.setString(5, item.language());
            p.setString(6, join(item.tags()));
            p.setString(7, item.type());
            p.setBoolean(8, item.published());
            p.setString(9, join(item.accessGroups()));
            p.setTimestamp(10, Timestamp.from(item.modified()));
            p.setTimestamp(11, Timestamp.from(clock.instant()));
            p.executeUpdate();
          }
          return null;
        });
  }

  /** Deletes the item {@code id}; whether it existed. */
  public boolean delete(String id) {
    return database.withConnection(c -> delete(c, id) > 0);
  }

  /** The item {@code id}, if it was pushed. */
  public Optional<ContentItem> find(String id) {
    return database.withConnection(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT " + COLUMNS + " FROM ai_content_item WHERE item_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(item(rs)) : Optional.<ContentItem>empty();
            }
          }
        });
  }

  @Override
  public List<ContentItem> list(String afterId, int limit) {
    return database.withConnection(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM ai_content_item WHERE item_id > ? ORDER BY item_id LIMIT ?")) {
            p.setString(1, afterId == null ? "" : afterId);
            p.setInt(2, limit);
            List<ContentItem> items = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                items.add(item(rs));
              }
            }
            return items;
          }
        });
  }

  @Override
  public long count() {
    return database.withConnection(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM ai_content_item");
              ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static int delete(Connection c, String id) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM ai_content_item WHERE item_id = ?")) {
      p.setString(1, id);
      return p.executeUpdate();
    }
  }

  private static ContentItem item(ResultSet rs) throws SQLException {
    return new ContentItem(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        split(rs.getString(6)),
        rs.getString(7),
        rs.getBoolean(8),
        split(rs.getString(9)),
        rs.getTimestamp(10).toInstant());
  }

  /** Values never hold control characters (checked by ContentItem), so a newline separates them. */
  private static String join(Set<String> values) {
    return String.join("\n", values);
  }

  private static Set<String> split(String text) {
    return text.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(text.split("\n")));
  }
}
