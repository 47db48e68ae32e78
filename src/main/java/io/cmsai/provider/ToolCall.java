package io.cmsai.provider;

/**
 * A function call the model asked for.
 *
 * @param id the call id (may be empty when the server sends none)
 * @param name the function name
 * @param arguments the arguments as the JSON text the model produced (not validated)
 */
public record ToolCall(String id, String name, String arguments) {}
