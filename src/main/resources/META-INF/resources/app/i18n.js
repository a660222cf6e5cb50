/*
 * Texts in one place per language (texts/sv.js, texts/en.js). Swedish unless English was chosen (kept in
 * localStorage, or ?lang=en); <html lang> follows. Markup names its texts with data-t="key" (textContent),
 * data-t-label="key" (aria-label) and data-t-placeholder="key".
 */
import sv from './texts/sv.js';
import en from './texts/en.js';

const all = { sv, en };
const listeners = [];
let lang = (() => {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && all[asked]) {
    localStorage.setItem('videomote.lang', asked);
    return asked;
  }
  const kept = localStorage.getItem('videomote.lang');
  return all[kept] ? kept : 'sv';
})();

export function language() {
  return lang;
}

/** The text for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars) {
  let text = all[lang][key];
  if (text === undefined) {
    text = all.sv[key] !== undefined ? all.sv[key] : key;
  }
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] === undefined || vars[name] === null ? '' : String(vars[name])));
  }
  return text;
}

export function applyTexts(root = document) {
  document.documentElement.lang = lang;
  root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  root.querySelectorAll('[data-t-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.tLabel)); });
  root.querySelectorAll('[data-t-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
  if (document.body.dataset.title) {
    document.title = t(document.body.dataset.title);
  }
}

export function setLanguage(next) {
  if (!all[next] || next === lang) {
    return;
  }
  lang = next;
  localStorage.setItem('videomote.lang', next);
  applyTexts();
  listeners.forEach((l) => l(next));
}

export function onLanguage(listener) {
  listeners.push(listener);
}

/** A button that switches to the other language, named in that language. */
export function languageButton(button) {
  const label = () => {
    const other = lang === 'sv' ? 'en' : 'sv';
    button.textContent = all[other]['language.name'];
    button.lang = other;
    button.dataset.switchTo = other;
  };
  label();
  button.addEventListener('click', () => { setLanguage(button.dataset.switchTo); label(); });
}

/** Minutes as a range: "5–10 min". */
export function waitRange(w) {
  if (!w) {
    return '';
  }
  return w.minMinutes === w.maxMinutes ? t('wait.exact', { min: w.minMinutes })
    : t('wait.range', { min: w.minMinutes, max: w.maxMinutes });
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}
