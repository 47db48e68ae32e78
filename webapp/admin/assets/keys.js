// The key references page: which references exist and whether each resolves now.
import {api, banner, busy, el, fieldError, messageOf, start} from './admin.js';

const status = document.getElementById('keys-status');
const LISTED = {
  'registered': 'registered here',
  'configured': 'listed in cms.ai.keys',
  'secrets-file': 'file in the secrets directory',
  'in-use': 'used by the provider settings',
};

function row(key) {
  const remove = key.declarations.includes('registered')
    ? el('button', {type: 'button', class: 'danger', 'aria-label': `Remove the registration of ${key.name}`,
      onclick: event => unregister(event.currentTarget, key.name)}, 'Remove')
    : null;
  return el('tr', {id: `key-${key.name}`},
    el('th', {scope: 'row'}, el('code', {}, key.name), key.usedByProvider ? el('div', {class: 'hint'}, 'provider key') : null),
    el('td', {class: key.resolved ? 'status-ok' : 'status-failed'}, key.resolved ? 'Yes' : 'No'),
    el('td', {}, key.resolved ? key.source : '—'),
    el('td', {}, key.declarations.map(d => LISTED[d] || d).join(', ')),
    el('td', {}, key.note),
    el('td', {}, remove));
}

async function load() {
  const result = await api('GET', 'keys');
  if (!result.ok) return banner(status, 'bad', messageOf(result));
  document.getElementById('secrets-dir').textContent = result.data.secretsDirectory;
  const rows = result.data.references.map(row);
  document.querySelector('#keys-table tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', {colspan: 6}, 'No key references yet. Register one below.'))]));
}

async function unregister(button, name) {
  await busy(button, async () => {
    const result = await api('DELETE', `keys/${encodeURIComponent(name)}`);
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    banner(status, 'ok', `The registration of ${name} was removed.`);
    await load();
  });
}

document.getElementById('register-form').addEventListener('submit', async event => {
  event.preventDefault();
  const name = document.getElementById('key-name');
  const note = document.getElementById('key-note');
  await busy(document.getElementById('register'), async () => {
    const result = await api('POST', 'keys', {name: name.value.trim(), note: note.value.trim()});
    fieldError(name, document.getElementById('key-name-error'), result.data?.fields?.name);
    fieldError(note, document.getElementById('key-note-error'), result.data?.fields?.note);
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    banner(status, result.data.resolved ? 'ok' : 'info', result.data.resolved
      ? `Registered ${result.data.name}; it resolves (${result.data.source}).`
      : `Registered ${result.data.name}; it does not resolve yet: give it a key as described below.`);
    name.value = '';
    note.value = '';
    await load();
  });
});

start().then(load);
