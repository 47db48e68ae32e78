package io.cmsai.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.util.Locale;

/**
 * The module's one JSON-B configuration, so that resources return the capabilities' records as they
 * are instead of mirroring them into wire types. JAX-RS uses it for every entity it binds (through
 * {@code web.internal.JsonbResolver}); code that writes JSON outside a response, such as a
 * server-sent event's data, uses {@link #jsonb()}.
 *
 * <ul>
 *   <li>Enums are written as their lower-case name ({@code IndexRun.State.RUNNING} as {@code
 *       "running"}), the way the APIs name states; an enum with its own {@code JsonbTypeAdapter}
 *       (e.g. {@code SearchMode}) keeps it.
 *   <li>An {@code Optional} is written as its value, and an empty one is left out, like a null
 *       value: a consumer reads "none" from a missing property (e.g. {@code IndexRun.endedAt} while
 *       the run goes on). Not as an explicit {@code null}: JSON-B writes nulls only when told to
 *       for every property ({@code withNullValues}), which would add {@code null}s to answers whose
 *       consumers test for a missing property, and Yasson 3.0.4 leaves out an empty {@code
 *       Optional} of an object type even when the property is {@code @JsonbNillable}.
 *   <li>Everything else as JSON-B's defaults: properties in alphabetical order, null values left
 *       out, {@code Instant} as ISO-8601 text.
 * </ul>
 *
 * <p>Thread-safe; the instance lives as long as the application.
 */
public final class JsonBinding {

  private static final Jsonb JSONB =
      JsonbBuilder.create(new JsonbConfig().withSerializers(new LowerCaseEnums()));

  private JsonBinding() {}

  /** The configured instance. */
  public static Jsonb jsonb() {
    return JSONB;
  }

  /** An enum as its lower-case name. */
  @SuppressWarnings("rawtypes") // JSON-B picks a serializer by raw type: Enum<?> would never match
  static final class LowerCaseEnums implements JsonbSerializer<Enum> {
    @Override
    public void serialize(Enum value, JsonGenerator generator, SerializationContext context) {
      generator.write(value.name().toLowerCase(Locale.ROOT));
    }
  }
}
