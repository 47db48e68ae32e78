/**
 * Who may call the module and how they prove it: the embedded administrator accounts ({@link
 * io.cmsai.security.AdminAccounts}), the authentication mechanism (sign-in form, HTTP Basic, the
 * host's identity stores), the roles ({@link io.cmsai.security.Roles}), CSRF protection ({@link
 * io.cmsai.security.Csrf}, {@link io.cmsai.security.CsrfFilter}) and the security headers of every
 * response. Filters that refuse a request answer with the module's error JSON ({@link
 * io.cmsai.web.ApiError}).
 */
package io.cmsai.security;
