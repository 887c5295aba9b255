// The pages' only data source: the public GraphQL API at /graphql.

import { h } from './dom.js';
import { t } from './i18n.js';

/** An API failure: the GraphQL errors' messages, or why the request itself failed. */
class ApiError extends Error {
  constructor(title, messages) {
    super(messages.join('; '));
    this.title = title;
    this.messages = messages;
  }
}

/**
 * Runs a query. Returns { data, errors } where errors lists the GraphQL errors
 * ({message, code}) of a partial failure; throws ApiError when there is no data.
 */
export async function query(document, variables = {}, signal) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: document, variables }),
      signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(t('networkError'), [err.message]);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(t('apiError'), [`HTTP ${res.status} ${res.statusText}`]);
  }
  const errors = (body.errors || []).map((e) => ({ message: e.message, code: e.extensions?.code }));
  if (!body.data) throw failure(errors.length ? errors : [{ message: `HTTP ${res.status}` }]);
  return { data: body.data, errors };
}

/** Returns value, or throws the response's errors when the API gave none. */
export function required(value, errors) {
  if (value === null || value === undefined) throw failure(errors.length ? errors : [{ message: 'no data' }]);
  return value;
}

/** An ApiError titled after what went wrong: not found, a bad request, or the service. */
function failure(errors) {
  const codes = new Set(errors.map((e) => e.code));
  const title = codes.size === 1 && codes.has('NOT_FOUND') ? t('notFound')
    : codes.has('BAD_USER_INPUT') ? t('badInput') : t('apiError');
  return new ApiError(title, errors.map((e) => e.message));
}

/** A readable message for a failure, as an alert. */
export function errorBox(err) {
  const title = err instanceof ApiError ? err.title : t('apiError');
  const messages = err instanceof ApiError ? err.messages : [String(err.message || err)];
  return h('div', { class: 'error', role: 'alert' },
    h('p', { class: 'error-title' }, title),
    h('ul', null, messages.map((m) => h('li', null, m))));
}

/** A notice that part of the page is missing, or nothing when all loaded. */
export function partialErrors(errors) {
  if (!errors || errors.length === 0) return null;
  return errorBox(new ApiError(t('partialError'), [...new Set(errors.map((e) => e.message ?? e))]));
}
