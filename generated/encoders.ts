// generated from openapi/ by `npm run generate` — do not edit
// @ts-nocheck -- generated serialisers; src/encoding.ts types their surface.
const c0 = new RegExp("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$", "u");
const c1 = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function q(v) { return ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"'; }
function prep(v, k) {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
    if (typeof v.toJSON === 'function') v = v.toJSON(k);
    if (v instanceof Number) return +v;
    if (v instanceof String) return '' + v;
    if (v instanceof Boolean) return v.valueOf();
  }
  return v;
}
function any(v) { return JSON.stringify(v); }
function other(v, s) {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  s.ok = false;
  return any(v);
}
function len(s) { let n = 0; for (const _ of s) n++; return n; }
function e0(v, k, s) {
  v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length;  
      let o = '[';
      for (let i = 0; i < n; i++) { const t = e1(v[i], '' + i, s); o += (i ? ',' : '') + (t === undefined ? e1(null, '', s) : t); }
      return o + ']'; }
  return other(v, s);
}
function e1(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {  let o = '{', c = 0, r0 = false, r1 = false;
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i], x = v[key];
        let t;
        switch (key) { case "name": t = e2(x, key, s); if (t !== undefined) r0 = true; break; case "notify": t = e3(x, key, s); if (t !== undefined) r1 = true; break; case "email": t = e4(x, key, s); break; case "phones": t = e5(x, key, s); break; case "comment": t = e7(x, key, s); break; default: t = (s.ok = false, any(x)); }
        if (t !== undefined) o += (c++ ? ',' : '') + q(key) + ':' + t;
      }
      if (!r0) s.ok = false; if (!r1) s.ok = false;  
      return o + '}'; }
  return other(v, s);
}
function e2(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'string') { if (s.ok && (v.length > 250 && len(v) > 250)) s.ok = false;  return q(v); }
  return other(v, s);
}
function e3(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'boolean') {  return v ? 'true' : 'false'; }
  return other(v, s);
}
function e4(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'string') { if (s.ok && (v.length > 250 && len(v) > 250)) s.ok = false; if (s.ok && (!c0.test(v))) s.ok = false; if (s.ok && (!c1.test(v))) s.ok = false;  return q(v); }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return 'null'; }
  return other(v, s);
}
function e5(v, k, s) {
  v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length; if (s.ok && (n > 5)) s.ok = false; 
      let o = '[';
      for (let i = 0; i < n; i++) { const t = e6(v[i], '' + i, s); o += (i ? ',' : '') + (t === undefined ? e6(null, '', s) : t); }
      return o + ']'; }
  return other(v, s);
}
function e6(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'string') { if (s.ok && (v.length > 50 && len(v) > 50)) s.ok = false;  return q(v); }
  return other(v, s);
}
function e7(v, k, s) {
  v = prep(v, k);
  if (typeof v === 'string') { if (s.ok && (v.length > 2500 && len(v) > 2500)) s.ok = false;  return q(v); }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return 'null'; }
  return other(v, s);
}

/** Each operation's body encoders; null where the schema uses a keyword they do not compile. */
export const encoders = {
  "createContacts": { body: e0, items: e1 },
};
