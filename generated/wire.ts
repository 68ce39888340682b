// generated from openapi/ by `npm run generate` — do not edit
// @ts-nocheck -- ajv standalone output; src/engine/validation.ts types its surface.
export const createContacts$path0 = validate53;const schema20 = {"type":"string","minLength":1};const func60 = (function ucs2length(str) {
    const len = str.length;
    let length = 0;
    let pos = 0;
    let value;
    while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 0xd800 && value <= 0xdbff && pos < len) {
            // high surrogate, and there is a next character
            value = str.charCodeAt(pos);
            if ((value & 0xfc00) === 0xdc00)
                pos++; // low surrogate
        }
    }
    return length;
});function validate53(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){let vErrors = null;let errors = 0;const evaluated0 = validate53.evaluated;if(evaluated0.dynamicProps){evaluated0.props = undefined;}if(evaluated0.dynamicItems){evaluated0.items = undefined;}if(typeof data !== "string"){let dataType0 = typeof data;let coerced0 = undefined;if(dataType0 == 'object' && Array.isArray(data) && data.length == 1){data = data[0];dataType0 = typeof data;if(typeof data === "string"){coerced0 = data;}}if(!(coerced0 !== undefined)){if(dataType0 == "number" || dataType0 == "boolean"){coerced0 = "" + data;}else if(data === null){coerced0 = "";}else {const err0 = {instancePath,keyword:"type",params:{type: "string"}};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}}if(coerced0 !== undefined){data = coerced0;if(parentData !== undefined){parentData[parentDataProperty] = coerced0;}}}if(typeof data === "string"){if(func60(data) < 1){const err1 = {instancePath,keyword:"minLength",params:{limit: 1}};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}validate53.errors = vErrors;return errors === 0;}validate53.evaluated = {"dynamicProps":false,"dynamicItems":false};

function params(each) {
  const validate = (data) => {
    const errors = [];
    for (const name in each) {
      const [check, required] = each[name];
      if (!Object.hasOwn(data, name) || data[name] === undefined) {
        if (required) errors.push({ instancePath: '', keyword: 'required', params: { missingProperty: name } });
      } else if (!check(data[name], { instancePath: '/' + name, parentData: data, parentDataProperty: name, rootData: data })) errors.push(...check.errors);
    }
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  };
  return validate;
}
/** Each operation's parameter and form body validators, for values as received (strings, coerced). */
export const wireValidators = {
  "createContacts": { path: /* @__PURE__ */ params({ "companyId": [createContacts$path0, true] }), header: /* @__PURE__ */ params({ "x-session-token": [createContacts$path0, true] }) },
};
