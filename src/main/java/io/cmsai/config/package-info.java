/**
 * Module settings: values saved by administrators (persisted through Hibernate in the module's
 * database) that override the MicroProfile Config defaults.
 */
package io.cmsai.config;
