/**
 * Wire-level helpers of the provider capability: the tolerant error decoder, the OpenAI stream
 * assembler, {@code Retry-After} parsing, the retry policy and secret redaction. Not for use
 * outside {@code io.cmsai.provider}.
 */
package io.cmsai.provider.internal;
