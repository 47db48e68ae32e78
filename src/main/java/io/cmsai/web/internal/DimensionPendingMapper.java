package io.cmsai.web.internal;

import io.cmsai.embeddings.DimensionPendingException;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The embedding model's dimension is not known yet: 503 {@code unavailable}, saying why. */
@Provider
public class DimensionPendingMapper implements ExceptionMapper<DimensionPendingException> {

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(DimensionPendingException e) {
    return ErrorResponses.of(ApiError.of(ErrorType.UNAVAILABLE, e.getMessage()), request);
  }
}
