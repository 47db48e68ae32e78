// A settings form over the admin API's layered settings: fields built from a description, each
// with its origin badge (saved / from configuration / built-in default), the value used when the
// field is left empty, and field-level errors. Used by the provider and vector database pages.
import {banner, el, fieldError, messageOf} from './admin.js';

const ORIGIN_LABEL = {saved: 'saved', configured: 'from configuration', default: 'built-in default'};

/**
 * fields: [{key, group, label, hint, type: text|url|number|duration|select|keyref|model, options}];
 * groups are found as `#group-<group> .grid`. status: the page's banner element.
 */
export function settingsForm(fields, status) {
  const inputs = {};
  const errors = {};
  let keyReferences = [];

  function control(field) {
    const id = `f-${field.key}`;
    const common = {id, name: field.key, 'aria-describedby': `h-${field.key} u-${field.key} e-${field.key}`};
    if (field.type === 'select' || field.type === 'keyref') return el('select', common);
    if (field.type === 'model') return el('input', {...common, list: 'model-list', autocomplete: 'off', spellcheck: 'false'});
    if (field.type === 'number') return el('input', {...common, inputmode: 'numeric'});
    return el('input', {...common, type: field.type === 'url' ? 'url' : 'text', spellcheck: 'false'});
  }

  function build() {
    for (const field of fields) {
      const input = control(field);
      inputs[field.key] = input;
      errors[field.key] = el('p', {class: 'error', id: `e-${field.key}`});
      document.querySelector(`#group-${field.group} .grid`).append(
        el('div', {class: 'field', id: `field-${field.key}`},
          el('label', {for: input.id}, field.label, el('span', {class: 'origin', id: `o-${field.key}`})),
          input,
          el('p', {class: 'hint', id: `u-${field.key}`}),
          el('p', {class: 'hint', id: `h-${field.key}`}, field.hint),
          errors[field.key]));
    }
  }

  function fillSelect(field, setting) {
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
    inputs[field.key].replaceChildren(...options.map(([value, label]) => el('option', {value}, label)));
    inputs[field.key].value = setting.saved;
  }

  /** Shows a form from the API: {fields: [{key, saved, origin, inherited, inheritedOrigin}], problem}. */
  function show(form) {
    for (const setting of form.fields) {
      const field = fields.find(f => f.key === setting.key);
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

  /** Every field's value as typed ('' = use the inherited value). */
  function values() {
    const result = {};
    for (const field of fields) result[field.key] = inputs[field.key].value.trim();
    return result;
  }

  /** Marks the fields a 400 answer names; focuses the first. */
  function showProblems(result, onFirst = () => {}) {
    const problems = result.data?.fields || {};
    for (const field of fields) fieldError(inputs[field.key], errors[field.key], problems[field.key]);
    const first = fields.find(f => problems[f.key]);
    if (first) {
      onFirst(first);
      inputs[first.key].focus();
    }
    banner(status, 'bad', messageOf(result));
  }

  function clearProblems() {
    for (const field of fields) fieldError(inputs[field.key], errors[field.key], '');
  }

  return {
    inputs, build, show, values, showProblems, clearProblems,
    setKeyReferences(list) { keyReferences = list; },
  };
}
