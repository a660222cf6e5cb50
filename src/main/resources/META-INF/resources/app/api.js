/*
 * Calls to /api/v1 with the page's bearer token. A problem+json answer becomes an ApiError carrying the problem
 * (title, detail, errors [{field, message}]); problemText() turns it into words for an alert region.
 */
import { t } from './i18n.js';

let bearer = null;

export function setToken(token) {
  bearer = token;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

/** method, path, body (JSON or undefined), options {idempotencyKey, headers}; resolves to JSON, or null on 204. */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (bearer) {
    headers.Authorization = 'Bearer ' + bearer;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (options.idempotencyKey) {
    headers['Idempotency-Key'] = options.idempotencyKey;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: t('error.network') });
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body, options) => api('POST', path, body, options);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** A problem in words: its title, its detail and each invalid field. */
export function problemText(err) {
  if (!(err instanceof ApiError)) {
    return String(err && err.message || err);
  }
  const p = err.problem;
  const parts = [p.title || t('error.status', { status: err.status })];
  if (p.detail && p.detail !== p.title) {
    parts.push(p.detail);
  }
  for (const e of p.errors || []) {
    parts.push(e.field + ': ' + e.message);
  }
  if (err.status === 429) {
    parts.push(t('error.later'));
  }
  return parts.join(' — ');
}

/** Show a problem (or clear it with null) in an element with role="alert". */
export function showProblem(el, err) {
  el.textContent = err ? problemText(err) : '';
  el.hidden = !err;
}

/** A fresh idempotency key for one user action. */
export function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}
