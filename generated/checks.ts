// generated from openapi/ by `npm run generate` — do not edit
// @ts-nocheck -- generated checks; src/engine/validation.ts types their surface.
const vfyRegex0 = /* @__PURE__ */ new RegExp("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$", "u");
const vfyRegex1 = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const vfyRegex2 = /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const vfyRegex3 = /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const vfyProps = [];
const reqRegex0 = /* @__PURE__ */ new RegExp("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$", "u");
const reqRegex1 = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
function prep(v, k) {
  if (typeof v.toJSON === 'function') v = v.toJSON(k === undefined ? '' : '' + k);
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
  // Plain objects and arrays, the common case, cannot be boxed primitives.
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === Array.prototype) return v;
  if (v instanceof Number) return +v;
  if (v instanceof String) return '' + v;
  if (v instanceof Boolean) return v.valueOf();
  return v;
}
// JSON.stringify of a string: most need no escape, and quoting them is twice as fast as the call.
function str(v) { return unsafe.test(v) ? JSON.stringify(v) : '"' + v + '"'; }
const unsafe = /["\\\u0000-\u001f\ud800-\udfff]/;
function len(s) { let n = 0; for (const _ of s) n++; return n; }
// A path is a JSON Pointer, or { p, k }: its parent's path and its key, written out only when an issue is found.
function at(path, k) {
  if (typeof path !== 'string') path = at(path.p, path.k);
  if (k === undefined) return path;
  return typeof k === 'number' || !/[~/]/.test(k) ? path + '/' + k : path + '/' + k.replaceAll('~', '~0').replaceAll('/', '~1');
}
function bad(s, path, k, keyword, params) { found(s, { instancePath: at(path, k), keyword, params }); }
// At s.max issues, the next one stops the check: the state is thrown, for judge() to catch. A body of a million
// wrong items costs s.max issues, not a million, and the items past them are not read.
function found(s, issue) {
  if (s.issues.length >= s.max) { s.more = true; throw s; }
  s.issues.push(issue);
}
function any(v) { return JSON.stringify(v); }
function extra(v, key, s, path) {
  const text = JSON.stringify(v);
  if (text !== undefined) bad(s, path, undefined, 'additionalProperties', { additionalProperty: key });
  return text;
}
function other(v, s, path, k, type) {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (!type) return JSON.stringify(v);
  // A value of the wrong type is never sent, so its text is not written: a deep or huge one costs nothing.
  bad(s, path, k, 'type', { type });
  return 'null';
}
function object(v, k, s, p, table, rest, names, max, min) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return props(v, k, s, p, table, rest, names, max, min);
  return other(v, s, p, k, 'object');
}
function props(v, k, s, p, [table, required], rest, names, max, min) {
  const here = k === undefined ? p : { p, k };
  let c = 0, seen;
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    if (names) names(key, s, here);
    if ((table[key] ?? rest)(v[key], key, s, here) === undefined) continue;
    c++;
    if (required.length && required.includes(key)) (seen ??= []).push(key);
  }
  for (const name of required) if (!seen?.includes(name)) bad(s, here, undefined, 'required', { missingProperty: name });
  if (c > max) bad(s, here, undefined, 'maxProperties', { limit: max });
  if (c < min) bad(s, here, undefined, 'minProperties', { limit: min });
  return '';
}
function vfy0(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length, here = k === undefined ? p : { p, k };  
      for (let i = 0; i < n; i++) if (vfy1(v[i], i, s, here) === undefined) vfy1(null, i, s, here);
      return ''; }
  return other(v, s, p, k, "array");
}
function vfy1(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {  const here = k === undefined ? p : { p, k };
      let c = 0, has0 = false, has1 = false;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const x = v[key];
        let t;
        switch (key) { case "name": t = vfy2(x, key, s, here); if (t !== undefined) { has0 = true; c++; } continue; case "notify": t = vfy3(x, key, s, here); if (t !== undefined) { has1 = true; c++; } continue; case "email": t = vfy4(x, key, s, here); if (t !== undefined) { c++; } continue; case "phones": t = vfy5(x, key, s, here); if (t !== undefined) { c++; } continue; case "comment": t = vfy7(x, key, s, here); if (t !== undefined) { c++; } continue; default: t = extra(x, key, s, here); }
        if (t !== undefined) c++;
      }
      if (!has0) bad(s, here, undefined, "required", {"missingProperty":"name"}); if (!has1) bad(s, here, undefined, "required", {"missingProperty":"notify"});  
      return ''; }
  return other(v, s, p, k, "object");
}
function vfy2(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 250 && len(v) > 250) bad(s, p, k, "maxLength", {"limit":250});  return ''; }
  return other(v, s, p, k, "string");
}
function vfy3(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'boolean') {  return ''; }
  return other(v, s, p, k, "boolean");
}
function vfy4(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 250 && len(v) > 250) bad(s, p, k, "maxLength", {"limit":250}); if (!vfyRegex0.test(v)) bad(s, p, k, "pattern", {"pattern":"^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$"}); if (!vfyRegex1.test(v)) bad(s, p, k, "format", {"format":"email"});  return ''; }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return ''; }
  return other(v, s, p, k, ["string","null"]);
}
function vfy5(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length, here = k === undefined ? p : { p, k }; if (n > 5) bad(s, p, k, "maxItems", {"limit":5}); 
      for (let i = 0; i < n; i++) if (vfy6(v[i], i, s, here) === undefined) vfy6(null, i, s, here);
      return ''; }
  return other(v, s, p, k, "array");
}
function vfy6(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 50 && len(v) > 50) bad(s, p, k, "maxLength", {"limit":50});  return ''; }
  return other(v, s, p, k, "string");
}
function vfy7(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 2500 && len(v) > 2500) bad(s, p, k, "maxLength", {"limit":2500});  return ''; }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return ''; }
  return other(v, s, p, k, ["string","null"]);
}
function vfy8(v, k, s, p) { return object(v, k, s, p, vfyProps[0] ??= [{ __proto__: null, "companyId": vfy9 }, ["companyId"]], any); }
function vfy9(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length < 1 || (v.length < 2 && len(v) < 1)) bad(s, p, k, "minLength", {"limit":1});  return ''; }
  return other(v, s, p, k, "string");
}
function vfy10(v, k, s, p) { return object(v, k, s, p, vfyProps[1] ??= [{ __proto__: null, "x-session-token": vfy9 }, ["x-session-token"]], any); }
function vfy11(v, k, s, p) { return object(v, k, s, p, vfyProps[2] ??= [{ __proto__: null, "nbInsertion": vfy12 }, ["nbInsertion"]], any); }
function vfy12(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'number' && isFinite(v)) { if (!Number.isInteger(v)) bad(s, p, k, "type", {"type":"integer"}); if (v > 9007199254740991) bad(s, p, k, "maximum", {"comparison":"<=","limit":9007199254740991}); if (v < -9007199254740991) bad(s, p, k, "minimum", {"comparison":">=","limit":-9007199254740991});  return ''; }
  return other(v, s, p, k, "integer");
}
function vfy13(v, k, s, p) { return object(v, k, s, p, vfyProps[3] ??= [{ __proto__: null, "type": vfy14, "title": vfy14, "status": vfy16, "detail": vfy14, "instance": vfy14, "message": vfy14 }, []], any); }
function vfy14(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') {   return ''; }
  return other(v, s, p, k, "string");
}
function vfy16(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'number' && isFinite(v)) { if (!Number.isInteger(v)) bad(s, p, k, "type", {"type":"integer"}); if (v > 599) bad(s, p, k, "maximum", {"comparison":"<=","limit":599}); if (v < 100) bad(s, p, k, "minimum", {"comparison":">=","limit":100});  return ''; }
  return other(v, s, p, k, "integer");
}
function vfy20(v, k, s, p) { return object(v, k, s, p, vfyProps[4] ??= [{ __proto__: null, "type": vfy21, "title": vfy14, "status": vfy16, "detail": vfy14, "instance": vfy22, "message": vfy14 }, []], any); }
function vfy21(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (!vfyRegex2.test(v)) bad(s, p, k, "format", {"format":"uri-reference"});  return ''; }
  return other(v, s, p, k, "string");
}
function vfy22(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (!vfyRegex3.test(v)) bad(s, p, k, "format", {"format":"uri-reference"});  return ''; }
  return other(v, s, p, k, "string");
}
function req0(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length, here = k === undefined ? p : { p, k };  
      let o = '[';
      for (let i = 0; i < n; i++) { const t = req1(v[i], i, s, here); o += (i ? ',' : '') + (t === undefined ? req1(null, i, s, here) : t); }
      return o + ']'; }
  return other(v, s, p, k, "array");
}
function req1(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {  const here = k === undefined ? p : { p, k };
      let o = '{', c = 0, has0 = false, has1 = false;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const x = v[key];
        let t;
        switch (key) { case "name": t = req2(x, key, s, here); if (t !== undefined) { has0 = true; o += (c++ ? ",\"name\":" : "\"name\":") + t; } continue; case "notify": t = req3(x, key, s, here); if (t !== undefined) { has1 = true; o += (c++ ? ",\"notify\":" : "\"notify\":") + t; } continue; case "email": t = req4(x, key, s, here); if (t !== undefined) { o += (c++ ? ",\"email\":" : "\"email\":") + t; } continue; case "phones": t = req5(x, key, s, here); if (t !== undefined) { o += (c++ ? ",\"phones\":" : "\"phones\":") + t; } continue; case "comment": t = req7(x, key, s, here); if (t !== undefined) { o += (c++ ? ",\"comment\":" : "\"comment\":") + t; } continue; default: t = extra(x, key, s, here); }
        if (t !== undefined) o += (c++ ? ',' : '') + JSON.stringify(key) + ':' + t;
      }
      if (!has0) bad(s, here, undefined, "required", {"missingProperty":"name"}); if (!has1) bad(s, here, undefined, "required", {"missingProperty":"notify"});  
      return o + '}'; }
  return other(v, s, p, k, "object");
}
function req2(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 250 && len(v) > 250) bad(s, p, k, "maxLength", {"limit":250});  return str(v); }
  return other(v, s, p, k, "string");
}
function req3(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'boolean') {  return v ? 'true' : 'false'; }
  return other(v, s, p, k, "boolean");
}
function req4(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 250 && len(v) > 250) bad(s, p, k, "maxLength", {"limit":250}); if (!reqRegex0.test(v)) bad(s, p, k, "pattern", {"pattern":"^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$"}); if (!reqRegex1.test(v)) bad(s, p, k, "format", {"format":"email"});  return str(v); }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return 'null'; }
  return other(v, s, p, k, ["string","null"]);
}
function req5(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (Array.isArray(v)) {  const n = v.length, here = k === undefined ? p : { p, k }; if (n > 5) bad(s, p, k, "maxItems", {"limit":5}); 
      let o = '[';
      for (let i = 0; i < n; i++) { const t = req6(v[i], i, s, here); o += (i ? ',' : '') + (t === undefined ? req6(null, i, s, here) : t); }
      return o + ']'; }
  return other(v, s, p, k, "array");
}
function req6(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 50 && len(v) > 50) bad(s, p, k, "maxLength", {"limit":50});  return str(v); }
  return other(v, s, p, k, "string");
}
function req7(v, k, s, p) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'string') { if (v.length > 2500 && len(v) > 2500) bad(s, p, k, "maxLength", {"limit":2500});  return str(v); }
  if (v === null || (typeof v === 'number' && !isFinite(v))) {  return 'null'; }
  return other(v, s, p, k, ["string","null"]);
}

/** createContacts's checks. */
export const judges$createContacts = { path: vfy8, header: vfy10, body: req0, items: req1, responses: { "201": vfy11, "400": vfy13, "401": vfy13, "422": vfy13, "429": vfy13, "5XX": vfy13 } };

/** Each operation's checks; an ajv fallback where a schema uses a keyword they do not compile. */
export const checks = {
  "createContacts": judges$createContacts,
};

/** Each operation's request body verdict: what its check finds, with no text written. */
/** createContacts's body verdict. */
export const verdict$createContacts = vfy0;
export const bodyVerdicts = {
  "createContacts": verdict$createContacts,
};

/** Each component schema's verdict, as a request body would carry it. */
export const componentVerdicts = {
  "Contact": vfy1,
  "CreateContactsRequest": vfy0,
  "CreateContactsResult": vfy11,
  "ProblemDetails": vfy20,
};

/** Each webhook payload's verdict. */
export const webhookVerdicts = {

};
