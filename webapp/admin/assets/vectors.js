// The vector database page: settings, the embedding model in use, and a store connection test.
import {api, banner, busy, el, messageOf, start} from './admin.js';
import {settingsForm} from './settings-form.js';

const FIELDS = [
  {key: 'kind', group: 'store', label: 'Kind', type: 'select',
    options: [['embedded', 'Embedded (Lucene, under the data directory)'], ['pgvector', 'PostgreSQL with pgvector'], ['milvus', 'Milvus / Zilliz Cloud']],
    hint: 'The embedded index needs no server; pgvector and Milvus scale further.'},
  {key: 'name', group: 'store', label: 'Table / collection', hint: 'Letters, digits and _ (pgvector and embedded: lower case).'},
  {key: 'metric', group: 'store', label: 'Metric', type: 'select',
    options: [['cosine', 'Cosine'], ['l2', 'Euclidean (L2)'], ['inner-product', 'Inner product']],
    hint: 'Cosine suits most text embedding models.'},
  {key: 'index', group: 'store', label: 'Index', type: 'select',
    options: [['hnsw', 'HNSW'], ['ivfflat', 'IVFFlat'], ['none', 'None (exact search)'], ['autoindex', 'AUTOINDEX (Milvus)']],
    hint: 'HNSW: fast and accurate. IVFFlat on pgvector is built once enough rows exist.'},
  {key: 'hnsw-m', group: 'store', label: 'HNSW m', type: 'number', hint: 'Links per node (16).'},
  {key: 'hnsw-ef-construction', group: 'store', label: 'HNSW ef_construction', type: 'number', hint: 'Build-time candidate list (64).'},
  {key: 'ivfflat-lists', group: 'store', label: 'IVFFlat lists', type: 'number', hint: 'About rows / 1000 (100).'},
  {key: 'pg-url', group: 'postgres', label: 'JDBC URL', hint: 'jdbc:postgresql://host:5432/database'},
  {key: 'pg-user', group: 'postgres', label: 'User'},
  {key: 'pg-password-ref', group: 'postgres', label: 'Password key reference', type: 'keyref',
    hint: 'The name of the secret holding the password (Key references page).'},
  {key: 'pg-schema', group: 'postgres', label: 'Schema'},
  {key: 'text-search-config', group: 'postgres', label: 'Text search configuration',
    hint: 'For hybrid search: simple, english, german…'},
  {key: 'milvus-uri', group: 'milvus', label: 'URI', type: 'url', hint: 'http://host:19530 or the Zilliz Cloud endpoint.'},
  {key: 'milvus-token-ref', group: 'milvus', label: 'Token key reference', type: 'keyref',
    hint: 'The secret holding user:password or an API key.'},
  {key: 'milvus-database', group: 'milvus', label: 'Database', hint: 'Empty: default.'},
  {key: 'milvus-consistency', group: 'milvus', label: 'Consistency', type: 'select',
    options: [['strong', 'Strong (writes visible at once)'], ['bounded', 'Bounded'], ['session', 'Session'], ['eventually', 'Eventually']]},
];
const KIND_GROUPS = {pgvector: 'group-postgres', milvus: 'group-milvus'};

const status = document.getElementById('form-status');
const settings = settingsForm(FIELDS, status);
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
    banner(status, 'ok', 'Settings saved. The next indexing or search uses them.');
  });
});

document.getElementById('reset').addEventListener('click', async event => {
  if (!confirm('Remove every saved value? The configured and built-in values apply again.')) return;
  await busy(event.currentTarget, async () => {
    const result = await api('DELETE', 'vector-store');
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    show(result.data);
    banner(status, 'ok', 'Saved values removed.');
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

settings.build();
settings.inputs.kind.addEventListener('change', showKindGroups);
start().then(load);
