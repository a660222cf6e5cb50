/*
 * Signing in. Every screen takes a bearer token from the URL fragment (#token=...), which browsers never send to the
 * server, and removes it from the address bar at once. Staff screens keep it in sessionStorage (gone with the tab);
 * device screens (kiosk, display, room) keep their device token in localStorage, so a power cut does not need a new
 * pairing. Without a token: staff screens sign in with OpenID Connect (authorization code + PKCE) where
 * /app/config.json names an issuer, else offer the demo identities of /demo/tokens (demo mode only); device screens
 * show a field for their pairing code (POST /api/v1/devices/pair). A device token is opaque (not a JWT): what it is
 * for (office, room, role) is kept next to it from the pairing answer.
 */
import { t } from './i18n.js';
import { api, problemText } from './api.js';

/** The claims of a JWT, read without verifying it (the server verifies). */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = part + '==='.slice((part.length + 3) % 4);
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))));
  } catch (e) {
    return null;
  }
}

/** Device tokens (from pairing) are opaque and do not expire by themselves: the server revokes them. */
function isDeviceToken(token) {
  return typeof token === 'string' && token.startsWith('vmd_');
}

function fresh(token) {
  if (isDeviceToken(token)) {
    return token;
  }
  const c = token && claims(token);
  return c && (!c.exp || c.exp * 1000 > Date.now() + 5000) ? token : null;
}

function groups(token) {
  const c = claims(token) || {};
  return c.groups || [];
}

/** The token of the fragment (kept in storage and removed from the address bar), else the one kept before. */
export function takeToken(key, storage) {
  const params = new URLSearchParams(location.hash.slice(1));
  const given = params.get('token');
  if (given) {
    storage.setItem(key, given);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
  const kept = storage.getItem(key);
  if (kept && !fresh(kept)) {
    storage.removeItem(key);
    return null;
  }
  return kept;
}

export function forget(key) {
  for (const k of [key, identityKey(key)]) {
    sessionStorage.removeItem(k);
    localStorage.removeItem(k);
  }
}

/** Where a device token's identity (office, room, role) is kept: next to the token. */
function identityKey(tokenKey) {
  return tokenKey.replace(/\.token$/, '.device');
}

/** What a token is for: a JWT's claims, or the identity kept from pairing for a device token; null if unknown. */
function identity(token, tokenKey) {
  if (isDeviceToken(token)) {
    try {
      return JSON.parse(localStorage.getItem(identityKey(tokenKey)));
    } catch (e) {
      return null;
    }
  }
  const c = claims(token);
  return c ? { office: c.office, room: c.room, role: (c.groups || []).find((g) => g === 'kiosk' || g === 'room') } : null;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') {
      e.textContent = v;
    } else {
      e.setAttribute(k, v);
    }
  }
  children.forEach((c) => e.append(c));
  return e;
}

// --- OpenID Connect: authorization code + PKCE -----------------------------------------------------------------

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(issuer) {
  const response = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!response.ok) {
    throw new Error('OpenID discovery: HTTP ' + response.status);
  }
  return response.json();
}

async function startOidc(config) {
  const meta = await discovery(config.issuer);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('videomote.pkce', JSON.stringify({ verifier, state, back: location.pathname }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: location.origin + location.pathname,
    scope: config.scope || 'openid', state, code_challenge: challenge, code_challenge_method: 'S256'
  }).toString();
  location.assign(url.toString());
}

async function finishOidc(config, key) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = JSON.parse(sessionStorage.getItem('videomote.pkce') || 'null');
  if (!code || !pending || params.get('state') !== pending.state) {
    return null;
  }
  sessionStorage.removeItem('videomote.pkce');
  history.replaceState(null, '', location.pathname);
  const meta = await discovery(config.issuer);
  const response = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: location.origin + location.pathname,
      client_id: config.clientId, code_verifier: pending.verifier
    })
  });
  if (!response.ok) {
    throw new Error('OpenID token: HTTP ' + response.status);
  }
  const tokens = await response.json();
  const token = tokens[config.tokenField || 'access_token'];
  sessionStorage.setItem(key, token);
  return token;
}

async function consoleConfig() {
  try {
    const response = await fetch('/app/config.json');
    return response.ok ? await response.json() : {};
  } catch (e) {
    return {};
  }
}

async function demoTokens() {
  try {
    const response = await fetch('/demo/tokens');
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  }
}

/** The choices of the demo picker for role: [{label, token}]. */
function demoChoices(tokens, role) {
  const out = [];
  if (role === 'admin') {
    out.push({ label: 'admin', token: tokens.admin });
  }
  for (const o of tokens.offices || []) {
    if (role === 'desk') {
      out.push({ label: o.office, token: o.desk });
    }
  }
  for (const o of tokens.officers || []) {
    if (role === 'officer') {
      out.push({ label: o.name + ' (' + o.agency + ')', token: o.token });
    }
  }
  return out;
}

/**
 * A staff screen's token for role ('desk', 'officer', 'admin'). Renders the sign-in into container when needed and
 * resolves once there is a token.
 */
export async function staffToken(role, container) {
  const key = 'videomote.' + role + '.token';
  const token = takeToken(key, sessionStorage);
  if (token && (groups(token).includes(role) || groups(token).includes('admin'))) {
    return token;
  }
  const config = await consoleConfig();
  if (config.oidc && config.oidc.issuer) {
    const back = await finishOidc(config.oidc, key).catch((e) => {
      container.append(el('p', { role: 'alert', text: e.message }));
      return null;
    });
    if (back) {
      return back;
    }
  }
  return new Promise((resolve) => {
    container.hidden = false;
    container.replaceChildren(el('h2', { text: t('signin.title') }));
    if (config.oidc && config.oidc.issuer) {
      const button = el('button', { type: 'button', class: 'primary', text: t('signin.oidc') });
      button.addEventListener('click', () => startOidc(config.oidc));
      container.append(button);
      return;
    }
    demoTokens().then((tokens) => {
      const choices = tokens ? demoChoices(tokens, role) : [];
      if (!choices.length) {
        container.append(el('p', { text: t('signin.fragment') }));
        return;
      }
      container.append(el('p', { text: t('signin.demo') }));
      const list = el('ul', { class: 'choices' });
      for (const c of choices) {
        const button = el('button', { type: 'button', text: c.label });
        button.addEventListener('click', () => {
          sessionStorage.setItem(key, c.token);
          container.hidden = true;
          resolve(c.token);
        });
        list.append(el('li', {}, button));
      }
      container.append(list);
    });
  });
}

/**
 * A device screen's sign-in ('kiosk' for kiosk and display, 'room' for the room terminal): the fragment's token or
 * the one kept from pairing; else a pairing-code form in container. Resolves to { token, office, room }.
 */
export function deviceToken(screen, role, container) {
  const key = 'videomote.' + screen + '.token';
  const token = takeToken(key, localStorage);
  const known = token && identity(token, key);
  if (known && known.role === role) {
    return Promise.resolve({ token, office: known.office, room: known.room });
  }
  return new Promise((resolve) => {
    container.hidden = false;
    const input = el('input', { id: 'pairing-code', name: 'pairingCode', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', required: '' });
    const error = el('p', { role: 'alert', class: 'problem' });
    error.hidden = true;
    const form = el('form', { class: 'pairing' },
      el('h2', { text: t('pair.title') }),
      el('p', { text: t('pair.help') }),
      el('label', { for: 'pairing-code', text: t('pair.code') }), input,
      el('button', { type: 'submit', class: 'primary', text: t('pair.submit') }), error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const answer = await api('POST', '/api/v1/devices/pair', { pairingCode: input.value.trim() });
        const paired = { office: answer.office, room: answer.room, role: answer.kind === 'ROOM' ? 'room' : 'kiosk' };
        if (paired.role !== role) {
          // A room terminal's code typed into a kiosk (or the other way round): this screen cannot use it.
          throw new Error(t('pair.wrongKind'));
        }
        localStorage.setItem(key, answer.token);
        localStorage.setItem(identityKey(key), JSON.stringify(paired));
        container.hidden = true;
        container.replaceChildren();
        resolve({ token: answer.token, office: paired.office, room: paired.room });
      } catch (err) {
        error.textContent = problemText(err);
        error.hidden = false;
        input.focus();
      }
    });
    container.replaceChildren(form);
    input.focus();
  });
}
