// What the list filter matches: lower case, accents removed, so "emilie" finds "Émilie"
// and "COTE" finds "Côté", the same on SQLite and PostgreSQL (no collation needed).
export function normalizeSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The users.search_text column: code, name and e-mail, normalised. */
export function userSearchText(code: string, name: string, email: string): string {
  return normalizeSearch(`${code} ${name} ${email}`).slice(0, 400);
}
