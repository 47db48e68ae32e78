// The public search page: reads the query from the address (so results can be bookmarked and the
// back button works), calls GET api/ai/search and lists the hits. Text is set as text; the only
// markup taken from the server is <mark> inside snippets, rebuilt element by element.

const ROOT = location.pathname.slice(0, location.pathname.lastIndexOf('/'));
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const lang = document.getElementById('lang');
const mode = document.getElementById('mode');
const status = document.getElementById('status');
const results = document.getElementById('results');
let current = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** The snippet's text with its <mark> elements, nothing else. */
function snippet(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body.firstChild;
  const out = el('p', {class: 'snippet'});
  for (const node of parsed ? parsed.childNodes : []) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
    else if (node.nodeName === 'MARK') out.append(el('mark', {}, node.textContent));
    else out.append(node.textContent || '');
  }
  return out;
}

/**
 * A safe link target, by the rule the module applies when content is pushed: http(s) URLs with a
 * host and site paths starting with a single / as they are, paths without a scheme against the
 * module root; anything else (javascript:, data:, //host, /\host, control characters) is '#'.
 */
function href(url) {
  if (typeof url !== 'string' || /[\u0000-\u001f\u007f\\]/.test(url)) return '#';
  if (/^https?:\/\/[^/?#]/i.test(url)) return url;
  if (url.startsWith('/')) return url.startsWith('//') ? '#' : url;
  if (url === '' || /^[^/?#]*:/.test(url)) return '#';
  return `${ROOT}/${url}`;
}

function render(data) {
  results.replaceChildren();
  const notes = data.notes.length ? ` ${data.notes.join('. ')}.` : '';
  if (!data.hits.length) {
    status.textContent = `Nothing found for “${data.query}”.${notes}`;
    return;
  }
  status.textContent = `${data.hits.length} result${data.hits.length === 1 ? '' : 's'} (${data.mode}, ${data.tookMillis} ms).${notes}`;
  for (const hit of data.hits) {
    const title = hit.title || hit.id;
    results.append(el('li', {class: 'hit', lang: hit.language || ''},
      el('h2', {}, el('a', {href: href(hit.url)}, title)),
      snippet(hit.snippetHtml),
      el('p', {class: 'url'}, hit.url)));
  }
}

async function search(params) {
  const q = params.get('q') || '';
  input.value = q;
  lang.value = params.get('lang') || '';
  mode.value = params.get('mode') || 'auto';
  results.replaceChildren();
  if (!q.trim()) { status.textContent = ''; return; }
  status.textContent = 'Searching…';
  const query = new URLSearchParams({q});
  if (lang.value) query.set('lang', lang.value);
  if (mode.value !== 'auto') query.set('mode', mode.value);
  if (current) current.abort();
  current = new AbortController();
  try {
    const response = await fetch(`${ROOT}/api/ai/search?${query}`, {signal: current.signal, headers: {Accept: 'application/json'}});
    const data = await response.json();
    if (!response.ok) { status.textContent = data?.error?.message || `Search failed (HTTP ${response.status}).`; return; }
    render(data);
  } catch (e) {
    if (e.name !== 'AbortError') status.textContent = `Search is not available right now (${e.message}).`;
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const params = new URLSearchParams();
  params.set('q', input.value);
  if (lang.value) params.set('lang', lang.value);
  if (mode.value !== 'auto') params.set('mode', mode.value);
  history.pushState(null, '', `?${params}`);
  search(params);
});
window.addEventListener('popstate', () => search(new URLSearchParams(location.search)));
search(new URLSearchParams(location.search));
