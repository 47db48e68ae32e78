package io.cmsai.web.internal;

import io.cmsai.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link IllegalArgumentException} that reaches the edge: the module's values (queries,
 * settings, content items) validate their input with it, so it is the caller's error, 400, with its
 * message. A message that looks like it carries an exception class gets a generic text instead.
 */
@Provider
public class InvalidArgumentMapper implements ExceptionMapper<IllegalArgumentException> {

  private static final Logger LOG = Logger.getLogger(InvalidArgumentMapper.class.getName());

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(IllegalArgumentException e) {
    LOG.log(
        Level.FINE,
        () ->
            ErrorResponses.describe(request)
                + " refused: "
                + Incidents.oneLine(String.valueOf(e.getMessage()), 300));
    return ErrorResponses.of(ApiError.invalid(message(e)), request);
  }

  static String message(IllegalArgumentException e) {
    String message = e.getMessage();
    if (message == null
        || message.isBlank()
        || message.contains("Exception")
        || message.contains("java.")) {
      return "the request is not valid";
    }
    return message;
  }
}
