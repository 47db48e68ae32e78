// The provider settings page: the form, save, reset, connection test and model list.
import {api, banner, busy, el, messageOf, start} from './admin.js';
import {presetPicker} from './presets.js';
import {settingsForm} from './settings-form.js';

const DURATION = 'duration';
const FIELDS = [
  {key: 'kind', group: 'server', label: 'Server kind', type: 'select',
    options: [['llm-d', 'llm-d inference gateway'], ['openai-compatible', 'OpenAI-compatible (vLLM, llama.cpp, LocalAI…)']],
    hint: 'llm-d has no health endpoint of its own; its model list is used instead.'},
  {key: 'base-url', group: 'server', label: 'Base URL', type: 'url',
    hint: 'The OpenAI-compatible endpoint, usually ending in /v1 (http:// or https://).'},
  {key: 'api-key-ref', group: 'server', label: 'API key reference', type: 'keyref',
    hint: 'The name of a secret (see Key references); the key itself is never entered here.'},
  {key: 'auth-header', group: 'server', label: 'Key header',
    hint: 'Authorization, api-key (Azure) or x-api-key.'},
  {key: 'auth-scheme', group: 'server', label: 'Key scheme',
    hint: 'Bearer, or none to send the bare key.'},
  {key: 'chat-model', group: 'models', label: 'Default chat model', type: 'model',
    hint: 'For chat calls that name no model; empty: the first model the server lists.'},
  {key: 'embedding-model', group: 'models', label: 'Default embedding model', type: 'model',
    hint: 'Site search embeds with it, and embeddings calls that name no model use it. Empty: site '
      + 'search uses the built-in all-MiniLM-L6-v2 (in-process), embeddings calls use the chat model.'},
  {key: 'connect-timeout', group: 'timeouts', label: 'Connect', type: DURATION, hint: '1ms to 5m.'},
  {key: 'first-byte-timeout', group: 'timeouts', label: 'First byte', type: DURATION,
    hint: 'Until the server starts answering (long prompts on slow models need more).'},
  {key: 'idle-timeout', group: 'timeouts', label: 'Idle gap', type: DURATION,
    hint: 'The longest pause inside a streamed answer.'},
  {key: 'total-timeout', group: 'timeouts', label: 'Total', type: DURATION,
    hint: 'The whole call, retries included.'},
  {key: 'debug', group: 'diagnostics', label: 'Debug', type: 'select',
    options: [['true', 'On: log call summaries, keep the request log'], ['false', 'Off']],
    hint: 'Keys and Authorization headers are always redacted.'},
  {key: 'debug-bodies', group: 'diagnostics', label: 'Log prompts', type: 'select',
    options: [['false', 'Off: log body sizes only'], ['true', 'On: log request bodies (prompts, possibly personal data)']],
    hint: 'Only with Debug on. Bodies are cut to 1000 characters.'},
  {key: 'max-retries', group: 'advanced', label: 'Retries', type: 'number',
    hint: 'Before the first byte reaches the caller; 0 to 10.'},
  {key: 'max-concurrent-calls', group: 'advanced', label: 'Concurrent calls', type: 'number',
    hint: 'Calls in flight at once; a stream counts until it ends.'},
  {key: 'max-queued-calls', group: 'advanced', label: 'Queued calls', type: 'number',
    hint: 'Calls that may wait for a slot before new ones are refused.'},
  {key: 'circuit-failure-threshold', group: 'advanced', label: 'Circuit breaker threshold', type: 'number',
    hint: 'Consecutive connection failures that open the breaker.'},
  {key: 'circuit-open-for', group: 'advanced', label: 'Circuit open for', type: DURATION,
    hint: 'How long an open breaker refuses calls before one trial.'},
  {key: 'embedding-batch-size', group: 'advanced', label: 'Embedding batch size', type: 'number',
    hint: 'The most inputs per embeddings request.'},
  {key: 'embedding-concurrency', group: 'advanced', label: 'Embedding concurrency', type: 'number',
    hint: 'Batches sent at once for one call.'},
  {key: 'model-cache-ttl', group: 'advanced', label: 'Model list cache', type: DURATION,
    hint: 'How long the model list is reused.'},
];
const BUILT_IN_EMBEDDER = 'the built-in all-MiniLM-L6-v2 (in-process, no server)';
const form = document.getElementById('provider-form');
let effective = {};
const status = document.getElementById('form-status');
const settings = settingsForm(FIELDS, status);

function showProblems(result) {
  settings.showProblems(result, first => {
    if (first.group === 'advanced') document.getElementById('group-advanced').open = true;
  });
}

function showModels(models) {
  const list = document.getElementById('model-list');
  list.replaceChildren(...models.map(m => el('option', {value: m.id},
    m.maxModelLen ? `${m.id} (context ${m.maxModelLen})` : m.id)));
  document.getElementById('models-status').textContent = models.length === 0
    ? 'The server lists no models; type a model id.'
    : `${models.length} model${models.length === 1 ? '' : 's'} available: ${models.map(m => m.id).join(', ')}`;
}

/** Says which model each feature uses with the settings in force. */
function showModelsInUse() {
  const chat = effective['chat-model'] || 'the first model the server lists';
  const embedding = effective['embedding-model'];
  document.getElementById('models-in-use').textContent =
    `In use now: chat → ${chat}; site search → ${embedding ? `${embedding} on this server` : BUILT_IN_EMBEDDER}; `
    + `embeddings calls that name no model → ${embedding || chat}.`;
}

/** The site-search embedding model the form would put in force ('' = the built-in model). */
function embeddingModelAfterSave() {
  const typed = settings.values()['embedding-model'];
  if (typed !== '') return typed;
  const setting = lastForm.fields.find(f => f.key === 'embedding-model');
  return setting ? setting.inherited : '';
}

/** Asks before a save that changes the model site search embeds with (the index becomes stale). */
function confirmEmbeddingChange() {
  const before = effective['embedding-model'] || '';
  const after = embeddingModelAfterSave();
  if (after === before) return true;
  const name = model => (model ? model : BUILT_IN_EMBEDDER);
  return confirm(`Site search will embed with ${name(after)} instead of ${name(before)}. `
    + 'The search index built with the old model becomes stale: meaning-based search needs a rebuild '
    + 'on the Search index page. Save anyway?');
}

let lastForm = {fields: []};

function showForm(data) {
  lastForm = data;
  effective = data.effective || {};
  settings.show(data);
  showModelsInUse();
}

function latency(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function showCheck(check) {
  document.getElementById('test-section').hidden = false;
  const failed = check.steps.find(s => s.status === 'failed');
  banner(document.getElementById('test-summary'), check.ok ? 'ok' : 'bad',
    check.ok ? 'Connection works: every step succeeded.' : `Connection failed at "${failed.name}": ${failed.cause}.`);
  const rows = check.steps.map(step => el('tr', {id: `step-${step.name}`},
    el('th', {scope: 'row'}, step.name),
    el('td', {class: `status-${step.status}`}, step.status === 'ok' ? 'OK' : step.status === 'failed' ? 'Failed' : 'Skipped'),
    el('td', {class: 'num'}, step.status === 'skipped' ? '—' : latency(step.latencyMillis)),
    el('td', {}, step.result || step.cause, step.detail ? el('div', {class: 'detail'}, step.detail) : null)));
  document.querySelector('#test-results tbody').replaceChildren(...rows);
  if (check.models.length > 0) showModels(check.models);
  document.getElementById('test-section').scrollIntoView({block: 'start'});
}

async function load() {
  const [current, keys] = await Promise.all([api('GET', 'provider'), api('GET', 'keys')]);
  if (keys.ok) settings.setKeyReferences(keys.data.references);
  if (!current.ok) {
    banner(status, 'bad', messageOf(current));
    return;
  }
  showForm(current.data);
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  // A new attempt starts without the previous outcome, so "Settings saved" always means this save.
  banner(status, '', '');
  if (!confirmEmbeddingChange()) return;
  await busy(document.getElementById('save'), async () => {
    const result = await api('PUT', 'provider', {values: settings.values()});
    if (!result.ok) return showProblems(result);
    showForm(result.data);
    banner(status, 'ok', 'Settings saved. They apply to the next call.');
  });
});

document.getElementById('reset').addEventListener('click', async event => {
  if (!confirm('Remove every saved value? The configured and built-in values apply again.')) return;
  await busy(event.currentTarget, async () => {
    const result = await api('DELETE', 'provider');
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    showForm(result.data);
    banner(status, 'ok', 'Saved values removed: the configured and built-in values apply.');
  });
});

document.getElementById('test-connection').addEventListener('click', async event => {
  await busy(event.currentTarget, async () => {
    banner(status, '', '');
    document.getElementById('test-section').hidden = false;
    banner(document.getElementById('test-summary'), 'info', 'Testing the connection…');
    document.querySelector('#test-results tbody').replaceChildren();
    const result = await api('POST', 'provider/test', {values: settings.values()});
    if (!result.ok) {
      // Nothing was tested: no empty step table stays on screen.
      document.getElementById('test-section').hidden = true;
      return showProblems(result);
    }
    settings.clearProblems();
    showCheck(result.data);
  });
});

document.getElementById('refresh-models').addEventListener('click', async event => {
  await busy(event.currentTarget, async () => {
    const modelsStatus = document.getElementById('models-status');
    modelsStatus.textContent = 'Asking the server…';
    const result = await api('POST', 'provider/models', {values: settings.values()});
    if (result.status === 400) {
      modelsStatus.textContent = '';
      return showProblems(result);
    }
    if (!result.ok) {
      modelsStatus.textContent = `Could not read the model list (${messageOf(result)}). Type a model id instead.`;
      return;
    }
    showModels(result.data.models);
  });
});

settings.build();
presetPicker(document.getElementById('group-preset'), settings, status);
start().then(load);
