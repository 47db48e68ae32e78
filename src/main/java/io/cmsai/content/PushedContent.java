package io.cmsai.content;

import io.cmsai.platform.Database;
import io.cmsai.platform.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Content pushed over REST by a CMS that runs elsewhere ({@code PUT /api/ai/content/{id}}), kept in
 * the module database (table {@code ai_content_item}) so a full re-index can list it again: the
 * content source {@value #SOURCE}. Thread-safe; each call is one transaction, its SQL run through
 * {@link Sql}.
 */
@ApplicationScoped
public class PushedContent implements ContentSource {

  /** The source name of pushed content. */
  public static final String SOURCE = "push";

  private static final String COLUMNS =
      "item_id, title, body_html, url, language, tags, content_type, published, access_groups,"
          + " modified_at";
  private static final String INSERT =
      "INSERT INTO ai_content_item ("
          + COLUMNS
          + ", received_at) VALUES (:id, :title, :bodyHtml, :url, :language, :tags, :type,"
          + " :published, :accessGroups, :modified, :received)";
  private static final String DELETE = "DELETE FROM ai_content_item WHERE item_id = :id";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM ai_content_item WHERE item_id = :id";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM ai_content_item WHERE item_id > :afterId ORDER BY item_id"
          + " LIMIT :limit";
  private static final String COUNT = "SELECT count(*) FROM ai_content_item";

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
        c ->
            Sql.on(
                c,
                h -> {
                  delete(h, item.id());
                  return h.createUpdate(INSERT)
                      .bind("id", item.id())
                      .bind("title", item.title())
                      .bind("bodyHtml", item.bodyHtml())
                      .bind("url", item.url())
                      .bind("language", item.language())
                      .bind("tags", join(item.tags()))
                      .bind("type", item.type())
                      .bind("published", item.published())
                      .bind("accessGroups", join(item.accessGroups()))
                      .bind("modified", Timestamp.from(item.modified()))
                      .bind("received", Timestamp.from(clock.instant()))
                      .execute();
                }));
  }

  /** Deletes the item {@code id}; whether it existed. */
  public boolean delete(String id) {
    return database.withConnection(c -> Sql.on(c, h -> delete(h, id) > 0));
  }

  /** The item {@code id}, if it was pushed. */
  public Optional<ContentItem> find(String id) {
    return database.withConnection(
        c -> Sql.on(c, h -> h.createQuery(FIND).bind("id", id).map(PushedContent::item).findOne()));
  }

  @Override
  public List<ContentItem> list(String afterId, int limit) {
    return database.withConnection(
        c ->
            Sql.on(
                c,
                h ->
                    h.createQuery(LIST)
                        .bind("afterId", afterId == null ? "" : afterId)
                        .bind("limit", limit)
                        .map(PushedContent::item)
                        .list()));
  }

  @Override
  public long count() {
    return database.withConnection(
        c -> Sql.on(c, h -> h.createQuery(COUNT).mapTo(Long.class).one()));
  }

  private static int delete(Handle h, String id) {
    return h.createUpdate(DELETE).bind("id", id).execute();
  }

  private static ContentItem item(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ContentItem(
        rs.getString("item_id"),
        rs.getString("title"),
        rs.getString("body_html"),
        rs.getString("url"),
        rs.getString("language"),
        split(rs.getString("tags")),
        rs.getString("content_type"),
        rs.getBoolean("published"),
        split(rs.getString("access_groups")),
        rs.getTimestamp("modified_at").toInstant());
  }

  /** Values never hold control characters (checked by ContentItem), so a newline separates them. */
  private static String join(Set<String> values) {
    return String.join("\n", values);
  }

  private static Set<String> split(String text) {
    return text.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(text.split("\n")));
  }
}
