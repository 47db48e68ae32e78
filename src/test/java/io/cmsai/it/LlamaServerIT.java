package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.TestServices;
import io.cmsai.testing.TestServices.OpenAiServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real OpenAI-compatible test server (llama.cpp llama-server) answers the model list. */
class LlamaServerIT {

  @Test
  void lists_the_served_model_on_v1_models() throws Exception {
    OpenAiServer server = TestServices.openAiServer();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    JsonObject list = Json.createReader(new StringReader(response.body())).readObject();
    assertEquals("list", list.getString("object"));
    assertTrue(
        list.getJsonArray("data").stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(model -> server.model().equals(model.getString("id"))),
        () -> "model " + server.model() + " not in " + response.body());
  }
}
