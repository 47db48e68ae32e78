/**
 * The module's HTTP edge, shared by every endpoint: one error record ({@link
 * io.cmsai.web.ApiError}) with a short fixed vocabulary ({@link io.cmsai.web.ErrorType}), the
 * exception that carries it ({@link io.cmsai.web.ApiException}), and the bounded, strict reading of
 * JSON request bodies ({@link io.cmsai.web.RequestBodies}). Resources return values and throw; the
 * exception mappers and the container's error pages in {@code internal} turn every failure into
 * that error, as JSON under {@code /api/} (in OpenAI's shape under {@code /api/ai/v1/}) and as a
 * small HTML page elsewhere, never with an exception class, a stack trace or the server's name.
 * Capabilities may import this package; it imports only the public roots of the capabilities whose
 * exceptions it maps.
 */
package io.cmsai.web;
