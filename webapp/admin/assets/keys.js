// The key references page: which references exist, whether each resolves now, and setting or
// deleting a value. A value typed here is sent once and never shown or read back.
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
  const setValue = el('button', {type: 'button', 'aria-label': `Set the value of ${key.name}`,
    onclick: () => pickForValue(key.name)}, key.valueSetHere ? 'Replace value' : 'Set value');
  const deleteValue = key.valueSetHere
    ? el('button', {type: 'button', class: 'danger', 'aria-label': `Delete the value of ${key.name}`,
      onclick: event => removeValue(event.currentTarget, key.name)}, 'Delete value')
    : null;
  return el('tr', {id: `key-${key.name}`},
    el('th', {scope: 'row'}, el('code', {}, key.name), key.usedByProvider ? el('div', {class: 'hint'}, 'provider key') : null),
    el('td', {class: key.resolved ? 'status-ok' : 'status-failed'}, key.resolved ? 'Yes' : 'No'),
    el('td', {}, key.resolved ? key.source : el('span', {class: 'hint'}, key.hint || key.source)),
    el('td', {}, key.hosts.length ? key.hosts.join(', ') : 'any host'),
    el('td', {}, key.declarations.map(d => LISTED[d] || d).join(', ')),
    el('td', {}, key.note),
    el('td', {}, el('div', {class: 'actions'}, setValue, deleteValue, remove)));
}

function pickForValue(name) {
  document.getElementById('value-name').value = name;
  document.getElementById('value-secret').focus();
}

async function removeValue(button, name) {
  if (!confirm(`Delete the value of ${name}? Calls that use it will fail until it has a value again.`)) return;
  await busy(button, async () => {
    const result = await api('DELETE', `keys/${encodeURIComponent(name)}/value`);
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    banner(status, 'ok', `The value of ${name} was deleted.`);
    await load();
  });
}

async function load() {
  const result = await api('GET', 'keys');
  if (!result.ok) return banner(status, 'bad', messageOf(result));
  document.getElementById('secrets-dir').textContent = result.data.secretsDirectory;
  const rows = result.data.references.map(row);
  document.querySelector('#keys-table tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', {colspan: 7}, 'No key references yet. Register one below.'))]));
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

document.getElementById('value-form').addEventListener('submit', async event => {
  event.preventDefault();
  const name = document.getElementById('value-name');
  const secret = document.getElementById('value-secret');
  if (!name.value.trim()) {
    return fieldError(name, document.getElementById('value-name-error'), 'Name the key reference.');
  }
  await busy(document.getElementById('set-value'), async () => {
    const result = await api('PUT', `keys/${encodeURIComponent(name.value.trim())}/value`, {value: secret.value});
    fieldError(name, document.getElementById('value-name-error'), result.data?.fields?.name);
    fieldError(secret, document.getElementById('value-secret-error'), result.data?.fields?.value);
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    secret.value = '';
    banner(status, result.data.resolved ? 'ok' : 'info', result.data.resolved
      ? `The value of ${result.data.name} was saved; it resolves (${result.data.source}).`
      : `The value of ${result.data.name} was saved.`);
    name.value = '';
    await load();
  });
});

start().then(load);
