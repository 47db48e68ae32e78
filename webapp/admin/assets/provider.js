// The provider settings page: the form, save, reset, connection test and model list.
import {api, banner, busy, el, fieldError, messageOf, start} from './admin.js';

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
    hint: 'Pick from the list or type a model id; empty: the first model the server lists.'},
  {key: 'embedding-model', group: 'models', label: 'Default embedding model', type: 'model',
    hint: 'Pick from the list or type a model id; empty: the chat model.'},
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
const ORIGIN_LABEL = {saved: 'saved', configured: 'from configuration', default: 'built-in default'};

const form = document.getElementById('provider-form');
const status = document.getElementById('form-status');
const inputs = {};
const errors = {};
let keyReferences = [];

function control(field) {
  const id = `f-${field.key}`;
  const described = `h-${field.key} u-${field.key} e-${field.key}`;
  const common = {id, name: field.key, 'aria-describedby': described};
  if (field.type === 'select' || field.type === 'keyref') return el('select', common);
  if (field.type === 'model') return el('input', {...common, list: 'model-list', autocomplete: 'off', spellcheck: 'false'});
  if (field.type === 'number') return el('input', {...common, inputmode: 'numeric'});
  return el('input', {...common, type: field.type === 'url' ? 'url' : 'text', spellcheck: 'false'});
}

function build() {
  for (const field of FIELDS) {
    const input = control(field);
    inputs[field.key] = input;
    errors[field.key] = el('p', {class: 'error', id: `e-${field.key}`});
    const node = el('div', {class: 'field', id: `field-${field.key}`},
      el('label', {for: input.id}, field.label, el('span', {class: 'origin', id: `o-${field.key}`})),
      input,
      el('p', {class: 'hint', id: `u-${field.key}`}),
      el('p', {class: 'hint', id: `h-${field.key}`}, field.hint),
      errors[field.key]);
    document.querySelector(`#group-${field.group} .grid`).append(node);
  }
}

function fillSelect(field, setting) {
  const select = inputs[field.key];
  const inherited = setting.inherited === '' ? 'none' : setting.inherited;
  const options = [['', `Use ${ORIGIN_LABEL[setting.inheritedOrigin]}: ${inherited}`]];
  if (field.type === 'keyref') {
    for (const key of keyReferences) {
      options.push([key.name, `${key.name} — ${key.resolved ? `resolves (${key.source})` : 'does not resolve now'}`]);
    }
    if (setting.saved && !keyReferences.some(k => k.name === setting.saved)) options.push([setting.saved, setting.saved]);
  } else {
    options.push(...field.options);
  }
  select.replaceChildren(...options.map(([value, label]) => el('option', {value}, label)));
  select.value = setting.saved;
}

function show(form) {
  for (const setting of form.fields) {
    const field = FIELDS.find(f => f.key === setting.key);
    if (!field) continue;
    if (field.type === 'select' || field.type === 'keyref') fillSelect(field, setting);
    else {
      inputs[field.key].value = setting.saved;
      inputs[field.key].placeholder = setting.inherited;
    }
    const badge = document.getElementById(`o-${setting.key}`);
    badge.className = `origin ${setting.origin}`;
    badge.textContent = ORIGIN_LABEL[setting.origin];
    const inherited = setting.inherited === '' ? '(empty)' : setting.inherited;
    document.getElementById(`u-${setting.key}`).textContent = setting.origin === 'saved'
      ? `Saved. Without it: ${inherited} (${ORIGIN_LABEL[setting.inheritedOrigin]}).`
      : `In use: ${inherited} (${ORIGIN_LABEL[setting.inheritedOrigin]}).`;
    fieldError(inputs[setting.key], errors[setting.key], '');
  }
  if (form.problem) banner(status, 'bad', `The configuration in force is invalid: ${form.problem}`);
}

function values() {
  const result = {};
  for (const field of FIELDS) result[field.key] = inputs[field.key].value.trim();
  return result;
}

function showProblems(result) {
  const fields = result.data?.fields || {};
  for (const field of FIELDS) fieldError(inputs[field.key], errors[field.key], fields[field.key]);
  const first = FIELDS.find(f => fields[f.key]);
  if (first) {
    const advanced = document.getElementById('group-advanced');
    if (first.group === 'advanced') advanced.open = true;
    inputs[first.key].focus();
  }
  banner(status, 'bad', messageOf(result));
}

function showModels(models) {
  const list = document.getElementById('model-list');
  list.replaceChildren(...models.map(m => el('option', {value: m.id},
    m.maxModelLen ? `${m.id} (context ${m.maxModelLen})` : m.id)));
  document.getElementById('models-status').textContent = models.length === 0
    ? 'The server lists no models; type a model id.'
    : `${models.length} model${models.length === 1 ? '' : 's'} available: ${models.map(m => m.id).join(', ')}`;
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
  const [settings, keys] = await Promise.all([api('GET', 'provider'), api('GET', 'keys')]);
  if (keys.ok) keyReferences = keys.data.references;
  if (!settings.ok) {
    banner(status, 'bad', messageOf(settings));
    return;
  }
  show(settings.data);
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  await busy(document.getElementById('save'), async () => {
    const result = await api('PUT', 'provider', {values: values()});
    if (!result.ok) return showProblems(result);
    show(result.data);
    banner(status, 'ok', 'Settings saved. They apply to the next call.');
  });
});

document.getElementById('reset').addEventListener('click', async event => {
  if (!confirm('Remove every saved value? The configured and built-in values apply again.')) return;
  await busy(event.currentTarget, async () => {
    const result = await api('DELETE', 'provider');
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    show(result.data);
    banner(status, 'ok', 'Saved values removed: the configured and built-in values apply.');
  });
});

document.getElementById('test-connection').addEventListener('click', async event => {
  await busy(event.currentTarget, async () => {
    banner(status, '', '');
    document.getElementById('test-section').hidden = false;
    banner(document.getElementById('test-summary'), 'info', 'Testing the connection…');
    document.querySelector('#test-results tbody').replaceChildren();
    const result = await api('POST', 'provider/test', {values: values()});
    if (!result.ok) banner(document.getElementById('test-summary'), '', '');
    if (!result.ok) return showProblems(result);
    for (const field of FIELDS) fieldError(inputs[field.key], errors[field.key], '');
    showCheck(result.data);
  });
});

document.getElementById('refresh-models').addEventListener('click', async event => {
  await busy(event.currentTarget, async () => {
    const modelsStatus = document.getElementById('models-status');
    modelsStatus.textContent = 'Asking the server…';
    const result = await api('POST', 'provider/models', {values: values()});
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

build();
start().then(load);
