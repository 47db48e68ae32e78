package io.cmsai.web.internal;

import io.cmsai.indexing.IndexBusyException;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The work asked for already runs (a re-index): 409 {@code busy}. */
@Provider
public class BusyMapper implements ExceptionMapper<IndexBusyException> {

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(IndexBusyException e) {
    return ErrorResponses.of(ApiError.of(ErrorType.BUSY, e.getMessage()), request);
  }
}
