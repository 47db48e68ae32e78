/**
 * Module settings: values saved by administrators (persisted through Hibernate in the module's
 * database) that override the MicroProfile Config defaults; key references and the secrets they
 * name ({@link io.cmsai.config.KeyResolver}, {@link io.cmsai.config.KeyReferences}); and where the
 * module may connect to on an administrator's behalf ({@link io.cmsai.config.OutboundPolicy}).
 */
package io.cmsai.config;
