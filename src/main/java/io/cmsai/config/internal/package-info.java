/**
 * Implementation of the configuration capability: the saved-setting entity, the secrets directory's
 * files ({@link io.cmsai.config.internal.SecretFiles}) and the address rules of the outbound policy
 * ({@link io.cmsai.config.internal.AddressRules}). Not for use outside {@code io.cmsai.config}.
 */
package io.cmsai.config.internal;
