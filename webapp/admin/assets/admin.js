// Shared by the admin console's pages: the page frame, the session (user and CSRF token), calls to
// the admin API and a small DOM builder. Text is always set as text, never parsed as HTML.

/** The web application's context path ("" at the root). */
export const ROOT = location.pathname.slice(0, location.pathname.indexOf('/admin/'));

let csrfToken = '';

/** Builds an element: el('td', {class: 'num'}, 'text', childElement). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Calls the admin API: resolves to {ok, status, data}. A lost session sends the browser to the
 * sign-in page; a network failure resolves with status 0 and a message.
 */
export async function api(method, path, body) {
  const headers = {'X-Requested-With': 'cms-ai-admin', 'Accept': 'application/json'};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${ROOT}/api/ai/admin/${path}`, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return {ok: false, status: 0, data: {error: {message: `The module did not answer (${e.message}).`}}};
  }
  if (response.status === 401) {
    location.assign(`${ROOT}/admin/login?next=${encodeURIComponent(location.pathname.slice(ROOT.length))}`);
    return new Promise(() => {});
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch (e) { data = {error: {message: `HTTP ${response.status}`}}; }
  }
  return {ok: response.ok, status: response.status, data};
}

/** The error message of a failed call. */
export function messageOf(result) {
  return result.data?.error?.message || `The request failed (HTTP ${result.status}).`;
}

/** Shows a message in a banner element: kind is 'ok', 'bad' or 'info'; '' clears it. */
export function banner(node, kind, text) {
  node.className = text ? `banner ${kind}` : 'banner';
  node.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
  node.textContent = text;
}

/** Runs an action with its button disabled and marked busy. */
export async function busy(button, action) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (button.dataset.busy) button.textContent = button.dataset.busy;
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

const PAGES = [
  ['index.html', 'Provider'],
  ['vectors.html', 'Vector database'],
  ['search-index.html', 'Search index'],
  ['keys.html', 'Key references'],
  ['log.html', 'Request log'],
  ['account.html', 'Account'],
];

/** Loads the session and draws the page header; resolves to the session. */
export async function start() {
  const result = await api('GET', 'account');
  if (!result.ok) {
    document.body.prepend(el('p', {class: 'banner bad', role: 'alert'}, messageOf(result)));
    throw new Error(messageOf(result));
  }
  csrfToken = result.data.csrfToken;
  const here = location.pathname.endsWith('/admin/') ? 'index.html' : location.pathname.split('/').pop();
  const header = el('header', {class: 'top'},
    el('div', {class: 'bar'},
      el('span', {class: 'brand'}, 'CMS AI admin'),
      el('nav', {'aria-label': 'Admin pages'},
        PAGES.map(([href, label]) => el('a', {href, 'aria-current': href === here ? 'page' : null}, label))),
      el('form', {method: 'post', action: 'logout'},
        el('span', {class: 'who'}, `Signed in as ${result.data.user}`),
        el('input', {type: 'hidden', name: '_csrf', value: csrfToken}),
        el('button', {type: 'submit', class: 'link', id: 'sign-out'}, 'Sign out'))));
  document.body.prepend(el('a', {class: 'skip', href: '#main'}, 'Skip to content'), header);
  return result.data;
}

/** Marks a field invalid with a message, or valid with ''. */
export function fieldError(input, errorNode, message) {
  if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  errorNode.textContent = message || '';
}
