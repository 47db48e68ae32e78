package io.cmsai.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmsai.platform.Jsons;
import io.cmsai.web.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminWireTest {

  @Test
  void values_that_are_not_an_object_are_a_400_naming_values() {
    for (String body : new String[] {"{\"values\":[]}", "{\"values\":\"x\"}", "{\"values\":1}"}) {
      ApiException e =
          assertThrows(ApiException.class, () -> AdminWire.changes(Jsons.readObject(body)));

      assertEquals(400, e.error().status(), body);
      assertEquals(java.util.Set.of("values"), e.error().fields().keySet(), body);
    }
  }

  @Test
  void values_become_full_keys_and_null_clears() {
    assertEquals(
        Map.of(
            "cms.ai.provider.chat-model",
            "m",
            "cms.ai.provider.max-retries",
            "3",
            "cms.ai.provider.debug",
            ""),
        AdminWire.changes(
            Jsons.readObject(
                "{\"values\":{\"chat-model\":\"m\",\"max-retries\":3,\"debug\":null}}")));
    assertEquals(Map.of(), AdminWire.changes(Jsons.readObject("{\"values\":null}")));
  }
}
