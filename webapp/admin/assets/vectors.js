// The vector database page: settings (their fields come from the settings API), the embedding
// model in use, and a store connection test.
import {api, banner, busy, el, messageOf, start} from './admin.js';
import {settingsForm} from './settings-form.js';

const KIND_GROUPS = {pgvector: 'group-postgres', milvus: 'group-milvus'};

const status = document.getElementById('form-status');
const settings = settingsForm(status, inputs => inputs.kind.addEventListener('change', showKindGroups));
let inheritedKind = 'embedded';

function showKindGroups() {
  const kind = settings.inputs.kind.value || inheritedKind;
  for (const [name, id] of Object.entries(KIND_GROUPS)) document.getElementById(id).hidden = kind !== name;
}

function showModel(model) {
  document.getElementById('model-summary').textContent = model.dimension
    ? `${model.id}: ${model.dimension} dimensions (${model.source})${model.normalized ? ', unit-length vectors' : ''}.`
    : `${model.id}: dimension pending — ${model.pendingReason}. The store can still be tested; the check runs once the model answers.`;
}

function show(form) {
  settings.show(form);
  inheritedKind = form.fields.find(f => f.key === 'kind').inherited;
  showModel(form.model);
  showKindGroups();
}

function row(label, value, id) {
  return el('tr', {id}, el('th', {scope: 'row'}, label), el('td', {}, value));
}

function showCheck(check) {
  document.getElementById('test-section').hidden = false;
  banner(document.getElementById('test-summary'), check.problem ? 'bad' : check.ok ? 'ok' : 'info',
    check.problem ? `The store cannot be used: ${check.problem}`
      : check.ok ? `Connected in ${check.latencyMillis} ms: ${check.dimensionCheck}.`
        : `Connected, but: ${check.dimensionCheck}.`);
  const rows = [row('Server', check.server || '—', 'check-server')];
  if (check.exists) {
    rows.push(
      row('Table / collection', check.name, 'check-name'),
      row('Dimension, metric', `${check.dimension}, ${check.metric}`, 'check-dimension'),
      row('Index', check.index, 'check-index'),
      row('Built with model', check.fingerprint, 'check-fingerprint'),
      row('Records', String(check.count), 'check-count'));
    if (check.notes) rows.push(row('Notes', check.notes, 'check-notes'));
  }
  rows.push(row('Dimension check', check.dimensionCheck, 'check-result'));
  document.querySelector('#test-results tbody').replaceChildren(...rows);
  document.getElementById('test-section').scrollIntoView({block: 'start'});
}

async function load() {
  const [current, keys] = await Promise.all([api('GET', 'vector-store'), api('GET', 'keys')]);
  if (keys.ok) settings.setKeyReferences(keys.data.references);
  if (!current.ok) return banner(status, 'bad', messageOf(current));
  show(current.data);
}

document.getElementById('vector-form').addEventListener('submit', async event => {
  event.preventDefault();
  // A new attempt starts without the previous outcome, so "Settings saved" always means this save.
  banner(status, '', '');
  await busy(document.getElementById('save'), async () => {
    const result = await api('PUT', 'vector-store', {values: settings.values()});
    if (!result.ok) return settings.showProblems(result);
    show(result.data);
    settings.announce('ok', 'Settings saved. The next indexing or search uses them.');
  });
});

document.getElementById('reset').addEventListener('click', async event => {
  if (!confirm('Remove every saved value? The configured and built-in values apply again.')) return;
  await busy(event.currentTarget, async () => {
    const result = await api('DELETE', 'vector-store');
    if (!result.ok) return settings.announce('bad', messageOf(result));
    show(result.data);
    settings.announce('ok', 'Saved values removed.');
  });
});

document.getElementById('test-store').addEventListener('click', async event => {
  await busy(event.currentTarget, async () => {
    banner(status, '', '');
    document.getElementById('test-section').hidden = false;
    banner(document.getElementById('test-summary'), 'info', 'Testing the connection…');
    document.querySelector('#test-results tbody').replaceChildren();
    const result = await api('POST', 'vector-store/test', {values: settings.values()});
    if (!result.ok) {
      // Nothing was tested: no empty step table stays on screen.
      document.getElementById('test-section').hidden = true;
      return settings.showProblems(result);
    }
    settings.clearProblems();
    showCheck(result.data);
  });
});

start().then(load);
