package io.cmsai.web.internal;

import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * The vector store failed or cannot be reached: 503 {@code unavailable} with the store's message
 * (which names no secret), logged once at WARNING without a trace.
 */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<VectorStoreException> {

  private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class.getName());

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(VectorStoreException e) {
    LOG.warning(
        () ->
            ErrorResponses.describe(request)
                + ": the vector store is unavailable: "
                + Incidents.oneLine(String.valueOf(e.getMessage()), 300));
    return ErrorResponses.of(ApiError.of(ErrorType.UNAVAILABLE, e.getMessage()), request);
  }
}
