package io.cmsai.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Anything else: 500 with a generic message and an incident id, logged once as one line ({@link
 * Incidents}). The response never carries the exception's class, message or trace.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(Throwable e) {
    return ErrorResponses.of(Incidents.record(ErrorResponses.describe(request), e), request);
  }
}
