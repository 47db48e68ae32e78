/**
 * Server-sent events: a byte-level, incremental parser that follows the WHATWG rules ({@link
 * io.cmsai.streaming.SseParser}) and the event value it produces. Transport-neutral: callers feed
 * it bytes as they arrive from any source.
 */
package io.cmsai.streaming;
