// The search index page: status from GET index, live progress from the server-sent events of
// index/events (reconnecting on its own), and the Rebuild / Cancel buttons.
import {ROOT, api, banner, busy, messageOf, start} from './admin.js';

const $ = id => document.getElementById(id);

function duration(seconds) {
  if (seconds < 0) return '';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// run: the IndexRun as the server records it; progress: the figures the server derived from it.
function showRun(run, progress) {
  const running = run && (run.state === 'running' || run.state === 'stopping');
  $('rebuild').disabled = running;
  $('cancel').disabled = !running;
  const bar = $('run-progress');
  if (!run) {
    bar.removeAttribute('value');
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  if (progress.percent >= 0) bar.value = progress.percent; else bar.removeAttribute('value');
  $('run-percent').textContent = progress.percent >= 0 ? `${progress.percent} %` : '';
  const of = run.itemsTotal >= 0 ? ` of ${run.itemsTotal}` : '';
  const eta = running && progress.etaSeconds >= 0 ? `, about ${duration(progress.etaSeconds)} left` : '';
  $('run-summary').textContent =
    `Run ${run.id}: ${run.state}. ${run.itemsDone}${of} items (${run.itemsUnchanged} unchanged), ` +
    `${run.chunksWritten} chunks embedded, ${run.itemsRemoved} removed, ` +
    `${run.itemsSkipped} could not be indexed; ${progress.rate} items/s${eta}.`;
  $('run-message').textContent = run.message || '';
}

async function refresh() {
  const result = await api('GET', 'index');
  if (!result.ok) { banner($('index-status'), 'bad', messageOf(result)); return; }
  const s = result.data.index;
  $('freshness').textContent = `${s.freshness}: ${s.detail}`;
  $('freshness').dataset.freshness = s.freshness;
  $('items').textContent = s.items;
  $('chunks').textContent = s.pendingChunks ? `${s.chunks} (+${s.pendingChunks} being written)` : s.chunks;
  $('store-count').textContent = s.storeCount < 0 ? 'unknown (store unreachable)' : s.storeCount;
  $('store').textContent = s.store;
  $('model').textContent = s.model;
  $('sources').textContent = s.sources.join(', ') || 'none';
  const queueError = result.data.queueError;
  $('queued').textContent = queueError ? `${s.queued} (last attempt failed: ${queueError})` : s.queued;
  showRun(s.lastRun, result.data.progress);
}

function listen() {
  const events = new EventSource(`${ROOT}/api/ai/admin/index/events`);
  let timer = null;
  events.addEventListener('progress', event => {
    const {run, progress} = JSON.parse(event.data);
    showRun(run, progress);
    clearTimeout(timer);
    timer = setTimeout(refresh, run.state === 'running' ? 1500 : 0);
  });
}

await start();
await refresh();
listen();
$('rebuild').addEventListener('click', () => busy($('rebuild'), async () => {
  const result = await api('POST', 'index/rebuild');
  if (result.ok) { banner($('index-status'), 'ok', `Rebuild started (run ${result.data.run.id}).`); showRun(result.data.run, result.data.progress); }
  else banner($('index-status'), 'bad', messageOf(result));
}));
$('cancel').addEventListener('click', () => busy($('cancel'), async () => {
  const result = await api('POST', 'index/cancel');
  if (result.ok) { banner($('index-status'), 'info', 'Cancelling: the rebuild stops after its current batch.'); showRun(result.data.run, result.data.progress); }
  else banner($('index-status'), 'bad', messageOf(result));
}));
