// Presets for the Provider page: one click fills the server fields (kind, base URL, key header and
// scheme, key reference) for a known kind of server. Nothing is saved until the user saves; the
// description says what to check and which key reference the preset expects.
import {banner, el} from './admin.js';

/** The server fields of a preset: the key goes as `Authorization: Bearer <key>` for all of them. */
function server(kind, baseUrl, keyRef = '') {
  return {'kind': kind, 'base-url': baseUrl, 'api-key-ref': keyRef,
    'auth-header': 'Authorization', 'auth-scheme': 'Bearer'};
}

/** values: the field values a preset fills ('' leaves the inherited value in force). */
export const PRESETS = [
  {id: 'llm-d', label: 'llm-d inference gateway',
    values: server('llm-d', 'http://llm-d-inference-gateway.llm-d.svc.cluster.local/v1'),
    about: 'Replace the host with your Gateway service (port 80) or the endpoint picker\'s proxy port. '
      + 'The gateway routes by model, so set the chat and embedding model ids the pool serves. '
      + 'A key is needed only if your gateway asks for one.'},
  {id: 'vllm', label: 'vLLM (vllm serve)',
    values: server('openai-compatible', 'http://localhost:8000/v1'),
    about: 'vLLM listens on port 8000 and only once its model is loaded. If it was started with '
      + '--api-key, register that key under Key references (e.g. as vllm) and pick it here.'},
  {id: 'llama-server', label: 'llama.cpp llama-server',
    values: server('openai-compatible', 'http://localhost:8081/v1'),
    about: 'llama-server\'s default port 8080 is the module\'s own port: start it with --port 8081 '
      + '(add --embeddings for embeddings, --jinja for tools). With --api-key, register the key under '
      + 'Key references and pick it here.'},
  {id: 'ollama', label: 'Ollama (OpenAI-compatible /v1)',
    values: server('openai-compatible', 'http://localhost:11434/v1'),
    about: 'Ollama serves the OpenAI API under /v1 on port 11434 and needs no key. '
      + 'Set the model ids as Ollama names them, e.g. llama3.2 or nomic-embed-text.'},
  {id: 'localai', label: 'LocalAI',
    values: server('openai-compatible', 'http://localhost:8082/v1'),
    about: 'LocalAI also defaults to port 8080, the module\'s own: run it on another port '
      + '(e.g. --address :8082). With API_KEY set, register that key under Key references.'},
  {id: 'openai', label: 'OpenAI',
    values: server('openai-compatible', 'https://api.openai.com/v1', 'openai'),
    about: 'Expects a key reference named openai: register your OpenAI key under Key references. '
      + 'Set the models, e.g. gpt-4o-mini and text-embedding-3-small.'},
];

/**
 * Builds the preset picker into `host`: a select, an Apply button and the preset's description.
 * settings: the page's settingsForm; status: the page's banner.
 */
export function presetPicker(host, settings, status) {
  const select = el('select', {id: 'preset', 'aria-describedby': 'preset-about'},
    el('option', {value: ''}, 'Choose a server…'),
    ...PRESETS.map(p => el('option', {value: p.id}, p.label)));
  const about = el('p', {class: 'hint', id: 'preset-about'},
    'Fills the server fields below; nothing is saved until you save.');
  const apply = el('button', {type: 'button', id: 'apply-preset', disabled: true}, 'Fill in');
  select.addEventListener('change', () => {
    const preset = PRESETS.find(p => p.id === select.value);
    apply.disabled = !preset;
    about.textContent = preset ? preset.about : 'Fills the server fields below; nothing is saved until you save.';
  });
  apply.addEventListener('click', () => {
    const preset = PRESETS.find(p => p.id === select.value);
    if (!preset) return;
    for (const [key, value] of Object.entries(preset.values)) fill(settings.inputs[key], value);
    settings.inputs['base-url'].focus();
    banner(status, 'info', `Filled in for ${preset.label}. Adjust the host if needed, `
      + 'then Test connection and Save settings.');
  });
  host.append(el('div', {class: 'field'}, el('label', {for: 'preset'}, 'Server'), select), about,
    el('div', {class: 'actions'}, apply));
}

/** Sets an input or select; a select gains an option for a value it does not offer yet. */
function fill(input, value) {
  if (!input) return;
  if (input.tagName === 'SELECT' && value !== ''
      && ![...input.options].some(o => o.value === value)) {
    input.append(el('option', {value}, `${value} (not registered yet: see Key references)`));
  }
  input.value = value;
  // 'input' marks a prefilled inherited value as typed, so the preset's value is what gets saved.
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
}
