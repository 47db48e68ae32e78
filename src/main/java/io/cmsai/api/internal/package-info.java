/**
 * Helpers of the REST facade: the OpenAI wire format of requests, responses and errors, access
 * checks, and the non-blocking SSE relay. Not for use outside {@code io.cmsai.api}.
 */
package io.cmsai.api.internal;
