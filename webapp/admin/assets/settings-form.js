// A settings form over the admin API's layered settings. The fields (label, hint, control, options,
// section) come from the settings' descriptors in the API's answer, so the pages declare none. Each
// field has its origin badge (saved / from configuration / built-in default), the value used when
// nothing is saved, and field-level errors. A field that saves nothing shows the inherited value,
// marked as inherited, so it can be edited in place; left unchanged, it stays inherited. Used by the
// provider and vector database pages.
import {banner, el, fieldError, messageOf} from './admin.js';

const ORIGIN_LABEL = {saved: 'saved', configured: 'from configuration', default: 'built-in default'};

/**
 * status: the page's banner element. onBuild(inputs): called once the fields exist.
 * Sections are found as `#group-<group> .grid`.
 */
export function settingsForm(status, onBuild = () => {}) {
  const inputs = {};
  const errors = {};
  // Keys whose input shows the inherited value rather than one typed or saved.
  const prefilled = new Set();
  let fields = [];
  let keyReferences = [];

  function control(field) {
    const id = `f-${field.key}`;
    const common = {id, name: field.key, 'aria-describedby': `h-${field.key} u-${field.key} e-${field.key}`};
    if (field.control === 'select' || field.control === 'keyref') return el('select', common);
    if (field.control === 'model') return el('input', {...common, list: 'model-list', autocomplete: 'off', spellcheck: 'false'});
    if (field.control === 'number') return el('input', {...common, inputmode: 'numeric'});
    return el('input', {...common, type: field.control === 'url' ? 'url' : 'text', spellcheck: 'false'});
  }

  function build(formFields) {
    fields = formFields;
    for (const field of fields) {
      const input = control(field);
      inputs[field.key] = input;
      errors[field.key] = el('p', {class: 'error', id: `e-${field.key}`});
      input.addEventListener('input', () => markInherited(field.key, false));
      document.querySelector(`#group-${field.group} .grid`).append(
        el('div', {class: 'field', id: `field-${field.key}`},
          el('label', {for: input.id}, field.label, el('span', {class: 'origin', id: `o-${field.key}`})),
          input,
          el('p', {class: 'hint', id: `u-${field.key}`}),
          el('p', {class: 'hint', id: `h-${field.key}`}, field.hint),
          errors[field.key]));
    }
    onBuild(inputs);
  }

  function markInherited(key, inherited) {
    if (inherited) prefilled.add(key);
    else prefilled.delete(key);
    inputs[key].classList.toggle('inherited', inherited);
  }

  function fillSelect(field, setting) {
    const inherited = setting.inherited === '' ? 'none' : setting.inherited;
    const options = [['', `Use ${ORIGIN_LABEL[setting.inheritedOrigin]}: ${inherited}`]];
    if (field.control === 'keyref') {
      for (const key of keyReferences) {
        options.push([key.name, `${key.name} — ${key.resolved ? `resolves (${key.source})` : 'does not resolve now'}`]);
      }
      if (setting.saved && !keyReferences.some(k => k.name === setting.saved)) options.push([setting.saved, setting.saved]);
    } else {
      options.push(...field.options.map(o => [o.value, o.label]));
    }
    inputs[field.key].replaceChildren(...options.map(([value, label]) => el('option', {value}, label)));
    inputs[field.key].value = setting.saved;
  }

  function fillInput(setting) {
    const input = inputs[setting.key];
    const inherit = setting.origin !== 'saved';
    input.value = inherit ? setting.inherited : setting.saved;
    input.placeholder = setting.inherited;
    markInherited(setting.key, inherit && setting.inherited !== '');
  }

  /**
   * Shows a form from the API: {fields: [{key, saved, origin, inherited, inheritedOrigin, label,
   * hint, group, control, options}], problem}. The first call builds the fields.
   */
  function show(form) {
    if (fields.length === 0) build(form.fields);
    for (const setting of form.fields) {
      const field = fields.find(f => f.key === setting.key);
      if (!field) continue;
      if (field.control === 'select' || field.control === 'keyref') fillSelect(field, setting);
      else fillInput(setting);
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

  /** Every field's value as typed ('' = use the inherited value, as does an unchanged inherited one). */
  function values() {
    const result = {};
    for (const field of fields) result[field.key] = prefilled.has(field.key) ? '' : inputs[field.key].value.trim();
    return result;
  }

  /** Shows the outcome of an action in the page's banner and brings it into view. */
  function announce(kind, text) {
    banner(status, kind, text);
    if (!text) return;
    const {top, bottom} = status.getBoundingClientRect();
    if (top < 0 || bottom > window.innerHeight) status.scrollIntoView({block: 'center'});
  }

  /** Marks the fields a 400 answer names; focuses the first. */
  function showProblems(result, onFirst = () => {}) {
    const problems = result.data?.fields || {};
    for (const field of fields) fieldError(inputs[field.key], errors[field.key], problems[field.key]);
    const first = fields.find(f => problems[f.key]);
    announce('bad', messageOf(result));
    if (first) {
      onFirst(first);
      inputs[first.key].focus();
    }
  }

  function clearProblems() {
    for (const field of fields) fieldError(inputs[field.key], errors[field.key], '');
  }

  return {
    inputs, show, values, showProblems, clearProblems, announce,
    setKeyReferences(list) { keyReferences = list; },
  };
}
