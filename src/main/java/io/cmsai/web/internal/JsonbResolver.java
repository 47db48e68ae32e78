package io.cmsai.web.internal;

import io.cmsai.web.JsonBinding;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Hands JAX-RS the module's JSON-B configuration ({@link JsonBinding}) for every entity. */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {

  @Override
  public Jsonb getContext(Class<?> type) {
    return JsonBinding.jsonb();
  }
}
