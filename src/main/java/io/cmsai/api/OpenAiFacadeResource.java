package io.cmsai.api;

import io.cmsai.api.internal.ClientDisconnects;
import io.cmsai.api.internal.OpenAiError;
import io.cmsai.api.internal.RequestError;
import io.cmsai.platform.Jsons;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.ModelCatalog;
import io.cmsai.provider.ModelInfo;
import io.cmsai.web.ApiException;
import io.cmsai.web.RequestBodies;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI-compatible model list and embeddings of the facade ({@code /api/ai/v1/models}, {@code
 * /api/ai/v1/embeddings}); chat completions are served by {@link ChatCompletionsServlet}. Errors
 * are OpenAI-style JSON.
 */
@Path("/v1")
@PermitAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiFacadeResource {

  private final ModelCatalog models;
  private final EmbeddingService embeddings;
  private final FacadeSettings facade;

  /** For CDI proxies only. */
  protected OpenAiFacadeResource() {
    this(null, null, null);
  }

  @Inject
  public OpenAiFacadeResource(
      ModelCatalog models, EmbeddingService embeddings, FacadeSettings facade) {
    this.models = models;
    this.embeddings = embeddings;
    this.facade = facade;
  }

  @GET
  @Path("/models")
  public Response models(@Context SecurityContext security) {
    Optional<OpenAiError> refusal = refusal(security);
    if (refusal.isPresent()) {
      return error(refusal.get());
    }
    try {
      JsonArrayBuilder data = Jsons.JSON.createArrayBuilder();
      for (ModelInfo model : models.models()) {
        data.add(modelJson(model));
      }
      return Response.ok(
              Jsons.JSON.createObjectBuilder().add("object", "list").add("data", data).build())
          .build();
    } catch (AiProviderException e) {
      return error(OpenAiError.from(e));
    }
  }

  /** One model; ids may contain {@code /} (Hugging Face ids). */
  @GET
  @Path("/models/{id: .+}")
  public Response model(@PathParam("id") String id, @Context SecurityContext security) {
    Optional<OpenAiError> refusal = refusal(security);
    if (refusal.isPresent()) {
      return error(refusal.get());
    }
    try {
      return models
          .find(id)
          .map(model -> Response.ok(modelJson(model).build()).build())
          .orElseGet(
              () ->
                  error(
                      new OpenAiError(
                          404,
                          "The model '" + id + "' does not exist on the inference server",
                          "invalid_request_error",
                          "model",
                          "model_not_found",
                          null)));
    } catch (AiProviderException e) {
      return error(OpenAiError.from(e));
    }
  }

  private static JsonObjectBuilder modelJson(ModelInfo model) {
    JsonObjectBuilder item =
        Jsons.JSON
            .createObjectBuilder()
            .add("id", model.id())
            .add("object", "model")
            .add("created", 0)
            .add("owned_by", model.ownedBy());
    model.maxModelLen().ifPresent(len -> item.add("max_model_len", len));
    return item;
  }

  /**
   * Answered asynchronously: no container thread waits for the upstream, and a caller who leaves
   * cancels the upstream call (every batch still running, any retry waiting) at once.
   */
  @POST
  @Path("/embeddings")
  @Consumes(MediaType.APPLICATION_JSON)
  public void embeddings(
      InputStream body,
      @HeaderParam("Content-Type") String type,
      @HeaderParam("Content-Length") Long length,
      @Context SecurityContext security,
      @Context HttpServletRequest servletRequest,
      @Suspended AsyncResponse async)
      throws IOException {
    Optional<OpenAiError> refusal = refusal(security);
    if (refusal.isPresent()) {
      async.resume(error(refusal.get()));
      return;
    }
    EmbeddingRequest request;
    CompletableFuture<EmbeddingResponse> call;
    try {
      request = embeddingRequest(read(body, type, length == null ? -1 : length));
      call = embeddings.embedAsync(request).toCompletableFuture();
    } catch (ApiException e) {
      async.resume(error(OpenAiError.from(e.error())));
      return;
    } catch (RequestError e) {
      async.resume(error(e.error()));
      return;
    } catch (AiProviderException e) {
      async.resume(error(OpenAiError.from(e)));
      return;
    }
    ClientDisconnects.Registration watch =
        ClientDisconnects.onClose(servletRequest, () -> call.cancel(true));
    var unused =
        call.whenComplete(
            (response, failure) -> {
              watch.remove(); // before the answer is written: see Registration
              try {
                async.resume(
                    failure == null
                        ? Response.ok(embeddingsJson(response, request.encoding())).build()
                        : error(OpenAiError.from(AiProviderException.of(failure))));
              } catch (RuntimeException e) {
                async.resume(e); // to the exception mappers: the caller gets an answer either way
              }
            });
  }

  private Optional<OpenAiError> refusal(SecurityContext security) {
    return facade.access().check(security.getUserPrincipal(), security::isUserInRole);
  }

  private JsonObject read(InputStream body, String type, long length) throws IOException {
    return RequestBodies.jsonObject(
        body, type, length, facade.maxRequestBytes(), "cms.ai.api.max-request-bytes");
  }

  private static EmbeddingRequest embeddingRequest(JsonObject json) {
    List<String> inputs = new ArrayList<>();
    JsonValue input = json.get("input");
    if (input instanceof JsonString s) {
      inputs.add(s.getString());
    } else if (input instanceof JsonArray array && !array.isEmpty()) {
      for (JsonValue item : array) {
        if (!(item instanceof JsonString s)) {
          throw new RequestError(
              OpenAiError.invalid("'input' must be a string or an array of strings", "input"));
        }
        inputs.add(s.getString());
      }
    } else {
      throw new RequestError(
          OpenAiError.invalid(
              "'input' is required: a string or a non-empty array of strings", "input"));
    }
    String model = optionalString(json, "model");
    String format = optionalString(json, "encoding_format");
    EmbeddingRequest.Encoding encoding =
        switch (format == null ? "float" : format) {
          case "float" -> EmbeddingRequest.Encoding.FLOAT;
          case "base64" -> EmbeddingRequest.Encoding.BASE64;
          default ->
              throw new RequestError(
                  OpenAiError.invalid(
                      "'encoding_format' must be float or base64", "encoding_format"));
        };
    Integer dimensions = dimensions(json.get("dimensions"));
    Map<String, JsonValue> extra = new LinkedHashMap<>();
    json.forEach(
        (key, value) -> {
          if (!List.of("input", "model", "encoding_format", "dimensions").contains(key)) {
            extra.put(key, value);
          }
        });
    try {
      return new EmbeddingRequest(model, inputs, encoding, dimensions, extra);
    } catch (IllegalArgumentException e) {
      throw new RequestError(OpenAiError.invalid(e.getMessage(), "input"));
    }
  }

  private static String optionalString(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestError(OpenAiError.invalid("'" + name + "' must be a string", name));
  }

  private static Integer dimensions(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber n
        && n.isIntegral()
        && n.bigIntegerValue().signum() > 0
        && n.bigIntegerValue().bitLength() < 32) {
      return n.intValue();
    }
    throw new RequestError(
        OpenAiError.invalid("'dimensions' must be a positive whole number", "dimensions"));
  }

  private static JsonObject embeddingsJson(
      EmbeddingResponse response, EmbeddingRequest.Encoding encoding) {
    JsonArrayBuilder data = Jsons.JSON.createArrayBuilder();
    for (int i = 0; i < response.vectors().size(); i++) {
      float[] vector = response.vectors().get(i);
      JsonObjectBuilder item =
          Jsons.JSON.createObjectBuilder().add("object", "embedding").add("index", i);
      if (encoding == EmbeddingRequest.Encoding.BASE64) {
        ByteBuffer bytes =
            ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        item.add("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        JsonArrayBuilder values = Jsons.JSON.createArrayBuilder();
        for (float v : vector) {
          values.add(v);
        }
        item.add("embedding", values);
      }
      data.add(item);
    }
    return Jsons.JSON
        .createObjectBuilder()
        .add("object", "list")
        .add("model", response.model())
        .add("data", data)
        .add(
            "usage",
            Jsons.JSON
                .createObjectBuilder()
                .add("prompt_tokens", response.usage().promptTokens())
                .add("total_tokens", response.usage().totalTokens()))
        .build();
  }

  private static Response error(OpenAiError error) {
    Response.ResponseBuilder builder =
        Response.status(error.status()).entity(error.toJson()).type(MediaType.APPLICATION_JSON);
    error.retryAfterHeader().ifPresent(v -> builder.header("Retry-After", v));
    return builder.build();
  }
}
