package io.cmsai.web.internal;

import io.cmsai.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A refused request: its error, logged at FINE only. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(ApiException e) {
    LOG.log(
        Level.FINE,
        () ->
            ErrorResponses.describe(request)
                + " refused: "
                + Incidents.oneLine(e.getMessage(), 300));
    return ErrorResponses.of(e.error(), request);
  }
}
