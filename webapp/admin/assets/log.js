// The request log page.
import {api, banner, busy, el, messageOf, start} from './admin.js';

const status = document.getElementById('log-status');

function tokens(entry) {
  if (entry.promptTokens < 0) return '—';
  return `${entry.promptTokens} / ${entry.completionTokens}${entry.tokensEstimated ? ' (estimated)' : ''}`;
}

function row(entry) {
  const ok = entry.status === 'ok';
  return el('tr', {class: 'log-entry'},
    el('td', {}, el('time', {datetime: entry.at}, new Date(entry.at).toLocaleTimeString())),
    el('td', {}, entry.operation.replace('_', ' ')),
    el('td', {}, entry.model),
    el('td', {class: ok ? 'status-ok' : 'status-failed'}, ok ? 'OK' : entry.status,
      entry.message ? el('div', {class: 'detail'}, entry.message) : null),
    el('td', {class: 'num'}, tokens(entry)),
    el('td', {class: 'num'}, `${entry.latencyMillis} ms`),
    el('td', {class: 'num'}, ok ? `${entry.firstTokenMillis} ms` : '—'),
    el('td', {class: 'num'}, entry.attempts > 0 ? entry.attempts : '—'));
}

async function load() {
  const result = await api('GET', 'request-log');
  if (!result.ok) return banner(status, 'bad', messageOf(result));
  const log = result.data;
  banner(status, log.debug ? '' : 'info', log.debug ? ''
    : 'Debug is off, so calls are not recorded. Turn it on in the provider settings (Diagnostics).');
  document.getElementById('log-retention').textContent =
    `Keeps the last ${log.capacity} calls for up to ${Math.round(log.maxAgeSeconds / 60)} minutes.`;
  const rows = log.entries.map(row);
  document.querySelector('#log-table tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', {colspan: 8}, 'No calls recorded.'))]));
}

document.getElementById('refresh-log').addEventListener('click', e => busy(e.currentTarget, load));
document.getElementById('clear-log').addEventListener('click', async e => {
  await busy(e.currentTarget, async () => {
    const result = await api('DELETE', 'request-log');
    if (!result.ok) return banner(status, 'bad', messageOf(result));
    await load();
  });
});

start().then(load);
