package io.cmsai.security;

import io.cmsai.security.internal.SecurityHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response (see {@link SecurityHeaders}). Declared in {@code web.xml} as
 * the first filter, for requests, forwards, error pages and async dispatches, so that responses
 * other filters refuse carry them too; the authentication mechanism, which runs before any filter,
 * sets them on its own answers.
 */
public class SecurityHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    SecurityHeaders.apply(request, response);
    chain.doFilter(request, response);
  }
}
