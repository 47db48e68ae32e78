package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.provider.ConnectionCheck;
import io.cmsai.provider.ConnectionCheck.Status;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.testing.SettingsBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection test explains the usual set-up mistakes in plain language. */
class ConnectionTesterTest {

  private static final String CHAT =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"tiny\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\"length\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

  /** llama.cpp's native /embeddings answer (served when the base URL lacks /v1). */
  private static final String NATIVE_EMBEDDINGS =
      "[{\"index\":0,\"embedding\":[[0.0048,0.0123,-0.0456,0.0789,0.0012,-0.0345,0.0678]]}]";

  private MockWebServer server;
  private ProviderRuntime runtime;
  private ConnectionTester tester;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String target = String.valueOf(request.getTarget());
            if (target.endsWith("/health")) {
              return json("{\"status\":\"ok\"}");
            }
            if (target.endsWith("/models")) {
              return json(
                  "{\"object\":\"list\",\"data\":[{\"id\":\"tiny\",\"object\":\"model\"}]}");
            }
            if (target.endsWith("/chat/completions")) {
              return json(CHAT);
            }
            return target.startsWith("/v1/")
                ? json(
                    "{\"object\":\"list\",\"model\":\"tiny\",\"data\":[{\"object\":\"embedding\","
                        + "\"index\":0,\"embedding\":[0.1,0.2]}]}")
                : json(NATIVE_EMBEDDINGS);
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
    runtime =
        new ProviderRuntime(
            () -> ProviderSettings.defaults(base("/v1")),
            new KeyResolver(ref -> Optional.empty(), Path.of("target/no-secrets")),
            e -> {},
            e -> {},
            Executors.defaultThreadFactory());
    tester = new ConnectionTester(runtime);
  }

  @AfterEach
  void stop() throws IOException {
    runtime.close();
    server.close();
  }

  @Test
  void a_base_url_without_v1_is_named_as_the_likely_cause_instead_of_dumping_the_answer() {
    ConnectionCheck check = tester.test(ProviderSettings.defaults(base("")));

    ConnectionCheck.Step embedding = check.steps().get(3);
    assertEquals(Status.FAILED, embedding.status(), check.toString());
    assertTrue(embedding.cause().contains("does not end in /v1"), embedding.cause());
    assertTrue(embedding.detail().contains("a JSON array"), embedding.detail());
    assertFalse(embedding.detail().contains("-0.0345"), "no vector dump: " + embedding.detail());
  }

  @Test
  void a_base_url_with_v1_passes_every_step() {
    ConnectionCheck check = tester.test(ProviderSettings.defaults(base("/v1")));

    assertTrue(check.ok(), check.toString());
  }

  @Test
  void a_chat_model_the_server_does_not_list_is_pointed_out() {
    ProviderSettings settings =
        SettingsBuilder.of(base("/v1")).chatModel("llama-3.1-8b-instruct").build();

    ConnectionCheck check = tester.test(settings);

    ConnectionCheck.Step chat = check.steps().get(2);
    assertEquals(Status.OK, chat.status(), check.toString());
    assertTrue(chat.result().contains("not in the server's model list"), chat.result());
  }

  private URI base(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
