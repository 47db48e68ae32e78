// The provider settings page: the form (its fields come from the settings API), save, reset,
// connection test and model list.
import {api, banner, busy, el, messageOf, start} from './admin.js';
import {presetPicker} from './presets.js';
import {settingsForm} from './settings-form.js';

const BUILT_IN_EMBEDDER = 'the built-in all-MiniLM-L6-v2 (in-process, no server)';
const form = document.getElementById('provider-form');
let effective = {};
const status = document.getElementById('form-status');
const settings = settingsForm(status);

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
    settings.announce('ok', 'Settings saved. They apply to the next call.');
  });
});

document.getElementById('reset').addEventListener('click', async event => {
  if (!confirm('Remove every saved value? The configured and built-in values apply again.')) return;
  await busy(event.currentTarget, async () => {
    const result = await api('DELETE', 'provider');
    if (!result.ok) return settings.announce('bad', messageOf(result));
    showForm(result.data);
    settings.announce('ok', 'Saved values removed: the configured and built-in values apply.');
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

presetPicker(document.getElementById('group-preset'), settings, status);
start().then(load);
