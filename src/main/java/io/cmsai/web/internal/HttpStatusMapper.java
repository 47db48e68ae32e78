package io.cmsai.web.internal;

import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A status the JAX-RS runtime raised (404 no such resource, 405, 406, 415 not JSON, 403 from
 * {@code @RolesAllowed}, 400 from a bad parameter...): the module's error with a message for the
 * status, never the runtime's own text (which may name classes). A response that already has a body
 * passes unchanged; headers such as {@code Allow} are kept.
 */
@Provider
public class HttpStatusMapper implements ExceptionMapper<WebApplicationException> {

  private static final Logger LOG = Logger.getLogger(HttpStatusMapper.class.getName());

  @Context private HttpServletRequest request;

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    if (original.hasEntity()) {
      return original;
    }
    int status = original.getStatus();
    if (status >= 500) {
      return ErrorResponses.of(Incidents.record(ErrorResponses.describe(request), e), request);
    }
    LOG.log(Level.FINE, () -> ErrorResponses.describe(request) + " answered " + status);
    ApiError error =
        new ApiError(status, ErrorType.forStatus(status), message(status), java.util.Map.of());
    Response.ResponseBuilder answer = Response.fromResponse(ErrorResponses.of(error, request));
    original
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> answer.header(name, v));
              }
            });
    return answer.build();
  }

  /** The message for a status the runtime or the container raised. */
  public static String message(int status) {
    return switch (status) {
      case 400 -> "the request is not valid";
      case 401 -> "authentication required";
      case 403 -> "your account lacks the role needed for this request";
      case 404 -> "there is nothing at this address";
      case 405 -> "this address does not answer this HTTP method";
      case 406 -> "this address cannot answer in a type the request accepts";
      case 408 -> "the request took too long to arrive";
      case 413 -> "the request body is too large";
      case 414 -> "the request address is too long";
      case 415 -> "the request body must be JSON sent with Content-Type: application/json";
      case 500 -> "an unexpected error occurred";
      case 501 -> "this HTTP method is not implemented";
      case 503 -> "the service is unavailable, try again shortly";
      default -> status >= 500 ? "the server could not answer" : "the request was refused";
    };
  }
}
