/*
 * What every screen shares: the texts applied, the language button, and the live state shown in words (not colour
 * alone) in a polite live region, mirrored on <body data-live> for styles and tests.
 */
import { applyTexts, languageButton, t, onLanguage } from './i18n.js';

export function shell() {
  applyTexts();
  const button = document.getElementById('lang');
  if (button) {
    languageButton(button);
  }
  let current = 'offline';
  const label = document.getElementById('live-state');
  const show = () => {
    if (label) {
      label.textContent = t('live.' + current);
    }
  };
  onLanguage(show);
  show();
  return {
    /** For Live's state handler. */
    liveState(s) {
      current = s;
      document.body.dataset.live = s;
      show();
    }
  };
}

/** document.createElement with attributes ({text}, {class}, aria-*, data-*, on* handlers) and children. */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k === 'text') {
      e.textContent = v;
    } else if (k.startsWith('on')) {
      e.addEventListener(k.slice(2), v);
    } else {
      e.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) {
      e.append(c);
    }
  }
  return e;
}
