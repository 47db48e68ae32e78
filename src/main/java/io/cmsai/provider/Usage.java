package io.cmsai.provider;

/**
 * Token counts of one call.
 *
 * @param promptTokens tokens in the request
 * @param completionTokens tokens generated
 * @param totalTokens their sum as the server reports it
 * @param estimated true when the server reported nothing and the module estimated the counts
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens, boolean estimated) {}
