/**
 * The machinery behind sign-in and sessions: the account entity, password-guessing throttles and
 * budgets, cached HTTP Basic credentials, the CSRF tokens, the session binding cookie and the
 * security headers. Not for use outside {@code io.cmsai.security}.
 */
package io.cmsai.security.internal;
