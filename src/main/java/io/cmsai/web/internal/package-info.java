/**
 * The web edge's machinery: the JAX-RS exception mappers and JSON body reader, the container's
 * error page, and the one-line incident log of unexpected failures. Not for use outside {@code
 * io.cmsai.web}.
 */
package io.cmsai.web.internal;
